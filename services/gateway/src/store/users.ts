import { auth, DomainError, type EventEnvelope } from '@platform/contracts';
import { outboxInsert } from '@platform/service-kit';
import { Prisma } from './generated/client.js';
import type { Db } from './prisma.js';

type Tx = Prisma.TransactionClient;
/** Prisma's defaults (2 s to get a connection, 5 s in all) would turn a busy moment into a 500 that a plain insert never had. */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 };
type UserEvent = typeof auth.userRegistered | typeof auth.userUpdated;
/** Publishes an event at once (the outbox relay publishes it again; JetStream drops the copy by its id). */
export type PublishNow = (envelope: EventEnvelope) => Promise<void>;

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  clubId: string | null;
  role: string;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The accounts. Every write of a fact other services keep (email, name, club)
 * writes its user event to the outbox in the same transaction
 * (docs/decisions/0975); `publishNow`, when given, publishes it right after the
 * commit, so a sign-up's event is in the stream before its 201 leaves.
 */
export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly schema: string,
    private readonly publishNow?: PublishNow,
  ) {}

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.db.user.findUnique({ where: { email } });
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.db.user.findUnique({ where: { id } });
  }

  async create(user: { email: string; name: string; clubId: string | null; passwordHash: string; role?: string }): Promise<UserRecord> {
    try {
      return await this.writeWithEvent(async (tx) => {
        const created = await tx.user.create({ data: { ...user, role: user.role ?? 'user' } });
        return { user: created, event: auth.userRegistered };
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError('CONFLICT', 'email: an account with this email already exists', { field: 'email', details: { field: 'email' } });
      }
      throw error;
    }
  }

  /** Creates or updates a seeded account (admin from ADMIN_EMAIL, demo users). */
  upsert(user: { id?: string; email: string; name: string; clubId: string | null; passwordHash: string; role: string }): Promise<UserRecord> {
    return this.writeWithEvent(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: user.email }, select: { id: true } });
      if (!existing) return { user: await tx.user.create({ data: user }), event: auth.userRegistered };
      const updated = await tx.user.update({ where: { email: user.email }, data: { role: user.role, passwordHash: user.passwordHash, name: user.name } });
      return { user: updated, event: auth.userUpdated };
    });
  }

  /** Runs one account write and inserts its event in the same transaction, then publishes the event at once. */
  private async writeWithEvent(write: (tx: Tx) => Promise<{ user: UserRecord; event: UserEvent }>): Promise<UserRecord> {
    const { user, envelope } = await this.db.$transaction(async (tx) => {
      const written = await write(tx);
      const facts = {
        userId: written.user.id,
        email: written.user.email,
        name: written.user.name,
        clubId: written.user.clubId,
        updatedAt: written.user.updatedAt.toISOString(),
      };
      const insert = outboxInsert(written.event, facts, undefined, this.schema);
      await tx.$executeRawUnsafe(insert.sql, ...insert.values);
      return { user: written.user, envelope: insert.envelope };
    }, TRANSACTION_LIMITS);
    await this.publishNow?.(envelope);
    return user;
  }

  /** Replaces a hash made at an older cost, once its password has been checked. */
  async replacePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.user.update({ where: { id }, data: { passwordHash } });
  }

  setRole(id: string, role: string): Promise<UserRecord | null> {
    return this.db.user.update({ where: { id }, data: { role } }).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return null;
      throw error;
    });
  }

  count(): Promise<number> {
    return this.db.user.count();
  }

  page(limit: number, after?: { createdAt: Date; id: string }): Promise<UserRecord[]> {
    return listUsersPage(this.db, limit, after);
  }
}

/** Keyset page over (createdAt desc, id desc). */
export async function listUsersPage(db: Db, limit: number, after?: { createdAt: Date; id: string }): Promise<UserRecord[]> {
  return db.user.findMany({
    where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : undefined,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
}
