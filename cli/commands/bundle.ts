import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type CliCommand } from '../command.js';
import { readBundleManifest } from '../../model/bundle.js';
import { checkWeightShapes, rehashBundle, verifyBundleFiles } from '../../model/bundle-files.js';

const description = `Keeps a bundle's file list honest. manifest.json lists the SHA-256 of every file in the bundle folder, and
loading refuses a file that does not match (a swapped catalog line, an edited weights file) with the file's name.

  rehash <bundle>   record the current SHA-256 of every file: after changing a bundle on purpose (a cleaned
                    catalog, a file added), or once for a bundle written before bundles listed their files
  verify <bundle>   check every listed file and the manifest's shapes against weights.bin, without loading the model`;

export const command: CliCommand = {
  define: (cmd) => cmd.description(description).argument('<action>', 'rehash | verify').argument('<bundle>', 'the bundle folder'),
  async run(_options, [action, dir]: [string, string]) {
    if (action === 'rehash') {
      const files = rehashBundle(dir);
      process.stdout.write(`${join(dir, 'manifest.json')}: ${Object.keys(files).length} files listed with their SHA-256 (${Object.keys(files).join(', ')})\n`);
      return 0;
    }
    if (action === 'verify') {
      const manifest = readBundleManifest(dir);
      const warnings = verifyBundleFiles(dir, manifest);
      checkWeightShapes(dir, manifest, statSync(join(dir, 'weights.bin')).size);
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(`${dir}: ${Object.keys(manifest.files ?? {}).length} listed files match their SHA-256; the manifest's shapes match weights.bin\n`);
      return 0;
    }
    throw new UsageError(`unknown action '${action}': expected rehash or verify`);
  },
};
