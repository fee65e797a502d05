import { randomUUID } from 'node:crypto';
import { migrate } from '@platform/service-kit';
import { infra, schemaFor, uniqueNamespace } from '@platform/testkit';
import { auditLedger } from '@platform/testkit/ledger-audit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletMigrations } from '../src/schema.js';
import { postTransferStatement, type TransferRecord } from '../src/store/transfer-record.js';

/**
 * post_transfer() takes one named record (migration 0004, decision 0960):
 * a value put in the wrong field is refused by the database, where 21
 * positional values let two of the same type swap places silently.
 */
describe('post_transfer(record)', () => {
  const namespace = uniqueNamespace('wrec');
  const schema = schemaFor('wallet', namespace);
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  const userA = randomUUID();
  const userB = randomUUID();

  const record = (overrides: Partial<Record<keyof TransferRecord, unknown>> = {}): Record<string, unknown> => {
    const id = randomUUID();
    const eventId = randomUUID();
    const base: TransferRecord = {
      transfer_id: id,
      kind: 'debit',
      from_kind: 'user',
      from_owner: userA,
      to_kind: 'merchant',
      to_owner: 'tickets',
      amount_minor: 250,
      currency: 'EUR',
      note: null,
      merchant: 'tickets',
      reference: `order-${id}`,
      category: 'match-ticket',
      reverses: null,
      reason: null,
      idem_scope: null,
      idem_key: null,
      request_hash: null,
      context: { test: true },
      event_id: eventId,
      event_subject: 'evt.wallet.transfer.completed',
      event_envelope: { id: eventId, subject: 'evt.wallet.transfer.completed', occurredAt: '', data: { occurredAt: '' } },
    };
    return { ...base, ...overrides };
  };
  const post = async (value: Record<string, unknown>) => {
    const { rows } = await pool.query(postTransferStatement(`"${schema}"`), [JSON.stringify(value)]);
    return rows[0].result as { status: string; transferId?: string };
  };
  const balanceOf = async (kind: string, owner: string) =>
    Number((await pool.query(`SELECT balance_minor FROM "${schema}".accounts WHERE kind = $1 AND owner = $2`, [kind, owner])).rows[0]?.balance_minor ?? 0);

  beforeAll(async () => {
    // A ledger as it was before 0004, with money in it: the migration must keep it working.
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await migrate(
      pool,
      schema,
      walletMigrations().filter((m) => m.name < '0004'),
    );
    const eventId = randomUUID();
    await pool.query(
      `SELECT "${schema}".post_transfer($1, 'deposit', 'funding', 'funding', 'user', $2, 10000, 'EUR', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}'::jsonb, $3, 'evt.wallet.transfer.completed', $4::jsonb)`,
      [randomUUID(), userA, eventId, JSON.stringify({ id: eventId, occurredAt: '', data: { occurredAt: '' } })],
    );
    await migrate(pool, schema, walletMigrations());
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('moves money from a record built from the typed object, on a ledger migrated with money in it', async () => {
    expect(await balanceOf('user', userA)).toBe(10_000);
    const outcome = await post(record());
    expect(outcome.status).toBe('completed');
    expect(await balanceOf('user', userA)).toBe(9_750);
    expect(await balanceOf('merchant', 'tickets')).toBe(250);
    const audit = await auditLedger(pool, namespace);
    expect(audit).toMatchObject({ total_minor: 0, negative_accounts: 0, accounts_off_history: 0, unbalanced_transfers: 0 });
  });

  it('refuses values swapped between fields, naming what is wrong, and moves nothing', async () => {
    const before = await balanceOf('user', userA);
    const swaps: Array<[string, Record<string, unknown>, RegExp]> = [
      ['amount and currency', { amount_minor: 'EUR', currency: 250 }, /amount_minor must be a number/],
      ['kind and from_kind', { kind: 'user', from_kind: 'debit' }, /kind .* is not one of its values/],
      ['the two sides', { from_kind: 'merchant', from_owner: 'tickets', to_kind: 'user', to_owner: userA }, /a debit cannot go from merchant tickets to user/],
      ['merchant and reference', { merchant: 'order-1', reference: 'tickets' }, /for merchant order-1/],
      ['transfer id and reference', { transfer_id: 'order-1', reference: randomUUID() }, /invalid input syntax for type uuid: "order-1"/],
      ['a misspelt name', { from_owner: undefined, owner_from: userA }, /unknown field\(s\) owner_from/],
    ];
    for (const [what, overrides, message] of swaps) {
      const value = record(overrides);
      for (const [key, v] of Object.entries(overrides)) if (v === undefined) delete value[key];
      await expect(post(value), what).rejects.toThrow(message);
    }
    await expect(post({ ...record(), event_id: null }), 'a missing field').rejects.toThrow(/missing field\(s\) event_id/);
    expect(await balanceOf('user', userA)).toBe(before);
  });

  it('takes a refund, a deposit and a send as records too', async () => {
    const debit = await post(record({ amount_minor: 100 }));
    const refund = await post(
      record({ kind: 'refund', from_kind: 'merchant', from_owner: 'tickets', to_kind: 'user', to_owner: userA, amount_minor: 100, reverses: debit.transferId }),
    );
    expect(refund.status).toBe('completed');
    expect((await post(record({ kind: 'send', to_kind: 'user', to_owner: userB, merchant: null }))).status).toBe('completed');
    expect(
      (await post(record({ kind: 'deposit', from_kind: 'funding', from_owner: 'funding', to_kind: 'user', to_owner: userB, merchant: null }))).status,
    ).toBe('completed');
    expect(await balanceOf('user', userB)).toBe(500);
    const audit = await auditLedger(pool, namespace);
    expect(audit).toMatchObject({ total_minor: 0, negative_accounts: 0, accounts_off_history: 0, unbalanced_transfers: 0, orphan_transfers: 0 });
  });

  // Last in this file: it leaves a broken row behind (transfers are append-only).
  it('finds a transfer whose accounts or reversed transfer do not exist, now that no foreign key refuses it (migration 0005)', async () => {
    const audit = async () => (await auditLedger(pool, namespace)).orphan_transfers;
    expect(await audit()).toBe(0);
    await pool.query(
      `INSERT INTO "${schema}".transfers (id, kind, amount_minor, currency, from_account_id, to_account_id, reverses_transfer_id, created_at)
       VALUES ($1, 'refund', 1, 'EUR', 999999, 999998, $2, now())`,
      [randomUUID(), randomUUID()],
    );
    expect(await audit()).toBe(1);
  });
});
