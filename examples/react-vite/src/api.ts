import PaieCashFanAPIClient from '@platform/client';

/**
 * One client for the whole app. Without options it calls the page's own
 * origin + /api; a dev server on another port sets VITE_API_URL
 * (e.g. http://localhost:3000) in .env.local, and the gateway must list the
 * dev server's origin in CORS_ORIGINS (docs/first-10-minutes.md).
 * The SDK keeps the session in localStorage and refreshes the access token
 * by itself; `onTokenExpired` fires when the session is really over.
 */
export const sessionListeners = new Set<() => void>();

export const api = new PaieCashFanAPIClient({
  baseURL: import.meta.env.VITE_API_URL || undefined,
  onTokenExpired: () => {
    for (const listener of sessionListeners) listener();
  },
});
