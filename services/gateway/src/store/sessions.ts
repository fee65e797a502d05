import { randomUUID } from 'node:crypto';
import type { Db } from './prisma.js';

export type SpendResult = { status: 'ok'; userId: string; familyId: string } | { status: 'reused'; familyId: string } | { status: 'invalid' };

/** Refresh-token families: issue, spend once, revoke. */
export class SessionStore {
  constructor(private readonly db: Db) {}

  async issue(userId: string, tokenHash: string, ttlDays: number, familyId: string = randomUUID()): Promise<void> {
    await this.db.refreshToken.create({
      data: { userId, familyId, tokenHash, expiresAt: new Date(Date.now() + ttlDays * 86_400_000) },
    });
  }

  /**
   * Marks a token spent. The conditional update is atomic, so of two
   * concurrent refreshes with one token exactly one wins; the other sees reuse.
   */
  async spend(tokenHash: string): Promise<SpendResult> {
    const now = new Date();
    const { count } = await this.db.refreshToken.updateMany({
      where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    const token = await this.db.refreshToken.findUnique({ where: { tokenHash } });
    if (!token) return { status: 'invalid' };
    if (count === 1) return { status: 'ok', userId: token.userId, familyId: token.familyId };
    if (token.expiresAt <= now && !token.usedAt && !token.revokedAt) return { status: 'invalid' };
    return { status: 'reused', familyId: token.familyId };
  }

  async revokeFamily(familyId: string): Promise<number> {
    const { count } = await this.db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    return count;
  }

  async familyOf(tokenHash: string): Promise<string | undefined> {
    const token = await this.db.refreshToken.findUnique({ where: { tokenHash }, select: { familyId: true } });
    return token?.familyId;
  }
}
