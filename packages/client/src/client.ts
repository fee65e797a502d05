import { auth, system, type Operation, type OutputOf, type RawInputOf } from '@platform/contracts';
import { type CallOptions, type Session, Transport, type TransportOptions } from './transport.js';

/**
 * The seed's PaieCashFanAPIClient, typed. Method names and argument orders
 * follow the seed document; every method is a thin call to a contract
 * operation, and `call(op, input)` reaches any other operation.
 */
export class PaieCashFanAPIClient {
  readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  /** Any contract operation, e.g. `client.call(bookings.createReservation, {...})`. */
  call<Op extends Operation>(op: Op, input: RawInputOf<Op>, options?: CallOptions): Promise<OutputOf<Op>> {
    return this.transport.call(op, input, options);
  }

  get session(): Session | null {
    return this.transport.getSession();
  }

  set session(session: Session | null) {
    this.transport.setSession(session);
  }

  // --- auth ------------------------------------------------------------------
  async register(email: string, password: string, name: string, clubId: string) {
    return this.keepSession(await this.call(auth.register, { email, password, name, clubId }));
  }

  async login(email: string, password: string) {
    return this.keepSession(await this.call(auth.login, { email, password }));
  }

  async logout() {
    const refreshToken = this.session?.refreshToken;
    this.session = null;
    if (refreshToken) await this.call(auth.logout, { refreshToken });
  }

  me() {
    return this.call(auth.me, {});
  }

  // --- system ----------------------------------------------------------------
  health() {
    return this.call(system.health, {});
  }

  stats() {
    return this.call(system.stats, {});
  }

  private keepSession<T extends Session>(session: T): T {
    this.session = { token: session.token, refreshToken: session.refreshToken };
    return session;
  }
}
