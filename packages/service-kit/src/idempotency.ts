import { createHash } from 'node:crypto';
import { DomainError } from '@platform/contracts';
import type { Pool } from 'pg';
import type { Logger } from './logger.js';
import { type Migration, quoteIdent } from './migrate.js';

/**
 * Idempotency keys in PostgreSQL, claimed inside the same transaction as the
 * state change they protect:
 *
 *   BEGIN
 *   claim(scope, key, hash)       lock the key (transaction advisory lock), look for its row
 *   ...the state change...
 *   complete(scope, key, hash, response)   INSERT the row with the response
 *   COMMIT
 *
 * A concurrent request with the same key waits on the lock until the first
 * transaction ends, then sees its row and replays its response: one effect,
 * however many retries race. If the first transaction rolls back, nothing was
 * written and the next request does the work. The same key with a different
 * request hash is refused with IDEMPOTENCY_KEY_REUSED (409). One row insert per
 * key, nothing else written (docs/decisions/0102).
 *
 * Use READ COMMITTED (PostgreSQL's default): the replaying SELECT must see the
 * row committed while it waited. The same logic exists as SQL functions
 * (idempotency_claim / idempotency_complete) for services that do the whole
 * transaction in one PL/pgSQL call.
 */
export const idempotencyMigration: Migration = {
  name: '0000_kit_idempotency',
  sql: `
CREATE TABLE idempotency_keys (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
-- Rows arrive in time order, so a BRIN index finds the expired ones for the purge
-- at a fraction of a B-tree's cost on every insert.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys USING brin (created_at);

-- Claims a key for the calling transaction. The transaction-scoped advisory lock
-- makes a concurrent request with the same key wait until the first transaction
-- ends; the SELECT after it (a new snapshot, in READ COMMITTED) then sees the
-- committed row. Returns NULL when the caller now owns the key and must call
-- idempotency_complete before it commits; otherwise {"status":"replay","response":...}
-- or {"status":"mismatch"}. The lock is in memory: a claim writes nothing, and a
-- rolled-back attempt leaves nothing behind.
CREATE FUNCTION idempotency_claim(p_scope text, p_key text, p_request_hash text) RETURNS jsonb
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_hash text;
  v_response jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || '/' || p_scope || '/' || p_key, 0));
  SELECT request_hash, response INTO v_hash, v_response FROM idempotency_keys WHERE scope = p_scope AND key = p_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_hash <> p_request_hash THEN
    RETURN jsonb_build_object('status', 'mismatch');
  END IF;
  RETURN jsonb_build_object('status', 'replay', 'response', v_response);
END $$;

-- Records the key with its response; call it in the claiming transaction, before COMMIT.
-- PL/pgSQL rather than SQL: it keeps its plan between calls (a SQL function with
-- a SET clause is planned again on every call, three times slower here).
CREATE FUNCTION idempotency_complete(p_scope text, p_key text, p_request_hash text, p_response jsonb) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO idempotency_keys (scope, key, request_hash, response) VALUES (p_scope, p_key, p_request_hash, p_response);
END $$;
`,
};

/** Keys are kept at least this long: a client may retry for a day. */
export const IDEMPOTENCY_MIN_RETENTION_MS = 24 * 3_600_000;

export interface IdempotencyKeyRef {
  /** Who the key belongs to, e.g. `user:<id>` or `merchant:shop`: two callers never share keys. */
  scope: string;
  key: string;
}

export interface IdempotencyClaimRequest extends IdempotencyKeyRef {
  /** Hash of the request (see hashRequest): the same key with another request is refused. */
  requestHash: string;
}

export type IdempotencyClaim<T> = { status: 'claimed' } | { status: 'replay'; response: T };

/** Anything that runs a query: a pg client inside a transaction (Pool would run each query on its own). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

export const idempotencyKeyReused = () =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request', {
    field: 'Idempotency-Key',
  });

/** JSON with object keys sorted, so equal requests hash equally whatever the key order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 of the canonical JSON of a request. Hash the validated input, so "10" and 10.00 are one request. */
export function hashRequest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The TypeScript side of the store, for services that run their transaction from Node. */
export class IdempotencyStore {
  private readonly table: string;
  private readonly fn: (name: string) => string;

  constructor(options: { schema: string }) {
    const schema = quoteIdent(options.schema);
    this.table = `${schema}.idempotency_keys`;
    this.fn = (name) => `${schema}.${name}`;
  }

  /** Claims the key inside the caller's transaction; waits for a concurrent holder of the key. Throws IDEMPOTENCY_KEY_REUSED on a different request. */
  async claim<T>(tx: Queryable, request: IdempotencyClaimRequest): Promise<IdempotencyClaim<T>> {
    const { rows } = await tx.query(`SELECT ${this.fn('idempotency_claim')}($1, $2, $3) AS claim`, [request.scope, request.key, request.requestHash]);
    return this.claimFrom<T>(rows[0]);
  }

  /**
   * claim() as one literal statement, for a caller that sends it with its
   * BEGIN (withSchemaTransaction's `opening`); read its row with claimFrom().
   */
  claimStatement(request: IdempotencyClaimRequest, escapeLiteral: (value: string) => string): string {
    const args = [request.scope, request.key, request.requestHash].map(escapeLiteral).join(', ');
    return `SELECT ${this.fn('idempotency_claim')}(${args}) AS claim`;
  }

  /** The outcome of a claim from its result row (throws IDEMPOTENCY_KEY_REUSED on a different request). */
  claimFrom<T>(row: Record<string, unknown> | undefined): IdempotencyClaim<T> {
    const claim = (row?.claim ?? null) as { status: 'replay' | 'mismatch'; response: T } | null;
    if (claim === null) return { status: 'claimed' };
    if (claim.status === 'mismatch') throw idempotencyKeyReused();
    return { status: 'replay', response: claim.response };
  }

  /** Stores the response to replay; call it in the claiming transaction, before COMMIT. */
  async complete(tx: Queryable, request: IdempotencyClaimRequest, response: unknown): Promise<void> {
    await tx.query(`SELECT ${this.fn('idempotency_complete')}($1, $2, $3, $4::jsonb)`, [
      request.scope,
      request.key,
      request.requestHash,
      JSON.stringify(response),
    ]);
  }

  /**
   * complete() as one literal statement, for a caller that sends it in one
   * message with its other last writes and the COMMIT (one round trip instead
   * of three). `escapeLiteral` is the pg client's escapeLiteral.
   */
  completeStatement(request: IdempotencyClaimRequest, response: unknown, escapeLiteral: (value: string) => string): string {
    const args = [request.scope, request.key, request.requestHash].map(escapeLiteral).join(', ');
    return `SELECT ${this.fn('idempotency_complete')}(${args}, ${escapeLiteral(JSON.stringify(response))}::jsonb)`;
  }

  /**
   * Reads a completed key without claiming it, e.g. to skip calling an external
   * provider again on a replay. Returns undefined when the key is unknown (or
   * its first request has not committed yet); throws IDEMPOTENCY_KEY_REUSED on a
   * different request.
   */
  async peek<T>(db: Queryable, request: IdempotencyClaimRequest): Promise<T | undefined> {
    const { rows } = await db.query(`SELECT request_hash, response FROM ${this.table} WHERE scope = $1 AND key = $2`, [request.scope, request.key]);
    const row = rows[0] as { request_hash: string; response: T } | undefined;
    if (!row) return undefined;
    if (row.request_hash !== request.requestHash) throw idempotencyKeyReused();
    return row.response;
  }

  /** Deletes keys older than the retention, in small batches so it never holds long locks. Returns how many. */
  async purgeOlderThan(pool: Pool, retentionMs: number, batchSize = 5_000): Promise<number> {
    if (retentionMs < IDEMPOTENCY_MIN_RETENTION_MS) throw new Error(`idempotency keys must be kept at least 24 h, got ${retentionMs} ms`);
    let total = 0;
    for (;;) {
      const { rowCount } = await pool.query(
        `DELETE FROM ${this.table} WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM ${this.table} WHERE created_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2))`,
        [retentionMs, batchSize],
      );
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) return total;
    }
  }

  /** Purges expired keys now and then every `intervalMs`; several instances doing it at once is harmless. */
  startPurging(options: { pool: Pool; retentionMs: number; intervalMs: number; logger: Logger }): { stop(): void } {
    const run = () =>
      this.purgeOlderThan(options.pool, options.retentionMs).then(
        (purged) => purged > 0 && options.logger.info({ purged }, 'expired idempotency keys purged'),
        (err) => options.logger.warn({ err }, 'idempotency key purge failed; will retry'),
      );
    void run();
    const timer = setInterval(run, options.intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
}
