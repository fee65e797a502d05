import type { templateExport } from '@platform/contracts';
import type { z } from 'zod';
import type { Db } from './prisma.js';

type Stats = z.output<typeof templateExport.templateStats>;

const latest = (...dates: Array<Date | null | undefined>): string | null => {
  const times = dates.filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
};

/** The Template's counters, through Prisma: light queries, read by the seed client's health check. */
export async function readStats(db: Db): Promise<Stats> {
  const [settings, paintingsByStatus, orders, orderItems, users, exhibitions, customRequests] = await Promise.all([
    db.setting.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    db.painting.groupBy({ by: ['status'], _count: { _all: true }, _max: { updatedAt: true } }),
    db.order.aggregate({ _count: { _all: true }, _sum: { totalCents: true }, _max: { updatedAt: true } }),
    db.orderItem.count(),
    db.user.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    db.exhibition.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    db.customRequest.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
  ]);
  const paintingsWith = (status: string) => paintingsByStatus.find((group) => group.status === status)?._count._all ?? 0;
  return {
    settings: settings._count._all,
    paintings: paintingsByStatus.reduce((sum, group) => sum + group._count._all, 0),
    paintings_available: paintingsWith('available'),
    paintings_sold: paintingsWith('sold'),
    orders: orders._count._all,
    order_items: orderItems,
    revenue_cents: orders._sum.totalCents ?? 0,
    users: users._count._all,
    exhibitions: exhibitions._count._all,
    custom_requests: customRequests._count._all,
    last_updated_at: latest(
      settings._max.updatedAt,
      ...paintingsByStatus.map((group) => group._max.updatedAt),
      orders._max.updatedAt,
      users._max.updatedAt,
      exhibitions._max.updatedAt,
      customRequests._max.updatedAt,
    ),
  };
}
