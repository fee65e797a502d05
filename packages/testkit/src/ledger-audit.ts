import { schemaFor } from './infra.js';

/**
 * What the wallet's own `ledger_audit()` SQL function reports (wallet
 * migration 0003): money is conserved (total 0), no account is overdrawn,
 * every balance matches its history, every transfer balances, every entry
 * and transfer points at rows that exist.
 */
export interface LedgerAudit {
  total_minor: number;
  negative_accounts: number;
  accounts_off_history: number;
  running_balance_mismatches: number;
  unbalanced_transfers: number;
  orphan_entries: number;
  /** Since wallet migration 0005 (transfers have no foreign keys). */
  orphan_transfers: number;
  transfers: number;
  accounts: number;
}

/** Anything that runs a query: a pg Pool, Client or PoolClient. */
interface Queryable {
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Runs the audit in a namespace's wallet schema; read-only. */
export async function auditLedger(db: Queryable, namespace: string): Promise<LedgerAudit> {
  const { rows } = await db.query(`SELECT "${schemaFor('wallet', namespace)}".ledger_audit() AS audit`);
  return rows[0].audit as LedgerAudit;
}
