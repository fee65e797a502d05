import type { OperationKey } from './operations.js';

/**
 * One of the client's named methods: the operation it calls and the input
 * fields its positional arguments fill, in order. The last argument is always
 * an optional object with the operation's other input fields and the call
 * options (`idempotencyKey`, `signal`); it is required when those fields
 * include a required one.
 */
export interface MethodSpec {
  readonly op: OperationKey;
  readonly args?: readonly string[];
  /** The answer is a session ({token, refreshToken}): the client keeps it. */
  readonly session?: true;
  /** Rewrites the assembled input before it is sent. */
  readonly prepare?: (input: Record<string, unknown>) => Record<string, unknown>;
}

/** `sendMoney(recipient, ...)`: the seed's recipient is a user id; an email address reaches the same account. */
const recipientByIdOrEmail = (input: Record<string, unknown>) => {
  const { recipientId, ...rest } = input;
  return typeof recipientId === 'string' && recipientId.includes('@') ? { ...rest, recipientEmail: recipientId } : input;
};

/**
 * The SDK's named methods (decision 0950): seed 003's `PaieCashFanAPIClient`
 * names and argument orders first, then the platform's additions. Each is one
 * row: no method is written by hand. Amounts are euros, a number (12.5) or
 * decimal text ("12.50"). An empty string or null in an optional position
 * (a form's "all") sends nothing.
 */
export const SEED_METHODS = {
  // ---- auth and system (seed 003: register, login, health, stats)
  /** `register(email, password, name, clubId)`: creates the account and signs in. */
  register: { op: 'auth.register', args: ['email', 'password', 'name', 'clubId'], session: true },
  /** `login(email, password)`: `{token, refreshToken, user}`; the client keeps the session. */
  login: { op: 'auth.login', args: ['email', 'password'], session: true },
  me: { op: 'auth.me' },
  health: { op: 'system.health' },
  stats: { op: 'system.stats' },

  // ---- wallet (seed 003: getWalletBalance, sendMoney, depositMoney)
  getWalletBalance: { op: 'wallet.myBalance' },
  /** `getTransactions({limit, cursor, type})`, newest first; pass `nextCursor` back as `cursor`. */
  getTransactions: { op: 'wallet.myTransactions' },
  getTransaction: { op: 'wallet.myTransaction', args: ['id'] },
  /** `sendMoney(recipientId, amount, {note})`: a user id or an email. 402 INSUFFICIENT_FUNDS carries the balance in `details`. */
  sendMoney: { op: 'wallet.send', args: ['recipientId', 'amount'], prepare: recipientByIdOrEmail },
  depositMoney: { op: 'wallet.deposit', args: ['amount'] },

  // ---- eSIM (seed 003: getESIMPlans, activateESIM)
  /** `getESIMPlans(country?)`: with an ISO code like "FR", only plans that work there. */
  getESIMPlans: { op: 'esim.listPlans', args: ['country'] },
  /** `activateESIM(planId)`: buys the plan from the wallet; `esim.qrCodeDataUrl` is ready for an <img>. */
  activateESIM: { op: 'esim.activate', args: ['planId'] },
  getActiveESIM: { op: 'esim.active' },
  getESIM: { op: 'esim.getEsim', args: ['id'] },
  getESIMQR: { op: 'esim.qrCode', args: ['id'] },

  // ---- shop (seed 003: getProducts, addToCart, checkout)
  /** `getProducts(club?, category?, {limit, cursor})`. */
  getProducts: { op: 'shop.listProducts', args: ['club', 'category'] },
  getProduct: { op: 'shop.getProduct', args: ['id'] },
  getClubs: { op: 'shop.listClubs' },
  /** `addToCart(productId, quantity = 1)`. */
  addToCart: { op: 'shop.addToCart', args: ['productId', 'quantity'] },
  /** Totals are the server's, at the current prices. */
  getCart: { op: 'shop.getCart' },
  setCartQuantity: { op: 'shop.setCartQuantity', args: ['productId', 'quantity'] },
  removeFromCart: { op: 'shop.removeFromCart', args: ['productId'] },
  /** `checkout(total)`: the total the user saw; prices that moved meanwhile are 409 PRICE_CHANGED, nothing charged. */
  checkout: { op: 'shop.checkout', args: ['total'] },
  getOrders: { op: 'shop.listOrders' },
  getOrder: { op: 'shop.getOrder', args: ['id'] },

  // ---- tickets (seed 003: getEvents, purchaseTicket, getMyTickets)
  /** `getEvents(club?)`: upcoming events with their categories, prices and seats left. */
  getEvents: { op: 'tickets.listEvents', args: ['club'] },
  getEvent: { op: 'tickets.getEvent', args: ['eventId'] },
  /** `purchaseTicket(eventId, category, price?)`: `price` is what the user saw; a different server price is 409 PRICE_CHANGED. */
  purchaseTicket: { op: 'tickets.purchase', args: ['eventId', 'category', 'price'] },
  getMyTickets: { op: 'tickets.myTickets' },
  /** `qrDataUrl` is ready for an <img>; `token` is what the QR code encodes. */
  getTicketQR: { op: 'tickets.ticketQr', args: ['id'] },

  // ---- social (seed 003: getConversations, sendMessage)
  getConversations: { op: 'social.listConversations' },
  getConversation: { op: 'social.getConversation', args: ['id'] },
  /** `sendMessage(conversationId, message, {clientMessageId})`. */
  sendMessage: { op: 'social.sendMessage', args: ['conversationId', 'message'] },
  /** The first message to a user starts your direct conversation with them. */
  sendMessageToUser: { op: 'social.sendMessage', args: ['recipientId', 'message'] },
  /** Newest first; marks what it returns as read unless `{markRead: 'false'}`. */
  getMessages: { op: 'social.listMessages', args: ['id'] },
  markConversationRead: { op: 'social.markRead', args: ['id', 'upToMessageId'] },
  getFeed: { op: 'social.feed' },
  /** `createPost(text, {clubId})`. */
  createPost: { op: 'social.createPost', args: ['text'] },
  /** `follow(kind, id)`: 'users' (a user id) or 'clubs' (a club id like "psg"). */
  follow: { op: 'social.follow', args: ['kind', 'id'] },
  unfollow: { op: 'social.unfollow', args: ['kind', 'id'] },
  getFollows: { op: 'social.listFollows' },
  getSocialSettings: { op: 'social.getSettings' },
  /** `updateSocialSettings({shareActivity})`. */
  updateSocialSettings: { op: 'social.updateSettings' },

  // ---- AI (seed 003: getAIRecommendations, getAIInsights, getAIPredictions)
  /** `getAIRecommendations({limit, kind})`: products, events and eSIM plans, each named. */
  getAIRecommendations: { op: 'ai.recommendations' },
  /** `getAIInsights({month, months})`: spending by category and month. */
  getAIInsights: { op: 'ai.insights' },
  getAIPredictions: { op: 'ai.predictions' },

  // ---- bookings (seed 004). Signed in, the account's email is used when none is given.
  /** `createReservation({date, timeSlot, prestation, service_name, email, ...})`; 409 when the slot is taken. */
  createReservation: { op: 'bookings.createReservation' },
  getOccupiedSlots: { op: 'bookings.occupiedSlots', args: ['date', 'service'] },
  cancelReservation: { op: 'bookings.cancelReservation', args: ['booking_id', 'email'] },
  getUserBookings: { op: 'bookings.userBookings', args: ['email'] },

  // ---- storage (seed 001); uploadFile and friends are in uploads.ts
  reserveAsset: { op: 'storage.reserveAsset', args: ['kind', 'visibility'] },
  getAsset: { op: 'storage.getAsset', args: ['asset_id'] },
  /** The first step of uploadFile, for apps that PUT the bytes themselves: `createUploadUrl(filename, contentType?, size?)`. */
  createUploadUrl: { op: 'storage.createUploadUrl', args: ['filename', 'contentType', 'size', 'visibility'] },
  /** The last step of uploadFile: the server checks the stored size and type, then keeps the object. */
  confirmUpload: { op: 'storage.confirmUpload', args: ['object_id'] },
  getFiles: { op: 'storage.listObjects' },
  getFile: { op: 'storage.getObject', args: ['object_id'] },
  /** A URL to download from: public, or presigned for `expires_in` seconds. */
  getDownloadUrl: { op: 'storage.getDownloadUrl', args: ['object_id'] },
  deleteFile: { op: 'storage.deleteObject', args: ['object_id'] },

  // ---- orders snapshot (seed 000), with the client's `apiKey` option
  /** `postOrdersSnapshot(eventId, orders)`: orders already in the snapshot are not counted again. */
  postOrdersSnapshot: { op: 'ordersSnapshot.postSnapshot', args: ['event_id', 'orders'] },
  getOrdersSnapshot: { op: 'ordersSnapshot.getSnapshot', args: ['event_id'] },
} as const satisfies Record<string, MethodSpec>;
