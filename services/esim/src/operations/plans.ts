import { esim } from '@platform/contracts';
import type { Service } from '@platform/service-kit';
import { planView } from '../domain/views.js';
import type { EsimDeps } from './deps.js';

export function registerPlanOperations(service: Service, deps: EsimDeps): void {
  service.handle(esim.listPlans, async (input) => ({ plans: (await deps.plans.onSale(input.country)).map(planView) }));

  service.handle(esim.createPlan, async (input) =>
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
  );

  service.handle(esim.updatePlan, async ({ id, price, ...changes }) => planView(await deps.plans.update(id, { ...changes, priceMinor: price })));
}
