import { esim } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { planView } from '../domain/views.js';
import type { EsimDeps } from './deps.js';

export function planHandlers(deps: EsimDeps) {
  return {
    [esim.listPlans.name]: async (input) => ({ plans: (await deps.plans.onSale(input.country)).map(planView) }),

    [esim.createPlan.name]: async (input) =>
      planView(
        await deps.plans.create({
          name: input.name,
          description: input.description ?? null,
          dataMb: input.dataMb,
          validityDays: input.validityDays,
          countries: input.countries,
          priceMinor: input.price,
        }),
      ),

    [esim.updatePlan.name]: async ({ id, price, ...changes }) => planView(await deps.plans.update(id, { ...changes, priceMinor: price })),
  } satisfies HandlersOf<'esim'>;
}
