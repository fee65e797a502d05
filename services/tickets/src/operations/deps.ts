import type { PurchaseSaga } from '@platform/checkout';
import type { QrCodes } from '../domain/qr-image.js';
import type { KeyRing } from '../domain/signing-keys.js';
import type { TicketRecord } from '../domain/views.js';
import type { TicketRequest } from '../store/purchase-hooks.js';
import type { RefundRetryJob } from '../jobs/refund-retry-job.js';
import type { TicketRefunds } from '../jobs/ticket-refunds.js';
import type { Catalog } from '../store/catalog.js';
import type { CheckIns } from '../store/check-ins.js';
import type { TicketChanges } from '../store/ticket-changes.js';
import type { TicketReads } from '../store/ticket-reads.js';

/** What the operation handlers work with; built once in app.ts. */
export interface TicketsDeps {
  catalog: Catalog;
  tickets: TicketReads;
  changes: TicketChanges;
  saga: PurchaseSaga<TicketRequest, TicketRecord>;
  checkIns: CheckIns;
  refunds: TicketRefunds;
  /** Absent when this instance runs no background jobs (PURCHASE_RECOVERY_ENABLED=false). */
  refundJob?: RefundRetryJob;
  keys: KeyRing;
  qrCodes: QrCodes;
  now: () => Date;
}
