import { ApiError } from '@platform/client';

/**
 * The API answers in English with stable codes; the app shows French text
 * chosen by code (and the field at fault), never the English message.
 */
const BY_CODE: Record<string, string> = {
  VALIDATION_FAILED: 'Vérifiez ce champ',
  BAD_REQUEST: 'Requête invalide',
  UNAUTHENTICATED: 'Email ou mot de passe incorrect, ou session expirée',
  INSUFFICIENT_FUNDS: 'Solde insuffisant',
  FORBIDDEN: 'Action non autorisée',
  NOT_FOUND: 'Introuvable',
  CONFLICT: 'Conflit : cette action a déjà été faite',
  PRICE_CHANGED: 'Le prix a changé : vérifiez le nouveau montant',
  IDEMPOTENCY_KEY_REUSED: 'Cette opération a déjà été envoyée',
  PAYLOAD_TOO_LARGE: 'Fichier trop volumineux',
  UNSUPPORTED_MEDIA_TYPE: 'Type de fichier refusé',
  RATE_LIMITED: 'Trop de requêtes',
  SERVICE_UNAVAILABLE: 'Service momentanément indisponible, réessayez',
  DEADLINE_EXCEEDED: 'Le serveur met trop de temps à répondre, réessayez',
  NETWORK_ERROR: 'Serveur injoignable (réseau ou CORS)',
  TIMEOUT: 'Délai dépassé',
  WEBSOCKET_UNAVAILABLE: 'Messagerie en direct indisponible dans ce navigateur',
};

const FIELDS: Record<string, string> = {
  email: 'email',
  password: 'mot de passe',
  amount: 'montant',
  total: 'total',
  message: 'message',
  recipientId: 'destinataire',
};

/** French text for any failure, e.g. "Solde insuffisant" or "Vérifiez ce champ : montant". */
export function messageFr(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Erreur inattendue';
  // A cart with nothing in it is refused with a plain 400 whose message says so.
  if (error.code === 'BAD_REQUEST' && /cart is empty/i.test(error.message)) return 'Votre panier est vide';
  const text = BY_CODE[error.code] ?? `Erreur ${error.status}`;
  const field = error.field ? ` : ${FIELDS[error.field] ?? error.field}` : '';
  const wait = error.retryAfter ? ` (réessayez dans ${error.retryAfter} s)` : '';
  return `${text}${field}${wait}`;
}
