import { byId, el, onClick, showImage } from '../dom.js';
import { formatMoney } from '../format.js';

/** Plans, activation (a wallet purchase) and the QR code a phone scans to install the profile. */
export function mountEsim({ client, run }) {
  const plans = byId('esim-plans');
  const showQr = (esim) => {
    if (!esim?.qrCodeDataUrl) return;
    showImage(byId('esim-qr'), esim.qrCodeDataUrl);
    byId('esim-activation-code').textContent = esim.activationCode ?? '';
  };

  onClick(byId('esim-plans-button'), async () => {
    const result = await run('getESIMPlans()', () => client.getESIMPlans());
    if (!result) return;
    plans.replaceChildren(
      ...result.plans.map((plan) =>
        el(
          'li',
          { dataset: { planId: plan.id } },
          el('span', { class: 'title' }, `${plan.name} — ${plan.dataGb} Go, ${plan.validityDays} jours (${plan.countries.join(', ')})`),
          el('strong', {}, formatMoney(plan.price, plan.currency)),
          el(
            'button',
            {
              type: 'button',
              dataset: { testid: 'activate-esim' },
              onclick: async () => showQr((await run('activateESIM(planId)', () => client.activateESIM(plan.id)))?.esim),
            },
            'Activer',
          ),
        ),
      ),
    );
    if (result.plans.length === 0) plans.replaceChildren(el('li', {}, 'Aucun forfait en vente.'));
  });
  onClick(byId('esim-active-button'), async () => showQr((await run('getActiveESIM()', () => client.getActiveESIM()))?.esim));
}
