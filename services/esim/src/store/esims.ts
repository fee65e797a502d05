import type { EsimRecord } from '../domain/views.js';
import type { Db } from './prisma.js';

type EsimRow = Awaited<ReturnType<Db['esim']['findFirstOrThrow']>> & { plan: { description: string | null; active: boolean } };

const toRecord = (row: EsimRow): EsimRecord => ({
  purchaseId: row.purchaseId,
  userId: row.userId,
  planId: row.planId,
  planName: row.planName,
  planDescription: row.plan.description,
  planActive: row.plan.active,
  dataMb: row.dataMb,
  validityDays: row.validityDays,
  countries: row.countries,
  priceMinor: Number(row.priceMinor),
  iccid: row.iccid,
  smdpAddress: row.smdpAddress,
  matchingId: row.matchingId,
  activationCode: row.activationCode,
  activatedAt: row.activatedAt,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
});

const withPlan = { plan: { select: { description: true, active: true } } } as const;

/** Reads of bought eSIMs. Writes happen in the activation saga's hooks. */
export class EsimStore {
  constructor(private readonly db: Db) {}

  async find(purchaseId: string): Promise<EsimRecord | undefined> {
    const row = await this.db.esim.findUnique({ where: { purchaseId }, include: withPlan });
    return row ? toRecord(row) : undefined;
  }

  /** A user's eSIMs that are paid and not expired, newest first. Paid is when activated_at is set (the confirm transaction sets it). */
  async activeFor(userId: string, now: Date): Promise<EsimRecord[]> {
    const rows = await this.db.esim.findMany({
      where: { userId, activatedAt: { not: null }, expiresAt: { gt: now } },
      orderBy: [{ activatedAt: 'desc' }, { purchaseId: 'asc' }],
      include: withPlan,
    });
    return rows.map(toRecord);
  }
}
