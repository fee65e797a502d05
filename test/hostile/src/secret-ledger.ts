/** Anything that looks like a JWT, whoever issued it. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/;
/** A presigned URL is a bearer credential for its object. */
const PRESIGNED_SIGNATURE = /X-Amz-Signature=[0-9a-f]{16,}/i;

/**
 * The secrets a suite used (passwords, tokens, API keys, the S3 secret), so
 * the processes' logs can be searched for them afterwards.
 */
export class SecretLedger {
  private readonly secrets = new Map<string, string>();

  remember(label: string, value: string | undefined): void {
    // Short values would match by accident; every secret here is longer.
    if (value && value.length >= 6) this.secrets.set(value, label);
  }

  get size(): number {
    return this.secrets.size;
  }

  /** What leaked into `logs`, by label (never the value itself, so a failure report does not repeat it). */
  leaksIn(logs: string): string[] {
    const found = [...this.secrets].filter(([value]) => logs.includes(value)).map(([, label]) => label);
    const jwt = JWT_SHAPE.exec(logs);
    if (jwt) found.push(`a JWT-shaped token near: ${redactedContext(logs, jwt.index)}`);
    const presigned = PRESIGNED_SIGNATURE.exec(logs);
    if (presigned) found.push(`a presigned URL signature near: ${redactedContext(logs, presigned.index)}`);
    return found;
  }
}

function redactedContext(logs: string, at: number): string {
  return logs.slice(Math.max(0, at - 120), at).replace(/\s+/g, ' ');
}
