import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file whole or not at all: the data goes to `<path>.tmp`, renamed over `path`, so a kill mid-write leaves the previous version. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}
