import type { Operation, OutputOf, RawInputOf } from '@platform/contracts';
import { type CallOptions, type Session, Transport, type TransportOptions } from './transport.js';

/**
 * What every group of client methods builds on: the transport, the session,
 * and `call(op, input)`, which reaches any contract operation.
 */
export class ApiBase {
  readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  /** Any contract operation, e.g. `client.call(shop.createProduct, {...})` for admin tools. */
  call<Op extends Operation>(op: Op, input: RawInputOf<Op>, options?: CallOptions): Promise<OutputOf<Op>> {
    return this.transport.call(op, input, options);
  }

  get session(): Session | null {
    return this.transport.getSession();
  }

  set session(session: Session | null) {
    this.transport.setSession(session);
  }
}

/** A class built on ApiBase, for the mixins in ./methods (each adds one area's methods). */
export type ApiBaseClass = new (...args: any[]) => ApiBase;

/** Options of calls that create or charge: reuse `idempotencyKey` to retry one safely. */
export interface WriteOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}
