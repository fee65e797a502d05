/** Longest sanitized filename; the key also carries uploads/<user_id>/<uuid>-. */
export const MAX_FILENAME_LENGTH = 100;

/**
 * A filename safe to put in an object key and a Content-Disposition header:
 * accents folded to ASCII, anything but letters, digits, '.', '-' and '_'
 * replaced by '_', so no slash, backslash, control character or '..' survives;
 * no leading dot; bounded length that keeps the extension. `../../etc/passwd`
 * becomes `etc_passwd`.
 */
export function sanitizeFilename(raw: string): string {
  const folded = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let name = folded
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/[._-]+$/, '');
  if (name.length > MAX_FILENAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, MAX_FILENAME_LENGTH - extension.length) + extension;
  }
  return name || 'file';
}
