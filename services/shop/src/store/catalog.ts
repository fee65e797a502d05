import { DomainError } from '@platform/contracts';
import { decodeCursor, pageOf, withSchemaTransaction } from '@platform/service-kit';
import type pg from 'pg';
import type { ProductOnSale } from '../domain/cart-pricing.js';
import type { Db } from './prisma.js';

type ProductRow = { id: string; clubId: string; category: string; name: string; description: string | null; priceMinor: bigint | number | string } & Omit<
  ProductOnSale,
  'id' | 'clubId' | 'category' | 'name' | 'description' | 'priceMinor'
>;

export const toProductOnSale = (row: ProductRow): ProductOnSale => ({ ...row, priceMinor: Number(row.priceMinor) });

const productNotFound = (field = 'id') => new DomainError('NOT_FOUND', `${field}: no product has this id`, { field });

export interface ProductChanges {
  clubId?: string;
  category?: string;
  name?: string;
  description?: string | null;
  priceMinor?: number;
  images?: string[];
  active?: boolean;
}

/** Clubs and products: Prisma for reads and plain writes, SQL where the stock must change atomically. */
export class Catalog {
  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  listClubs() {
    return this.db.club.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
  }

  async upsertClub(id: string, name: string) {
    return this.db.club.upsert({ where: { id }, create: { id, name }, update: { name }, select: { id: true, name: true } });
  }

  /** Products on sale by name, then id (a keyset: pages never skip or repeat a product). */
  async listProducts(filter: { club?: string; category?: string; limit: number; cursor?: string }) {
    const after = decodeCursor(filter.cursor, 2) as [string, string] | undefined;
    const rows = await this.db.product.findMany({
      where: {
        active: true,
        ...(filter.club ? { clubId: filter.club } : {}),
        ...(filter.category ? { category: filter.category } : {}),
        ...(after ? { OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] } : {}),
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: filter.limit + 1,
    });
    const page = pageOf(rows, filter.limit, (row) => [row.name, row.id]);
    return { products: page.items.map(toProductOnSale), nextCursor: page.nextCursor };
  }

  async getProduct(id: string): Promise<ProductOnSale> {
    const row = await this.db.product.findUnique({ where: { id } });
    if (!row) throw productNotFound();
    return toProductOnSale(row);
  }

  async createProduct(input: Required<Omit<ProductChanges, 'active'>> & { stock: number }): Promise<ProductOnSale> {
    await this.requireClub(input.clubId);
    const row = await this.db.product.create({
      data: {
        id: globalThis.crypto.randomUUID(),
        clubId: input.clubId,
        category: input.category,
        name: input.name,
        description: input.description,
        priceMinor: BigInt(input.priceMinor),
        stock: input.stock,
        images: input.images,
      },
    });
    return toProductOnSale(row);
  }

  async updateProduct(id: string, changes: ProductChanges): Promise<ProductOnSale> {
    if (changes.clubId !== undefined) await this.requireClub(changes.clubId);
    const { count } = await this.db.product.updateMany({
      where: { id },
      data: {
        ...changes,
        priceMinor: changes.priceMinor === undefined ? undefined : BigInt(changes.priceMinor),
        updatedAt: new Date(),
      },
    });
    if (count === 0) throw productNotFound();
    return this.getProduct(id);
  }

  /** Adds `delta` units (negative removes) or sets the count; never below 0, never racing a checkout's decrement. */
  async setStock(id: string, change: { delta: number } | { stock: number }): Promise<ProductOnSale> {
    await withSchemaTransaction(this.pool, this.schema, async (tx) => {
      const { rows } = await tx.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1 FOR UPDATE', [id]);
      if (rows.length === 0) throw productNotFound();
      const next = 'delta' in change ? rows[0].stock + change.delta : change.stock;
      if (next < 0) {
        throw new DomainError('CONFLICT', `delta: only ${rows[0].stock} units are in stock`, {
          field: 'delta',
          details: { reason: 'STOCK_BELOW_ZERO', stock: rows[0].stock },
        });
      }
      await tx.query('UPDATE products SET stock = $2, updated_at = now() WHERE id = $1', [id, next]);
    });
    return this.getProduct(id);
  }

  private async requireClub(clubId: string): Promise<void> {
    const club = await this.db.club.findUnique({ where: { id: clubId }, select: { id: true } });
    if (!club) throw new DomainError('NOT_FOUND', `clubId: no club "${clubId}"`, { field: 'clubId' });
  }
}
