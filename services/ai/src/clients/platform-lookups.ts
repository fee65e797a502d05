import type { NatsConnection } from '@nats-io/transport-node';
import { auth, DomainError, type RequestContext, wallet } from '@platform/contracts';
import { callOperation, type Logger } from '@platform/service-kit';

/** A refusal or an outage of the other service is expected here: its code says enough, without a stack. */
const reasonOf = (err: unknown) => (err instanceof DomainError ? { code: err.code, message: err.message } : { err });

/**
 * What the AI asks other services at request time, over their internal
 * operations (it reads no other service's tables). Both answers are optional
 * to the response: when the other service is down or slow, the answer goes
 * out without them (and says so) rather than failing.
 */
export class PlatformLookups {
  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** The club the fan registered with (gateway.findUser); undefined when unknown or unreachable. */
  async registeredClub(userId: string, parent: Pick<RequestContext, 'requestId' | 'deadline'>): Promise<string | null | undefined> {
    try {
      const user = await callOperation(this.nc, this.namespace, auth.findUser, { id: userId }, { parent, timeoutMs: this.timeoutMs });
      return user.clubId;
    } catch (err) {
      this.logger.warn({ ...reasonOf(err), requestId: parent.requestId }, 'fan club lookup failed; ranking without it');
      return undefined;
    }
  }

  /** The fan's balance in minor units (wallet.balance); undefined when the wallet cannot answer. */
  async balanceMinor(userId: string, parent: Pick<RequestContext, 'requestId' | 'deadline'>): Promise<number | undefined> {
    try {
      const balance = await callOperation(this.nc, this.namespace, wallet.balance, { userId }, { parent, timeoutMs: this.timeoutMs });
      return balance.balanceMinor;
    } catch (err) {
      this.logger.warn({ ...reasonOf(err), requestId: parent.requestId }, 'wallet balance lookup failed; answering without it');
      return undefined;
    }
  }
}
