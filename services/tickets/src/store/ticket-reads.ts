import type { TicketRecord } from '../domain/views.js';
import { decodeTimeCursor } from './keyset.js';
import type { Db } from './prisma.js';

const withEventAndCategory = { event: true, category: { select: { code: true, name: true } } } as const;

/** Reads of issued tickets, always scoped to what the caller may see. */
export class TicketReads {
  constructor(private readonly db: Db) {}

  /** A holder's tickets, newest first; keyset pages on (createdAt, id). */
  async byHolder(userId: string, limit: number, cursor: string | undefined): Promise<TicketRecord[]> {
    const after = decodeTimeCursor(cursor);
    return this.db.ticket.findMany({
      where: { userId, ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      include: withEventAndCategory,
    });
  }

  /** The ticket if `userId` holds it; someone else's ticket is as absent as an unknown one. */
  async forHolder(id: string, userId: string): Promise<TicketRecord | undefined> {
    return (await this.db.ticket.findFirst({ where: { id, userId }, include: withEventAndCategory })) ?? undefined;
  }

  async byId(id: string): Promise<TicketRecord | undefined> {
    return (await this.db.ticket.findUnique({ where: { id }, include: withEventAndCategory })) ?? undefined;
  }
}
