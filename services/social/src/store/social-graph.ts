import type { Db } from './prisma.js';

export type TargetKind = 'user' | 'club';

export interface FollowRecord {
  kind: TargetKind;
  id: string;
  since: Date;
}

export interface FollowKey {
  since: Date;
  kind: string;
  id: string;
}

/** Follows and per-user settings, through Prisma. */
export class SocialGraph {
  constructor(private readonly db: Db) {}

  /** Idempotent: following twice keeps the first date. */
  async follow(followerId: string, kind: TargetKind, targetId: string): Promise<FollowRecord> {
    const row = await this.db.follow.upsert({
      where: { followerId_targetKind_targetId: { followerId, targetKind: kind, targetId } },
      create: { followerId, targetKind: kind, targetId },
      update: {},
    });
    return { kind, id: row.targetId, since: row.createdAt };
  }

  async unfollow(followerId: string, kind: TargetKind, targetId: string): Promise<void> {
    await this.db.follow.deleteMany({ where: { followerId, targetKind: kind, targetId } });
  }

  /** Most recent first; keyset on (since, kind, id), fetching limit + 1 rows. */
  async following(followerId: string, limit: number, after?: FollowKey): Promise<FollowRecord[]> {
    const rows = await this.db.follow.findMany({
      where: {
        followerId,
        ...(after
          ? {
              OR: [
                { createdAt: { lt: after.since } },
                { createdAt: after.since, targetKind: { lt: after.kind } },
                { createdAt: after.since, targetKind: after.kind, targetId: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { targetKind: 'desc' }, { targetId: 'desc' }],
      take: limit + 1,
    });
    return rows.map((row) => ({ kind: row.targetKind as TargetKind, id: row.targetId, since: row.createdAt }));
  }

  async sharesActivity(userId: string): Promise<boolean> {
    const row = await this.db.socialSetting.findUnique({ where: { userId } });
    return row?.shareActivity ?? false;
  }

  async setShareActivity(userId: string, shareActivity: boolean): Promise<boolean> {
    const row = await this.db.socialSetting.upsert({
      where: { userId },
      create: { userId, shareActivity },
      update: { shareActivity, updatedAt: new Date() },
    });
    return row.shareActivity;
  }
}
