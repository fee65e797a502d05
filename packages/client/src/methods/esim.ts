import { esim } from '@platform/contracts';
import type { ApiBaseClass, WriteOptions } from '../api-base.js';

/** eSIM data plans (seed 003: getESIMPlans, activateESIM, getActiveESIM). */
export function withEsim<Base extends ApiBaseClass>(Base: Base) {
  return class EsimMethods extends Base {
    /** Plans on sale; with `country` (ISO code like "FR"), only those that work there. */
    getESIMPlans(country?: string) {
      return this.call(esim.listPlans, { country: country || undefined });
    }

    /** Buys the plan from the wallet; the answer's `esim.qrCodeDataUrl` is ready for an <img>. */
    activateESIM(planId: string, options: WriteOptions = {}) {
      return this.call(esim.activate, { planId }, options);
    }

    /** `esims`: every active eSIM, newest first; `esim`: the newest, or null. */
    getActiveESIM() {
      return this.call(esim.active, {});
    }

    getESIM(id: string) {
      return this.call(esim.getEsim, { id });
    }

    getESIMQR(id: string) {
      return this.call(esim.qrCode, { id });
    }
  };
}
