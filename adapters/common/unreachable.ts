/** Error codes of a service that cannot be reached (refused, unknown host, timed out, reset). */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The network error code of an error or of its causes (fetch wraps it: TypeError "fetch failed" { cause }). */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERRORS.has(code)) return code;
  const inner = (error as { cause?: unknown; original?: unknown }).cause ?? (error as { original?: unknown }).original;
  return networkErrorCode(inner, depth + 1);
}

/**
 * A service (Slack, Discord) that cannot be reached: a runtime failure (exit code 1), said in one line naming the
 * address and the setting that chooses it.
 */
export class UnreachableError extends Error {
  readonly userFacing = true;
  readonly exitCode = 1;

  constructor(service: string, url: string, setting: string, cause: unknown) {
    const code = networkErrorCode(cause);
    super(`could not reach ${service} at ${url}${code ? ` (${code})` : ''}: check the network connection, or ${setting} if it is set`, { cause });
  }
}
