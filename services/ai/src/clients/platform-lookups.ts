import type { NatsConnection } from '@nats-io/transport-node';
import { DomainError, type RequestContext, wallet } from '@platform/contracts';
import { callOperation, type Logger, type UserReadModel } from '@platform/service-kit';

/** A refusal or an outage of the other service is expected here: its code says enough, without a stack. */
const reasonOf = (err: unknown) => (err instanceof DomainError ? { code: err.code, message: err.message } : { err });

/**
 * What the AI needs from elsewhere at request time: the fan's club from the
 * local user read model (the gateway's user events, docs/decisions/0975), the
 * balance over the wallet's internal operation (it reads no other service's
 * tables). Both answers are optional to the response: when either cannot
 * answer, the answer goes out without them (and says so) rather than failing.
 */
export class PlatformLookups {
  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly users: UserReadModel,
  ) {}

  /** The club the fan registered with; undefined when the read model does not know the fan or cannot be read. */
  async registeredClub(userId: string, parent: Pick<RequestContext, 'requestId' | 'deadline'>): Promise<string | null | undefined> {
    try {
      const user = await this.users.find({ id: userId }, parent);
      return user ? user.clubId : undefined;
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
