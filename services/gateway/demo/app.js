// The demo page's entry: one SDK client for the whole page, the JSON panel,
// the session, and one module per endpoint group (sections/*.js). Every API
// call goes through the SDK bundle (/demo/paiecashfan-sdk.js, built from
// packages/client): the page has no fetch of its own.
import * as sdk from './paiecashfan-sdk.js';
import { byId } from './dom.js';
import { createResponsePanel } from './panel.js';
import { mountAi } from './sections/ai.js';
import { mountAuth } from './sections/auth.js';
import { mountBookings } from './sections/bookings.js';
import { mountEsim } from './sections/esim.js';
import { mountShop } from './sections/shop.js';
import { mountSocial } from './sections/social.js';
import { mountStorage } from './sections/storage.js';
import { mountSystem } from './sections/system.js';
import { mountTickets } from './sections/tickets.js';
import { mountWallet } from './sections/wallet.js';
import { createSession } from './session.js';

const status = byId('page-status');
try {
  const session = createSession();
  const client = new sdk.PaieCashFanAPIClient({ baseURL: window.location.origin, onTokenExpired: () => session.expired() });
  const run = createResponsePanel(byId('response-log'), sdk);
  const page = { client, run, session };
  for (const mount of [mountSystem, mountAuth, mountWallet, mountEsim, mountShop, mountTickets, mountSocial, mountAi, mountBookings, mountStorage]) mount(page);
  status.textContent = 'Prêt : chaque bouton appelle le SDK, la réponse s’affiche à droite.';
  status.dataset.state = 'ready';
} catch (error) {
  status.textContent = `La page n’a pas pu démarrer : ${error instanceof Error ? error.message : error}`;
  status.dataset.state = 'error';
  throw error;
}
