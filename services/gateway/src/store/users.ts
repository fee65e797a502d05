import { DomainError } from '@platform/contracts';
import { Prisma } from './generated/client.js';
import type { Db } from './prisma.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  clubId: string | null;
  role: string;
  passwordHash: string;
  createdAt: Date;
}

export class UserStore {
  constructor(private readonly db: Db) {}

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.db.user.findUnique({ where: { email } });
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.db.user.findUnique({ where: { id } });
  }

  async create(user: { email: string; name: string; clubId: string | null; passwordHash: string; role?: string }): Promise<UserRecord> {
    try {
      return await this.db.user.create({ data: { ...user, role: user.role ?? 'user' } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError('CONFLICT', 'email: an account with this email already exists', { field: 'email', details: { field: 'email' } });
      }
      throw error;
    }
  }

  /** Creates or updates a seeded account (admin from ADMIN_EMAIL, demo users). */
  upsert(user: { id?: string; email: string; name: string; clubId: string | null; passwordHash: string; role: string }): Promise<UserRecord> {
    return this.db.user.upsert({ where: { email: user.email }, create: user, update: { role: user.role, passwordHash: user.passwordHash, name: user.name } });
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
