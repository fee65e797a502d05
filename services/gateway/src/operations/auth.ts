import { auth, DomainError, type Identity, type Role } from '@platform/contracts';
import type { HandlerContext, HandlersOf } from '@platform/service-kit';
import type { z } from 'zod';
import type { GatewayConfig } from '../config.js';
import type { HashingQueue } from '../domain/hashing-queue.js';
import type { PasswordHasher } from '../domain/password.js';
import { hashRefreshToken, newRefreshToken } from '../domain/refresh-token.js';
import { tooManyRequests } from '../http/rate-limit.js';
import type { ClubDirectory } from '../store/club-directory.js';
import type { LoginFailures } from '../store/login-failures.js';
import type { RegistrationKeys } from '../store/registration-keys.js';
import type { SessionStore } from '../store/sessions.js';
import type { UserRecord, UserStore } from '../store/users.js';

type Session = z.output<typeof auth.login.output>;
export type SignAccessToken = (claims: { sub: string; role: string; email: string; typ: 'access' }) => string;

/** Time a registration keeps in hand after hashing, for the two inserts and the answer. */
const CREATE_ACCOUNT_MARGIN_MS = 2_000;
/** Time a login keeps in hand after checking the password, for the session insert and the answer. */
const OPEN_SESSION_MARGIN_MS = 1_000;

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

export interface AuthDeps {
  users: UserStore;
  sessions: SessionStore;
  sign: SignAccessToken;
  config: GatewayConfig;
  /** Every password hash and check waits its turn here (503 at once when the line is too long). */
  hashing: HashingQueue;
  passwords: PasswordHasher;
  loginFailures: LoginFailures;
  registrationKeys: RegistrationKeys;
  clubs: ClubDirectory;
}

export function authHandlers(deps: AuthDeps) {
  const { users, sessions, sign, config, hashing, passwords, loginFailures, registrationKeys, clubs } = deps;
  const checkPassword = async (password: string, user: UserRecord | undefined | null, ctx: HandlerContext) => {
    const check = await hashing.run(() => passwords.check(password, user?.passwordHash ?? passwords.unknownUserHash), {
      signal: ctx.signal,
      deadline: ctx.deadline,
      reserveMs: OPEN_SESSION_MARGIN_MS,
    });
    if (user && check.valid && check.outdated) upgradeHash(user, password, ctx);
    return Boolean(user) && check.valid;
  };

  /**
   * A hash made at an older, weaker cost is replaced once its password is
   * known to be right, but only when a hash slot is free at once (on a busy
   * match day the sign-in comes first, and the upgrade waits for a later one),
   * and beside the sign-in, not in its way: a new hash costs about 0.3 s of
   * CPU, and awaited in the request it pushed a sign-in on a loaded machine
   * past its deadline (a 504 in the full suite). If the process stops first,
   * the next sign-in tries again.
   */
  function upgradeHash(user: UserRecord, password: string, ctx: HandlerContext): void {
    if (hashing.expectedWaitMs() > 0) return;
    void hashing
      .run(() => passwords.hash(password))
      .then((upgraded) => users.replacePasswordHash(user.id, upgraded))
      .then(
        () => ctx.log.info({ userId: user.id }, 'password hash upgraded to the current cost'),
        (error: unknown) => ctx.log.info({ userId: user.id, err: error }, 'password hash upgrade skipped; the next sign-in tries again'),
      );
  }

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

  /**
   * A retry of a registration that did create the account (its caller timed
   * out, say): same email, same password, same Idempotency-Key gets the
   * account back, with a session, as 201. Anything else stays a 409.
   */
  async function replayRegistration(input: { email: string; password: string }, ctx: HandlerContext): Promise<Session | undefined> {
    if (!ctx.idempotencyKey || !(await registrationKeys.matches(input.email, ctx.idempotencyKey))) return undefined;
    const user = await users.findByEmail(input.email);
    if (!user || !(await checkPassword(input.password, user, ctx))) return undefined;
    ctx.log.info({ userId: user.id }, 'registration replayed with its Idempotency-Key');
    return openSession(user);
  }

  return {
    [auth.register.name]: async (input, ctx) => {
      if (!(await clubs.exists(input.clubId))) {
        throw new DomainError('VALIDATION_FAILED', 'clubId: no club has this id (see GET /api/shop/clubs)', { field: 'clubId' });
      }
      const replayed = await replayRegistration(input, ctx);
      if (replayed) return replayed;
      const passwordHash = await hashing.run(() => passwords.hash(input.password), {
        signal: ctx.signal,
        deadline: ctx.deadline,
        reserveMs: CREATE_ACCOUNT_MARGIN_MS,
      });
      // Too little time left to create the account and answer before the deadline: say so now, create nothing.
      if (ctx.deadline - Date.now() < CREATE_ACCOUNT_MARGIN_MS) {
        throw new DomainError('SERVICE_UNAVAILABLE', 'Too many sign-ups at this moment; retry in 1 s', { retryAfter: 1 });
      }
      // The key is written before the account, so a retry can prove it whatever happens after the insert.
      if (ctx.idempotencyKey) await registrationKeys.remember(input.email, ctx.idempotencyKey);
      try {
        return openSession(await users.create({ email: input.email, name: input.name, clubId: input.clubId, passwordHash }));
      } catch (error) {
        // A retry that raced its own first attempt: that attempt has now created the account.
        const replayedAfterRace = error instanceof DomainError && error.code === 'CONFLICT' ? await replayRegistration(input, ctx) : undefined;
        if (replayedAfterRace) return replayedAfterRace;
        throw error;
      }
    },

    [auth.login.name]: async (input, ctx) => {
      const lockedForMs = await loginFailures.lockedFor(input.email);
      if (lockedForMs > 0) {
        ctx.log.info({ ip: ctx.ip }, 'login refused: too many wrong passwords for this account');
        throw tooManyRequests('for this account: too many wrong passwords', loginFailures.max, loginFailures.windowMs, lockedForMs);
      }
      const user = await users.findByEmail(input.email);
      const valid = await checkPassword(input.password, user, ctx);
      if (!user || !valid) {
        ctx.log.info({ ip: ctx.ip }, 'failed login');
        await loginFailures.record(input.email);
        throw invalidCredentials();
      }
      return openSession(user);
    },

    [auth.refresh.name]: async (input, ctx) => {
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
    },

    [auth.logout.name]: async (input) => {
      const familyId = await sessions.familyOf(hashRefreshToken(input.refreshToken));
      if (familyId) await sessions.revokeFamily(familyId);
      return { success: true as const };
    },

    [auth.me.name]: async (_input, ctx) => {
      const user = await users.findById((ctx.user as Identity).id);
      if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
      return toPublicUser(user);
    },
  } satisfies HandlersOf<'gateway'>;
}
