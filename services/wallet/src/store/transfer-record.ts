import type { AccountKind, Merchant, TransferKind } from '../domain/accounts.js';

/**
 * The one argument of the post_transfer() SQL function (wallet migration
 * 0004): every value under its name, as the SQL type `transfer_record`
 * declares it. The function refuses an unknown or missing name, a value of
 * the wrong type, and sides that do not fit the kind, so a swapped field is
 * an error instead of a wrong transfer (docs/decisions/0960).
 */
export interface TransferRecord {
  transfer_id: string;
  kind: TransferKind;
  from_kind: AccountKind;
  from_owner: string;
  to_kind: AccountKind;
  to_owner: string;
  amount_minor: number;
  currency: string;
  note: string | null;
  merchant: Merchant | null;
  reference: string | null;
  category: string | null;
  reverses: string | null;
  reason: string | null;
  idem_scope: string | null;
  idem_key: string | null;
  request_hash: string | null;
  /** The caller's data stored with the outcome (any JSON). */
  context: unknown;
  event_id: string;
  event_subject: string;
  /** The outbox envelope of evt.wallet.transfer.completed. */
  event_envelope: unknown;
}

/** The SQL call, for a schema: one jsonb parameter. */
export const postTransferStatement = (quotedSchema: string) => `SELECT ${quotedSchema}.post_transfer($1::jsonb) AS result`;

/** Several records in one call (wallet migration 0006): a json array in, a json array of results out, in the same order. */
export const postTransfersStatement = (quotedSchema: string) => `SELECT ${quotedSchema}.post_transfers($1::jsonb) AS results`;
