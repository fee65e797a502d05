import { auth, DomainError, type Identity, type Role } from '@platform/contracts';
import type { Service } from '@platform/service-kit';
import type { z } from 'zod';
import type { GatewayConfig } from '../config.js';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../domain/password.js';
import { hashRefreshToken, newRefreshToken } from '../domain/refresh-token.js';
import type { SessionStore } from '../store/sessions.js';
import type { UserRecord, UserStore } from '../store/users.js';

type Session = z.output<typeof auth.login.output>;
export type SignAccessToken = (claims: { sub: string; role: string; email: string; typ: 'access' }) => string;

const invalidCredentials = () => new DomainError('UNAUTHENTICATED', 'Email or password is incorrect');
const invalidRefresh = () => new DomainError('UNAUTHENTICATED', 'The refresh token is invalid, expired or revoked; sign in again');

const roleOf = (role: string): Role => (role === 'admin' || role === 'staff' ? role : 'user');

export function toPublicUser(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    clubId: user.clubId,
    role: roleOf(user.role),
    createdAt: user.createdAt.toISOString(),
  };
}

export function registerAuthOperations(
  service: Service,
  deps: { users: UserStore; sessions: SessionStore; sign: SignAccessToken; config: GatewayConfig },
): void {
  const { users, sessions, sign, config } = deps;

  async function openSession(user: UserRecord, familyId?: string): Promise<Session> {
    const refresh = newRefreshToken();
    await sessions.issue(user.id, refresh.hash, config.REFRESH_TOKEN_TTL_DAYS, familyId);
    return {
      token: sign({ sub: user.id, role: user.role, email: user.email, typ: 'access' }),
      refreshToken: refresh.token,
      expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
      user: toPublicUser(user),
    };
  }

  service.handle(auth.register, async (input) => {
    const user = await users.create({
      email: input.email,
      name: input.name,
      clubId: input.clubId,
      passwordHash: await hashPassword(input.password),
    });
    return openSession(user);
  });

  service.handle(auth.login, async (input, ctx) => {
    const user = await users.findByEmail(input.email);
    const valid = await verifyPassword(input.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !valid) {
      ctx.log.info({ ip: ctx.ip }, 'failed login');
      throw invalidCredentials();
    }
    return openSession(user);
  });

  service.handle(auth.refresh, async (input, ctx) => {
    const spent = await sessions.spend(hashRefreshToken(input.refreshToken));
    if (spent.status === 'reused') {
      const revoked = await sessions.revokeFamily(spent.familyId);
      ctx.log.warn({ familyId: spent.familyId, revoked }, 'refresh token reused; session family revoked');
      throw invalidRefresh();
    }
    if (spent.status === 'invalid') throw invalidRefresh();
    const user = await users.findById(spent.userId);
    if (!user) throw invalidRefresh();
    return openSession(user, spent.familyId);
  });

  service.handle(auth.logout, async (input) => {
    const familyId = await sessions.familyOf(hashRefreshToken(input.refreshToken));
    if (familyId) await sessions.revokeFamily(familyId);
    return { success: true as const };
  });

  service.handle(auth.me, async (_input, ctx) => {
    const user = await users.findById((ctx.user as Identity).id);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
    return toPublicUser(user);
  });
}
