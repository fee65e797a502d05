import { formatActivationCode, generateMatchingId } from '../domain/activation-code.js';
import { generateIccid } from '../domain/iccid.js';

/**
 * Where eSIM profiles come from. A real supplier (an MNO or an eSIM
 * aggregator with an SM-DP+ server) plugs in by implementing this interface
 * and being returned by createEsimProvider() for its ESIM_PROVIDER name.
 *
 * The saga calls issueProfile() after the user was charged, outside any
 * database transaction (docs/checkout.md, `prepare`). It can be called again
 * for the same order after a crash or a timeout, so a real implementation
 * must pass `order.reference` to the supplier as its idempotency key / client
 * reference and get the same profile back, never a second one.
 */
export interface EsimProvider {
  readonly name: string;
  issueProfile(order: ProfileOrder): Promise<IssuedProfile>;
}

export interface ProfileOrder {
  /** Our order id: unique per purchase, stable across retries. */
  reference: string;
  userId: string;
  plan: { id: string; name: string; dataMb: number; validityDays: number; countries: string[] };
}

export interface IssuedProfile {
  iccid: string;
  smdpAddress: string;
  matchingId: string;
  /** LPA:1$<smdpAddress>$<matchingId> */
  activationCode: string;
}

/**
 * A supplier's refusal. `permanent`: it will never issue this order (the
 * saga refunds the user); otherwise the purchase stays pending and is retried.
 */
export class EsimProviderError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'EsimProviderError';
  }
}

/**
 * Development provider: issues well-formed profiles locally (ICCID with a
 * valid Luhn digit, random matching id, the configured SM-DP+ host). No
 * phone can download them: there is no SM-DP+ server behind the host.
 */
export class DevEsimProvider implements EsimProvider {
  readonly name = 'development';

  constructor(private readonly options: { smdpHost: string }) {}

  async issueProfile(): Promise<IssuedProfile> {
    const matchingId = generateMatchingId();
    return { iccid: generateIccid(), smdpAddress: this.options.smdpHost, matchingId, activationCode: formatActivationCode(this.options.smdpHost, matchingId) };
  }
}

/** No supplier configured: activation is refused with 503 before anyone is charged. */
export class DisabledEsimProvider implements EsimProvider {
  readonly name = 'disabled';

  async issueProfile(): Promise<IssuedProfile> {
    throw new EsimProviderError('no eSIM provider is configured', false);
  }
}

export type EsimProviderName = 'development' | 'disabled';

export function createEsimProvider(name: EsimProviderName, options: { smdpHost: string }): EsimProvider {
  return name === 'development' ? new DevEsimProvider(options) : new DisabledEsimProvider();
}
