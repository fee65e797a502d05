import { z } from 'zod';

/** Everything the consumer needs, from the environment; a bad value stops it at start with the variable's name. */
const envSchema = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Empty in production; tests run in a namespace of their own (subjects and stream carry it). */
  NATS_NAMESPACE: z.string().default(''),
  DATABASE_URL: z.string().min(1),
  /** The consumer's own PostgreSQL schema: it owns these tables and nobody else's. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('event_consumer'),
  /**
   * The durable consumer's name on the stream. It is the consumer's identity:
   * keep it across deploys (a new name replays the whole stream, see docs/events.md).
   */
  CONSUMER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('example-event-consumer'),
  /** A message not acknowledged within this time (the process died holding it) is delivered again. Set when the durable is created. */
  ACK_WAIT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3190),
});

export type ConsumerConfig = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConsumerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return parsed.data;
}
