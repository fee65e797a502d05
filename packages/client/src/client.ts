import { ApiBase } from './api-base.js';
import { withAi } from './methods/ai.js';
import { withAuth } from './methods/auth.js';
import { withBookings } from './methods/bookings.js';
import { withEsim } from './methods/esim.js';
import { withOrdersSnapshot } from './methods/orders-snapshot.js';
import { withShop } from './methods/shop.js';
import { withSocial } from './methods/social.js';
import { withStorage } from './methods/storage.js';
import { withTickets } from './methods/tickets.js';
import { withWallet } from './methods/wallet.js';

/**
 * The seed's PaieCashFanAPIClient, typed. Method names and argument orders
 * follow the seed document (003); each method is a thin call to a contract
 * operation, grouped by area in ./methods. `call(op, input)` reaches any
 * other operation.
 *
 *   const api = new PaieCashFanAPIClient({ baseURL: 'http://localhost:3000/api', onTokenExpired });
 *   await api.login('demo@paiecashfan.com', 'demo123');
 *   const { balance } = await api.getWalletBalance();
 */
export class PaieCashFanAPIClient extends withOrdersSnapshot(
  withStorage(withBookings(withAi(withSocial(withTickets(withShop(withEsim(withWallet(withAuth(ApiBase))))))))),
) {}
