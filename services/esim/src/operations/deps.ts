import type { PurchaseSaga } from '@platform/checkout';
import type { ActivationRequest } from '../store/purchase-hooks.js';
import type { EsimStore } from '../store/esims.js';
import type { PlanStore } from '../store/plans.js';

/** What the operation handlers work with; built once in app.ts. */
export interface EsimDeps {
  plans: PlanStore;
  esims: EsimStore;
  purchases: PurchaseSaga<ActivationRequest>;
}
