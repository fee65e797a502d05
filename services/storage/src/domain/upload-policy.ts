import { DomainError } from '@platform/contracts';

/** Refuses a content type outside the configured allowlist (415, naming the field). */
export function checkContentType(allowed: readonly string[], contentType: string, field = 'contentType'): void {
  if (!allowed.includes(contentType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `${field}: ${contentType} is not accepted; allowed: ${allowed.join(', ')}`, { field });
  }
}

/** Refuses a declared size above the configured limit (413, naming the field). */
export function checkSize(maxBytes: number, size: number, hint = ''): void {
  if (size > maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `size: must be at most ${maxBytes} bytes${hint}`, { field: 'size', details: { maxBytes } });
  }
}
