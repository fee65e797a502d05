import { auth, notFound } from '@platform/contracts';
import { decodeCursor, pageOf, type HandlersOf } from '@platform/service-kit';
import type { UserStore } from '../store/users.js';
import { toPublicUser } from './auth.js';

export function userAdminHandlers(deps: { users: UserStore }) {
  return {
    [auth.listUsers.name]: async (input) => {
      const key = decodeCursor(input.cursor, 2);
      const after = key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined;
      const rows = await deps.users.page(input.limit, after);
      const page = pageOf(rows, input.limit, (u) => [u.createdAt.toISOString(), u.id]);
      return { users: page.items.map(toPublicUser), nextCursor: page.nextCursor };
    },

    // The role is read at sign-in: the account's next access token carries it (tokens live ACCESS_TOKEN_TTL_SECONDS).
    [auth.setUserRole.name]: async (input, ctx) => {
      const user = await deps.users.setRole(input.id, input.role);
      if (!user) throw notFound('User');
      ctx.log.info({ userId: user.id, role: input.role, by: ctx.user?.id }, 'account role changed');
      return toPublicUser(user);
    },

    [auth.findUser.name]: async (input) => {
      const user = input.id ? await deps.users.findById(input.id) : await deps.users.findByEmail(input.email!);
      if (!user) throw notFound('User');
      return toPublicUser(user);
    },
  } satisfies HandlersOf<'gateway'>;
}
