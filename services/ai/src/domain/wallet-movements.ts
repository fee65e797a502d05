import type { PayloadOf, wallet } from '@platform/contracts';

export type TransferCompleted = PayloadOf<typeof wallet.transferCompleted>;

/** The wallet's own transaction types: how a transfer looks from one user's side. */
export type MovementKind = 'payment' | 'refund' | 'send' | 'receive' | 'deposit';

export interface WalletMovement {
  transferId: string;
  userId: string;
  kind: MovementKind;
  amountMinor: number;
  currency: string;
  merchant: string | null;
  category: string | null;
  reference: string | null;
  reversesTransferId: string | null;
  counterpartyUserId: string | null;
  occurredAt: Date;
}

/** Transfer kind and side -> the user's movement; combinations the ledger never makes are absent. */
const SIDES: Record<TransferCompleted['kind'], { from?: MovementKind; to?: MovementKind }> = {
  debit: { from: 'payment' },
  refund: { to: 'refund' },
  send: { from: 'send', to: 'receive' },
  deposit: { to: 'deposit' },
};

/**
 * The user sides of one completed transfer. System accounts (funding,
 * merchants) have no user id and produce nothing: the read model is per fan.
 */
export function movementsOf(transfer: TransferCompleted): WalletMovement[] {
  const sides = SIDES[transfer.kind];
  const common = {
    transferId: transfer.transferId,
    amountMinor: transfer.amountMinor,
    currency: transfer.currency,
    merchant: transfer.merchant,
    category: transfer.category,
    reference: transfer.reference,
    reversesTransferId: transfer.reversesTransferId,
    occurredAt: new Date(transfer.occurredAt),
  };
  const movements: WalletMovement[] = [];
  if (sides.from && transfer.fromUserId) {
    movements.push({ ...common, userId: transfer.fromUserId, kind: sides.from, counterpartyUserId: transfer.toUserId });
  }
  if (sides.to && transfer.toUserId) {
    movements.push({ ...common, userId: transfer.toUserId, kind: sides.to, counterpartyUserId: transfer.fromUserId });
  }
  return movements;
}
