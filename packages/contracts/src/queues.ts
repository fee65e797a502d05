/**
 * Every BullMQ queue on the platform. They share one key prefix (the Redis
 * prefix + "bull"), and the gateway's job dashboard shows each of them.
 */
export const QUEUES = {
  templateSync: 'template-sync',
  storageCleanup: 'storage-cleanup',
  shopPurchaseRecovery: 'shop-purchase-recovery',
  esimPurchaseRecovery: 'esim-purchase-recovery',
  ticketsPurchaseRecovery: 'tickets-purchase-recovery',
  ticketsRefunds: 'tickets-ticket-refunds',
} as const;

export const JOB_QUEUES = Object.values(QUEUES);

/** BullMQ key prefix; REDIS_PREFIX isolates test runs. */
export const bullPrefix = (redisPrefix: string): string => `${redisPrefix}bull`;
