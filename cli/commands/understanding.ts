import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, type CliCommand } from '../command.js';
import { openTextEncoder } from '../../model/text-encoder/index.js';
import { rehashBundle } from '../../model/bundle-files.js';
import { MessageUnderstanding } from '../../bot/understanding/index.js';
import { computeCatalogVectors, vectorTexts, VECTORS_FILE, writeCatalogVectors } from '../../bot/understanding/catalog-vectors.js';
import { CategoryTree } from '../../bot/understanding/category-tree.js';
import { fitScorer, type FitTable } from '../../bot/understanding/fit.js';
import { parsePhraseTable } from '../../bot/understanding/phrase-table.js';
import { loadScorers, SCORER_WEIGHTS_FILE, type FittedScorers } from '../../bot/understanding/scorer.js';
import { loadCatalogFolder, shownList } from '../bench/critique.js';

const root = join(import.meta.dirname, '..', '..');
const DEFAULT_FIT = [
  ['.flarechat/datasets/scientific', 'test/fixtures/phrases/scientific-lcrec.dev.tsv'],
  ['.flarechat/datasets/scientific-unisrec', 'test/fixtures/phrases/scientific-unisrec.dev.tsv'],
  // A small hand-written catalog of another domain, so the calibration is not of Scientific's 4,000 items alone.
  ['test/fixtures/catalogs/garden-hardware', 'test/fixtures/phrases/garden-hardware.dev.tsv'],
  ['test/fixtures/catalogs/sports-outdoors', 'test/fixtures/phrases/sports-outdoors.dev.tsv'],
];
const FIT_COMMAND = 'npx flarechat understanding fit';

export const command: CliCommand = {
  define: (cmd) =>
    cmd
      .argument('<action>', '"vectors" or "fit"')
      .argument('[folder]', 'vectors: the bundle folder')
      .option('--table <catalog=table>', 'fit: a catalog folder and its development table (repeatable; default both Scientific dev halves, garden-hardware.dev.tsv and sports-outdoors.dev.tsv)', (value: string, previous: string[] = []) => [...previous, value])
      .description(
        `vectors: encodes every category name and item title of the bundle's catalog with the text encoder and writes ${VECTORS_FILE}
into the bundle (float16) and lists it in the bundle's manifest, so chat start-up needs no encoding.
fit: fits the understanding's scorer (weights, calibration, abstention threshold) on development phrase tables only and
writes bot/understanding/scorer-weights.json. The default tables need the two Scientific catalogs prepared first:
  npx flarechat prepare ../shared/data/amazon18-scientific-lcrec .flarechat/datasets/scientific
  npx flarechat prepare ../shared/data/amazon18-scientific-unisrec .flarechat/datasets/scientific-unisrec`,
      ),
  async run(values: { table?: string[] }, [action, folder]: [string, string | undefined]) {
    if (action === 'vectors') return writeVectors(folder);
    if (action === 'fit') return fit(values.table);
    throw new UsageError(`expected "vectors" or "fit", not "${action}"`);
  },
};

async function writeVectors(dir: string | undefined): Promise<number> {
  if (!dir) throw new UsageError('expected a bundle folder: flarechat understanding vectors <bundle>');
  const { catalog, bundleDir } = await loadCatalogFolder(resolve(dir));
  if (!bundleDir) throw new UsageError(`${dir} is a prepared dataset, not a bundle: its vectors are cached on first use`);
  const encoder = await openTextEncoder('use-lite');
  try {
    const started = performance.now();
    const vectors = await computeCatalogVectors(encoder, vectorTexts(new CategoryTree(catalog), catalog));
    writeCatalogVectors(join(bundleDir, VECTORS_FILE), vectors);
    // The manifest lists every bundle file's SHA-256, checked at load: list the new file too.
    rehashBundle(bundleDir);
    process.stdout.write(`wrote ${join(dir, VECTORS_FILE)} (${vectors.names.length / vectors.dim} categories, ${vectors.titles.length / vectors.dim} titles, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } finally {
    await encoder.dispose();
  }
  return 0;
}

async function fit(tablesOption: string[] | undefined): Promise<number> {
  const pairs = (tablesOption ?? DEFAULT_FIT.map(([c, t]) => `${c}=${t}`)).map((p) => {
    const [catalogDir, table] = p.split('=');
    if (!catalogDir || !table) throw new UsageError(`--table ${p}: expected <catalog folder>=<table.tsv>`);
    return [resolve(root, catalogDir), resolve(root, table)] as const;
  });
  const scorers: FittedScorers = loadScorers();
  const fitted: Partial<FittedScorers> = {};
  for (const mode of ['semantic', 'lexical'] as const) {
    const tables: FitTable[] = [];
    const opened: MessageUnderstanding[] = [];
    for (const [catalogDir, file] of pairs) {
      if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
      const { catalog, bundleDir } = await loadCatalogFolder(catalogDir);
      const table = parsePhraseTable(readFileSync(file, 'utf8'), file);
      const understanding = mode === 'semantic' ? await MessageUnderstanding.open(catalog, { bundleDir, scorers }) : new MessageUnderstanding(catalog, { scorers });
      if (mode === 'semantic' && !understanding.semantic) throw new UsageError('the text encoder could not be opened: cannot fit the semantic scorer');
      opened.push(understanding);
      tables.push({ understanding, rows: table.rows, context: { shown: shownList(catalog, table.shown, file) } });
    }
    fitted[mode] = await fitScorer(tables, (w) => tables.forEach((t) => t.understanding.useWeights(w)), scorers[mode]);
    for (const u of opened) await u.close();
    process.stdout.write(`${mode}: threshold ${fitted[mode]!.threshold}, weights ${fitted[mode]!.weights.map((w) => w.toFixed(2)).join(' ')}\n`);
  }
  const out: FittedScorers = {
    command: FIT_COMMAND,
    fittedOn: pairs.map(([, t]) => t.slice(root.length + 1)),
    fittedAt: new Date().toISOString(),
    semantic: fitted.semantic!,
    lexical: fitted.lexical!,
  };
  writeFileSync(SCORER_WEIGHTS_FILE, JSON.stringify(out, null, 1) + '\n');
  process.stdout.write(`wrote ${SCORER_WEIGHTS_FILE.slice(root.length + 1)}\n`);
  return 0;
}
