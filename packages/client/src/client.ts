import type { Transport, TransportOptions } from './transport.js';
import { RealtimeConnection, type RealtimeOptions } from './realtime.js';
import { SEED_METHODS } from './seed-methods.js';
import type { SeedMethods } from './seed-method-types.js';
import { UploadMethods } from './uploads.js';

/** UploadMethods with every row of the method table as a method of the same name. */
function withSeedMethods(Base: typeof UploadMethods): new (options?: TransportOptions) => UploadMethods & SeedMethods {
  class WithSeedMethods extends Base {}
  for (const [name, spec] of Object.entries(SEED_METHODS)) {
    Object.defineProperty(WithSeedMethods.prototype, name, {
      configurable: true,
      writable: true,
      value(this: WithSeedMethods, ...args: unknown[]) {
        return this.callMethod(spec, args);
      },
    });
  }
  return WithSeedMethods as new (
    options?: TransportOptions,
  ) => UploadMethods & SeedMethods;
}

/**
 * The seed's PaieCashFanAPIClient, typed. Method names and argument orders
 * follow the seed document (003); each one-call method is a row of the
 * method table (seed-methods.ts), typed from the contracts. `call(op, input)`
 * reaches any other operation.
 *
 *   const api = new PaieCashFanAPIClient();   // this page's origin, or http://localhost:3000
 *   const { token } = await api.login('demo@paiecashfan.com', 'demo123');
 *   const { balance } = await api.getWalletBalance();
 */
export class PaieCashFanAPIClient extends withSeedMethods(UploadMethods) {
  /** Revokes the refresh token on the server (every device of this session family) and forgets the session. */
  async logout(): Promise<void> {
    const refreshToken = this.session?.refreshToken;
    this.session = null;
    if (refreshToken) await this.call('auth.logout', { refreshToken });
  }

  /**
   * Opens the realtime WebSocket with the current access token; resolves once
   * the server said `ready`, rejects with an ApiError (the server's status
   * when it refused: 401, 429) otherwise. Messages arrive in `onMessage`,
   * unread counts in `onUnread`; it reconnects and resumes by itself. Call
   * `close()` when done.
   */
  connectRealtime(options: RealtimeOptions = {}): Promise<RealtimeConnection> {
    return RealtimeConnection.open(this.transport as Transport, options);
  }
}
