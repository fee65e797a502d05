import { auth, system } from '@platform/contracts';
import type { ApiBaseClass } from '../api-base.js';
import type { Session } from '../transport.js';

/** Sign-up, sign-in and the system routes (seed 003: register, login, health, stats). */
export function withAuth<Base extends ApiBaseClass>(Base: Base) {
  return class AuthMethods extends Base {
    async register(email: string, password: string, name: string, clubId: string) {
      return this.keepSession(await this.call(auth.register, { email, password, name, clubId }));
    }

    async login(email: string, password: string) {
      return this.keepSession(await this.call(auth.login, { email, password }));
    }

    /** Revokes the refresh token on the server (every device of this session family) and forgets the session. */
    async logout() {
      const refreshToken = this.session?.refreshToken;
      this.session = null;
      if (refreshToken) await this.call(auth.logout, { refreshToken });
    }

    me() {
      return this.call(auth.me, {});
    }

    health() {
      return this.call(system.health, {});
    }

    stats() {
      return this.call(system.stats, {});
    }

    keepSession<T extends Session>(session: T): T {
      this.session = { token: session.token, refreshToken: session.refreshToken };
      return session;
    }
  };
}
