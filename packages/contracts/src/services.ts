/**
 * Every service of the platform with its default HTTP port (for /health,
 * /ready, /metrics and standalone routes). The gateway is the public entry on 3000.
 */
export const SERVICE_PORTS = {
  gateway: 3000,
  wallet: 3101,
  esim: 3102,
  shop: 3103,
  tickets: 3104,
  social: 3105,
  ai: 3106,
  bookings: 3107,
  storage: 3108,
  'orders-snapshot': 3109,
  'template-export': 3110,
  'sync-worker': 3111,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

/** Every service; the gateway aggregates /api/health and /api/stats over them. */
export const serviceNames: ServiceName[] = Object.keys(SERVICE_PORTS) as ServiceName[];
