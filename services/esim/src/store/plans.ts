import { DomainError } from '@platform/contracts';
import type { PlanTerms } from '../domain/views.js';
import type { Db } from './prisma.js';

type PlanRow = Omit<PlanTerms, 'priceMinor'> & { priceMinor: bigint };

const toTerms = (row: PlanRow): PlanTerms => ({
  id: row.id,
  name: row.name,
  description: row.description,
  dataMb: row.dataMb,
  validityDays: row.validityDays,
  countries: row.countries,
  priceMinor: Number(row.priceMinor),
  active: row.active,
});

const planNotFound = () => new DomainError('NOT_FOUND', 'id: no plan has this id', { field: 'id' });

export interface PlanChanges {
  name?: string;
  description?: string | null;
  dataMb?: number;
  validityDays?: number;
  countries?: string[];
  priceMinor?: number;
  active?: boolean;
}

export class PlanStore {
  constructor(private readonly db: Db) {}

  /** Plans on sale, cheapest first; with a country, only plans that work there. */
  async onSale(country?: string): Promise<PlanTerms[]> {
    const rows = await this.db.plan.findMany({
      where: { active: true, ...(country ? { countries: { has: country } } : {}) },
      orderBy: [{ priceMinor: 'asc' }, { name: 'asc' }],
    });
    return rows.map(toTerms);
  }

  async create(plan: Required<Omit<PlanChanges, 'active'>>): Promise<PlanTerms> {
    const row = await this.db.plan.create({
      data: { ...plan, id: globalThis.crypto.randomUUID(), countries: [...new Set(plan.countries)].sort(), priceMinor: BigInt(plan.priceMinor) },
    });
    return toTerms(row);
  }

  async update(id: string, changes: PlanChanges): Promise<PlanTerms> {
    const { count } = await this.db.plan.updateMany({
      where: { id },
      data: {
        ...changes,
        countries: changes.countries && [...new Set(changes.countries)].sort(),
        priceMinor: changes.priceMinor === undefined ? undefined : BigInt(changes.priceMinor),
        updatedAt: new Date(),
      },
    });
    if (count === 0) throw planNotFound();
    const row = await this.db.plan.findUniqueOrThrow({ where: { id } });
    return toTerms(row);
  }
}
