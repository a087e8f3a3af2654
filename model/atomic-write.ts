import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

/** Temporary files of writeFileAtomic end so: whoever lists a folder (bundle-files.ts) can leave them out. */
export const TEMPORARY_SUFFIX = '.tmp';

/**
 * Writes a file whole or not at all: the data goes to a temporary file beside `path`, renamed over `path`, so a kill
 * mid-write leaves the previous version. The temporary name is the writer's own (process, thread, random), so two
 * processes filling one cache at once (two trainings on the same catalog) never rename each other's file away; the
 * last rename wins with a whole file either way.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
