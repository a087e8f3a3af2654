import { createHash } from 'node:crypto';

/** Discord rejects select option values longer than this. */
export const OPTION_VALUE_LIMIT = 100;

/**
 * Select-menu values for category paths. Discord caps a value at 100 characters while catalog paths run to
 * hundreds (the demo catalog's longest is 804), so a long path travels as a digest of itself and is looked up
 * on the way back. Digests are remembered per process: a menu rendered before a restart cannot be resolved and
 * its user is asked to start again, as with any expired list. The memory is bounded by the catalog's category
 * count, because equal paths share one digest.
 */
export class RefineValues {
  private readonly byDigest = new Map<string, string>();

  encode(path: string): string {
    if (path.length <= OPTION_VALUE_LIMIT && !path.startsWith('#')) return path;
    const digest = '#' + createHash('sha256').update(path).digest('base64url').slice(0, 22);
    this.byDigest.set(digest, path);
    return digest;
  }

  /** The category path a menu value stands for, or undefined when it is a digest this process never issued. */
  decode(value: string): string | undefined {
    if (!value.startsWith('#')) return value.length ? value : undefined;
    return this.byDigest.get(value);
  }
}
