/** MIME type without parameters, lowercased ("Video/MP4; codecs=x" -> "video/mp4"). */
const essence = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

/**
 * Compares what the store holds with what the client declared. Returns why
 * they differ, or undefined when the upload is what was announced.
 */
export function uploadMismatch(declared: { size: number; contentType: string }, stored: { size: number; contentType: string }): string | undefined {
  if (stored.size !== declared.size) return `the uploaded file has ${stored.size} bytes, ${declared.size} were declared`;
  if (essence(stored.contentType) !== essence(declared.contentType))
    return `the uploaded file is ${stored.contentType || 'untyped'}, ${declared.contentType} was declared`;
  return undefined;
}
