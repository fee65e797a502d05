import { requestIdempotency } from '@platform/checkout';
import { DomainError, esim } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { renderQrCode } from '../domain/qr-code.js';
import { type EsimRecord, esimStatus, esimView } from '../domain/views.js';
import type { EsimDeps } from './deps.js';

const esimNotFound = () => new DomainError('NOT_FOUND', 'id: no eSIM of yours has this id', { field: 'id' });

export function activationHandlers(deps: EsimDeps) {
  const view = async (record: EsimRecord, status: Parameters<typeof esimView>[1]) =>
    esimView(record, status, record.activationCode ? (await renderQrCode(record.activationCode)).dataUrl : null);

  return {
    /** A purchase through the saga (docs/checkout.md): reserve the plan's terms, debit the wallet, issue the profile, activate. */
    [esim.activate.name]: async (input, ctx) => {
      const purchase = await deps.purchases.purchase({
        userId: ctx.user!.id,
        request: { planId: input.planId },
        idempotency: requestIdempotency(ctx, esim.activate, input),
        parent: ctx,
      });
      const record = await deps.esims.find(purchase.id);
      if (!record) throw new Error(`confirmed eSIM purchase ${purchase.id} has no eSIM row`);
      return { success: true as const, esim: await view(record, esimStatus(purchase.status, record.expiresAt, new Date())) };
    },

    [esim.active.name]: async (_input, ctx) => {
      const now = new Date();
      const esims = await Promise.all((await deps.esims.activeFor(ctx.user!.id, now)).map((record) => view(record, 'active')));
      return { esims, esim: esims[0] ?? null };
    },

    [esim.getEsim.name]: async (input, ctx) => {
      const purchase = await deps.purchases.findForUser(input.id, ctx.user!.id);
      const record = purchase && (await deps.esims.find(purchase.id));
      if (!purchase || !record) throw esimNotFound();
      return view(record, esimStatus(purchase.status, record.expiresAt, new Date()));
    },

    [esim.qrCode.name]: async (input, ctx) => {
      const purchase = await deps.purchases.findForUser(input.id, ctx.user!.id);
      const record = purchase?.status === 'confirmed' ? await deps.esims.find(purchase.id) : undefined;
      if (!record?.activationCode) throw new DomainError('NOT_FOUND', 'id: no issued eSIM of yours has this id', { field: 'id' });
      const qr = await renderQrCode(record.activationCode);
      return { id: record.purchaseId, activationCode: record.activationCode, qrPng: qr.png, qrCodeDataUrl: qr.dataUrl };
    },
  } satisfies HandlersOf<'esim'>;
}
