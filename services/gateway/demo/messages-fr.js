// The API answers in English with stable codes (docs/first-10-minutes.md); the
// demo shows French text chosen by code, as an app would. The starter app has
// the same table: examples/react-vite/src/messages-fr.ts.

const BY_CODE = {
  VALIDATION_FAILED: 'Vérifiez ce champ',
  BAD_REQUEST: 'Requête invalide',
  UNAUTHENTICATED: 'Connexion requise, ou session expirée',
  INSUFFICIENT_FUNDS: 'Solde insuffisant',
  FORBIDDEN: 'Action non autorisée',
  NOT_FOUND: 'Introuvable',
  CONFLICT: 'Conflit : déjà fait, ou plus disponible',
  PRICE_CHANGED: 'Le prix a changé : vérifiez le nouveau montant',
  IDEMPOTENCY_KEY_REUSED: 'Cette opération a déjà été envoyée',
  PAYLOAD_TOO_LARGE: 'Fichier trop volumineux',
  UNSUPPORTED_MEDIA_TYPE: 'Type de fichier refusé',
  RATE_LIMITED: 'Trop de requêtes',
  SERVICE_UNAVAILABLE: 'Service momentanément indisponible',
  DEADLINE_EXCEEDED: 'Le serveur met trop de temps à répondre',
  NETWORK_ERROR: 'Serveur injoignable (réseau ou CORS)',
  TIMEOUT: 'Délai dépassé',
};

/** "Solde insuffisant (champ : amount)", or the empty cart's own sentence. */
export function messageFr(error) {
  if (error.code === 'BAD_REQUEST' && error.field === 'cart') return 'Votre panier est vide';
  const text = BY_CODE[error.code] ?? `Erreur ${error.status}`;
  return error.field ? `${text} (champ : ${error.field})` : text;
}
