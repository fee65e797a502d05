import { DomainError, findText } from '@platform/contracts';
import type { FastifyInstance } from 'fastify';

/** A digit (or point) then e/E then a digit or sign: the only place JSON has an exponent. A cheap test before the exact scan. */
const MAYBE_EXPONENT = /[0-9.][eE][-+0-9]/;
const MARK = '\u0000exponent:';
/** The same mark as JSON text: a NUL must be escaped inside a JSON string. */
const MARK_IN_JSON = '\\u0000exponent:';

/**
 * The raw JSON text with every number written in exponent form (1e2, 5E-1)
 * turned into a marked string, or undefined when it has none. Only tokens
 * outside strings are numbers, so a scan that skips strings finds them all.
 */
function markExponents(text: string): string | undefined {
  let out = '';
  let last = 0;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
      const token = text.slice(i, end);
      if (/[eE]/.test(token)) {
        out += `${text.slice(last, i)}"${MARK_IN_JSON}${token}"`;
        last = end;
        found = true;
      }
      i = end - 1;
    }
  }
  return found ? out + text.slice(last) : undefined;
}

/**
 * JSON bodies are parsed by Fastify's own parser (it refuses `__proto__` and
 * `constructor` poisoning), then refused with 400 naming the field when a
 * number is written in exponent form: 1e2 is refused as "1e2" is, so an
 * amount is always plain decimal text (docs/decisions/0105).
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error || !MAYBE_EXPONENT.test(body as string)) return done(error, value);
      const marked = markExponents(body as string);
      if (marked === undefined) return done(null, value);
      let path: PropertyKey[] = [];
      try {
        path = findText(JSON.parse(marked), (text) => text.startsWith(MARK)) ?? [];
      } catch {
        // The marked text did not parse (it should): the refusal names the body instead of a field.
      }
      const field =
        path
          .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
          .join('.')
          .replace(/\.\[/g, '[') || 'body';
      done(new DomainError('VALIDATION_FAILED', `${field}: must be written without an exponent (e.g. 100, not 1e2)`, { field }), undefined);
    });
  });
}
