import { el } from './dom.js';
import { messageFr } from './messages-fr.js';

const KEPT_ENTRIES = 50;

/**
 * A session's tokens (an object holding a refreshToken) are shortened in the
 * panel: screenshots of the page, which a failed browser test keeps, must not
 * carry a usable access or refresh token. A ticket's signed token stays whole.
 */
function hideSessionTokens(key, value) {
  const inSession = typeof this === 'object' && this !== null && 'refreshToken' in this;
  return inSession && (key === 'token' || key === 'refreshToken') && typeof value === 'string' ? `${value.slice(0, 10)}…` : value;
}

/** What the panel shows for a failure: the SDK's ApiError fields, or the message of anything else. */
function describeFailure(error, ApiError) {
  if (error instanceof ApiError) {
    const { status, code, message, field, details, requestId } = error;
    // `texte`: what a French app shows its users, chosen by code; `message` is the API's own (English).
    return {
      texte: messageFr(error),
      error: { status, code, message, field: field ?? null, details: details ?? null, requestId: requestId ?? null },
      body: error.body ?? null,
    };
  }
  return { error: { code: 'CLIENT_ERROR', message: error instanceof Error ? error.message : String(error) } };
}

/**
 * The live JSON panel. `run(label, call)` awaits one SDK call, shows its
 * response (or its ApiError: status, code, message, field) at the top of the
 * log, and returns the data, or undefined when the call failed: sections then
 * simply stop. The newest entry carries data-testid="response-latest".
 */
export function createResponsePanel(log, { ApiError }) {
  return async function run(label, call) {
    const meta = el('span', { class: 'meta' }, 'en cours…');
    const body = el('pre');
    const entry = el('li', { dataset: { outcome: 'pending', label } }, el('span', { class: 'label' }, label), ' ', meta, body);
    log.querySelector('[data-testid="response-latest"]')?.removeAttribute('data-testid');
    entry.dataset.testid = 'response-latest';
    log.prepend(entry);
    while (log.children.length > KEPT_ENTRIES) log.lastElementChild.remove();

    const started = performance.now();
    const finish = (outcome, shown) => {
      entry.dataset.outcome = outcome;
      meta.textContent = `${outcome === 'ok' ? 'OK' : `erreur ${shown.error.status ?? ''}`.trim()} · ${Math.round(performance.now() - started)} ms`;
      body.textContent = JSON.stringify(shown, hideSessionTokens, 2) ?? '(réponse vide)';
    };
    try {
      const data = await call();
      finish('ok', data ?? null);
      return data ?? {};
    } catch (error) {
      finish('error', describeFailure(error, ApiError));
      return undefined;
    }
  };
}
