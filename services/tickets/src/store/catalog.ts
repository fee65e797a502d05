import { withSchemaTransaction } from '@platform/service-kit';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@platform/contracts';
import type { Pool } from 'pg';
import type { CategoryRecord, EventRecord } from '../domain/views.js';
import { decodeTimeCursor } from './keyset.js';
import type { Db } from './prisma.js';

export type EventWithCategories = EventRecord & { categories: CategoryRecord[] };

export interface NewCategory {
  code: string;
  name: string;
  priceMinor: number;
  capacity: number;
}

export interface NewEvent {
  id?: string;
  clubId: string;
  title: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  categories: NewCategory[];
}

const categoriesInOrder = { categories: { orderBy: [{ position: 'asc' as const }, { code: 'asc' as const }] } };

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002' || (error as { code?: string })?.code === '23505';

/** Events and their categories: reads through Prisma, capacity changes as single conditional SQL updates. */
export class Catalog {
  constructor(
    private readonly db: Db,
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /** Events not over yet, soonest first; keyset pages on (startsAt, id). */
  async upcoming(options: { clubId?: string; limit: number; cursor?: string; now: Date }): Promise<EventWithCategories[]> {
    const after = decodeTimeCursor(options.cursor);
    return this.db.event.findMany({
      where: {
        endsAt: { gt: options.now },
        ...(options.clubId ? { clubId: options.clubId } : {}),
        ...(after ? { OR: [{ startsAt: { gt: after.at } }, { startsAt: after.at, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: options.limit + 1,
      include: categoriesInOrder,
    });
  }

  async find(id: string): Promise<EventWithCategories | undefined> {
    return (await this.db.event.findUnique({ where: { id }, include: categoriesInOrder })) ?? undefined;
  }

  async get(id: string): Promise<EventWithCategories> {
    const event = await this.find(id);
    if (!event) throw eventNotFound(id);
    return event;
  }

  async create(event: NewEvent): Promise<EventWithCategories> {
    try {
      return await this.db.event.create({
        data: {
          id: event.id ?? randomUUID(),
          clubId: event.clubId,
          title: event.title,
          venue: event.venue,
          startsAt: event.startsAt,
          endsAt: event.endsAt,
          categories: { create: event.categories.map((category, position) => ({ ...categoryRow(category), position })) },
        },
        include: categoriesInOrder,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `id: an event with id ${event.id} already exists`, { field: 'id' });
      throw error;
    }
  }

  async addCategory(eventId: string, category: NewCategory): Promise<EventWithCategories> {
    const event = await this.get(eventId);
    try {
      await this.db.ticketCategory.create({ data: { eventId, ...categoryRow(category), position: event.categories.length } });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `code: event ${eventId} already has a category ${category.code}`, { field: 'code' });
      throw error;
    }
    return this.get(eventId);
  }

  /**
   * New price and/or capacity. Capacity moves seats_left by the same delta in
   * one statement, under the row lock the reserve step also takes, so a sale
   * racing the change is counted exactly once; it cannot drop below the seats sold.
   */
  async updateCategory(eventId: string, code: string, change: { priceMinor?: number; capacity?: number }): Promise<EventWithCategories> {
    await withSchemaTransaction(this.pool, this.schema, async (tx) => {
      const { rows } = await tx.query<{ sold: number; capacity: number }>(
        'SELECT capacity - seats_left AS sold, capacity FROM ticket_categories WHERE event_id = $1 AND code = $2 FOR UPDATE',
        [eventId, code],
      );
      if (!rows[0]) throw await this.missingCategory(eventId, code);
      if (change.capacity !== undefined && change.capacity < rows[0].sold) {
        throw new DomainError('CONFLICT', `capacity: ${rows[0].sold} seats are already sold`, { field: 'capacity', details: { sold: rows[0].sold } });
      }
      await tx.query(
        `UPDATE ticket_categories
            SET price_minor = COALESCE($3, price_minor),
                seats_left = seats_left + (COALESCE($4, capacity) - capacity),
                capacity = COALESCE($4, capacity),
                updated_at = now()
          WHERE event_id = $1 AND code = $2`,
        [eventId, code, change.priceMinor ?? null, change.capacity ?? null],
      );
    });
    return this.get(eventId);
  }

  private async missingCategory(eventId: string, code: string): Promise<DomainError> {
    if (!(await this.find(eventId))) return eventNotFound(eventId);
    return categoryNotFound(eventId, code);
  }
}

const categoryRow = (category: NewCategory) => ({
  code: category.code,
  name: category.name,
  priceMinor: category.priceMinor,
  capacity: category.capacity,
  seatsLeft: category.capacity,
});

export const eventNotFound = (eventId: string) => new DomainError('NOT_FOUND', `eventId: no event ${eventId}`, { field: 'eventId' });
export const categoryNotFound = (eventId: string, code: string) =>
  new DomainError('NOT_FOUND', `category: event ${eventId} has no category ${code}`, { field: 'category' });
