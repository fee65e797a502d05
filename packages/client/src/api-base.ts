import type { InputAt, Operation, OperationKey, OutputAt, OutputOf, RawInputOf } from './operations.js';
import { ROUTES } from './generated/routes.js';
import type { MethodSpec } from './seed-methods.js';
import { type CallOptions, type Session, Transport, type TransportOptions } from './transport.js';

/** The trailing-object keys that are call options rather than input fields. */
const CALL_OPTION_KEYS = ['idempotencyKey', 'accept', 'signal'] as const;

/**
 * What every client method builds on: the transport, the session, and
 * `call(op, input)`, which reaches any routed contract operation.
 */
export class ApiBase {
  readonly transport: Transport;

  constructor(options: TransportOptions = {}) {
    this.transport = new Transport(options);
  }

  /**
   * Any routed operation, by its key (`api.call('shop.createProduct', {...})`)
   * or by the contract itself where @platform/contracts is at hand
   * (`api.call(shop.createProduct, {...})`).
   */
  call<K extends OperationKey>(op: K, input: InputAt<K>, options?: CallOptions): Promise<OutputAt<K>>;
  call<Op extends Operation>(op: Op, input: RawInputOf<Op>, options?: CallOptions): Promise<OutputOf<Op>>;
  call(op: OperationKey | Operation, input: unknown, options?: CallOptions): Promise<unknown> {
    const route = typeof op === 'string' ? ROUTES[op] : op;
    return this.transport.call(route, (input ?? {}) as Record<string, unknown>, options);
  }

  get session(): Session | null {
    return this.transport.getSession();
  }

  set session(session: Session | null) {
    this.transport.setSession(session);
  }

  /** Calls one row of the method table (seed-methods.ts) with a method's arguments. */
  protected async callMethod(spec: MethodSpec, args: unknown[]): Promise<unknown> {
    const names = spec.args ?? [];
    const trailing = { ...((args[names.length] ?? {}) as Record<string, unknown>) };
    const options: Record<string, unknown> = {};
    for (const key of CALL_OPTION_KEYS) {
      if (key in trailing) options[key] = trailing[key];
      delete trailing[key];
    }
    let input: Record<string, unknown> = trailing;
    names.forEach((name, at) => {
      const value = args[at];
      if (value !== undefined && value !== null && value !== '') input[name] = value;
    });
    if (spec.prepare) input = spec.prepare(input);
    const output = await this.transport.call(ROUTES[spec.op], input, options as CallOptions);
    if (spec.session) {
      const { token, refreshToken } = output as Session;
      this.session = { token, refreshToken };
    }
    return output;
  }
}

/** Options of calls that create or charge: reuse `idempotencyKey` to retry one safely. */
export interface WriteOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}
