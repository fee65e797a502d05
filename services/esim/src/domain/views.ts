import type { PurchaseStatus } from '@platform/checkout';
import { priceView } from './money-view.js';

export interface PlanTerms {
  id: string;
  name: string;
  description: string | null;
  dataMb: number;
  validityDays: number;
  countries: string[];
  priceMinor: number;
  active: boolean;
}

/** A bought eSIM: the plan's terms as bought, and the profile once issued. */
export interface EsimRecord {
  purchaseId: string;
  userId: string;
  planId: string;
  planName: string;
  planDescription: string | null;
  planActive: boolean;
  dataMb: number;
  validityDays: number;
  countries: string[];
  priceMinor: number;
  iccid: string | null;
  smdpAddress: string | null;
  matchingId: string | null;
  activationCode: string | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export type EsimStatus = 'pending' | 'active' | 'expired' | 'failed' | 'refunding' | 'refunded';

/** An eSIM is active from its confirmed payment until it expires; before that its status is the purchase's. */
export function esimStatus(purchase: PurchaseStatus, expiresAt: Date | null, now: Date): EsimStatus {
  if (purchase !== 'confirmed') return purchase;
  return expiresAt && expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

export function planView(plan: PlanTerms) {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description,
    dataMb: plan.dataMb,
    // Display only: gigabytes with two decimals.
    dataGb: Math.round((plan.dataMb / 1024) * 100) / 100,
    validityDays: plan.validityDays,
    countries: plan.countries,
    ...priceView(plan.priceMinor),
    active: plan.active,
  };
}

export function esimView(esim: EsimRecord, status: EsimStatus, qrCodeDataUrl: string | null) {
  return {
    id: esim.purchaseId,
    planId: esim.planId,
    plan: planView({
      id: esim.planId,
      name: esim.planName,
      description: esim.planDescription,
      dataMb: esim.dataMb,
      validityDays: esim.validityDays,
      countries: esim.countries,
      priceMinor: esim.priceMinor,
      active: esim.planActive,
    }),
    status,
    iccid: esim.iccid,
    smdpAddress: esim.smdpAddress,
    matchingId: esim.matchingId,
    activationCode: esim.activationCode,
    qrCodeDataUrl,
    activatedAt: esim.activatedAt?.toISOString() ?? null,
    expiresAt: esim.expiresAt?.toISOString() ?? null,
    createdAt: esim.createdAt.toISOString(),
  };
}
