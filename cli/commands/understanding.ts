import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, type CliCommand } from '../command.js';
import { openTextEncoder } from '../../model/text-encoder/index.js';
import { rehashBundle } from '../../model/bundle-files.js';
import { MessageUnderstanding } from '../../bot/understanding/index.js';
import { computeCatalogVectors, vectorTexts, VECTORS_FILE, writeCatalogVectors } from '../../bot/understanding/catalog-vectors.js';
import { CategoryTree } from '../../bot/understanding/category-tree.js';
import { computeNeedsVectors, loadNeeds, NEEDS_VECTORS_FILE, writeNeedsVectors } from '../../bot/understanding/needs.js';
import { fitNeedAct, fitScorer, type FitTable } from '../../bot/understanding/fit.js';
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
/**
 * The need level (see fitNeedAct) is fitted on every development table: the scorer's four have few descriptions of a
 * need, these four many (each table written by hand for its own catalog, none of them held out).
 */
const DEFAULT_NEED_FIT = [
  ...DEFAULT_FIT,
  ['test/fixtures/catalogs/baby-products', 'test/fixtures/phrases/baby-products.dev.tsv'],
  ['test/fixtures/catalogs/computer-accessories', 'test/fixtures/phrases/computer-accessories.dev.tsv'],
  ['test/fixtures/catalogs/cell-phones-accessories', 'test/fixtures/phrases/cell-phones-accessories.dev.tsv'],
  ['test/fixtures/catalogs/health-household', 'test/fixtures/phrases/health-household.dev.tsv'],
];
const FIT_COMMAND = 'npx flarechat understanding fit';

export const command: CliCommand = {
  define: (cmd) =>
    cmd
      .argument('<action>', '"vectors", "needs" or "fit"')
      .argument('[folder]', 'vectors: the bundle folder')
      .option('--table <catalog=table>', 'fit: a catalog folder and its development table (repeatable; default both Scientific dev halves, garden-hardware.dev.tsv and sports-outdoors.dev.tsv)', (value: string, previous: string[] = []) => [...previous, value])
      .option('--need-table <catalog=table>', 'fit: a development table the level of acting on needs is fitted on (repeatable; default the --table defaults and the baby, computer, cell phone and health development tables)', (value: string, previous: string[] = []) => [...previous, value])
      .description(
        `vectors: encodes every category name and item title of the bundle's catalog with the text encoder and writes ${VECTORS_FILE}
into the bundle (float16) and lists it in the bundle's manifest, so chat start-up needs no encoding.
needs: encodes the situations and kinds of the needs lexicon (prompts/needs/*.tsv) and writes
bot/understanding/needs-vectors.bin, shipped so no start-up encodes them; run it after editing prompts/needs.
fit: fits the understanding's scorer (weights, calibration, abstention threshold) on development phrase tables only and
writes bot/understanding/scorer-weights.json. The default tables need the two Scientific catalogs prepared first:
  npx flarechat prepare ../shared/data/amazon18-scientific-lcrec .flarechat/datasets/scientific
  npx flarechat prepare ../shared/data/amazon18-scientific-unisrec .flarechat/datasets/scientific-unisrec`,
      ),
  async run(values: { table?: string[]; needTable?: string[] }, [action, folder]: [string, string | undefined]) {
    if (action === 'vectors') return writeVectors(folder);
    if (action === 'fit') return fit(values.table, values.needTable);
    if (action === 'needs') return writeNeeds();
    throw new UsageError(`expected "vectors", "needs" or "fit", not "${action}"`);
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

async function writeNeeds(): Promise<number> {
  const lexicon = loadNeeds();
  if (lexicon.badLines > 0) throw new UsageError(`${lexicon.badLines} lines of prompts/needs are not "situation<TAB>kinds" (or "cue<TAB>kinds"): fix them first`);
  const encoder = await openTextEncoder('use-lite');
  try {
    const started = performance.now();
    writeNeedsVectors(NEEDS_VECTORS_FILE, await computeNeedsVectors(encoder, lexicon));
    process.stdout.write(`wrote ${NEEDS_VECTORS_FILE.slice(root.length + 1)} (${lexicon.situations.length} situations, ${lexicon.cues.length} cues, ${lexicon.kinds.length} kinds, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } finally {
    await encoder.dispose();
  }
  return 0;
}

function tablePairs(option: string[] | undefined, defaults: string[][], flag: string): (readonly [string, string])[] {
  return (option ?? defaults.map(([c, t]) => `${c}=${t}`)).map((p) => {
    const [catalogDir, table] = p.split('=');
    if (!catalogDir || !table) throw new UsageError(`${flag} ${p}: expected <catalog folder>=<table.tsv>`);
    const file = resolve(root, table);
    if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
    return [resolve(root, catalogDir), file] as const;
  });
}

/** Each table read on its catalog, semantic (with the encoder) or lexical. */
async function openTables(pairs: readonly (readonly [string, string])[], mode: 'semantic' | 'lexical', scorers: FittedScorers): Promise<FitTable[]> {
  const tables: FitTable[] = [];
  for (const [catalogDir, file] of pairs) {
    const { catalog, bundleDir } = await loadCatalogFolder(catalogDir);
    const table = parsePhraseTable(readFileSync(file, 'utf8'), file);
    const understanding = mode === 'semantic' ? await MessageUnderstanding.open(catalog, { bundleDir, scorers }) : new MessageUnderstanding(catalog, { scorers });
    if (mode === 'semantic' && !understanding.semantic) throw new UsageError('the text encoder could not be opened: cannot fit the semantic scorer');
    tables.push({ understanding, rows: table.rows, context: { shown: shownList(catalog, table.shown, file) } });
  }
  return tables;
}

async function fit(tablesOption: string[] | undefined, needTablesOption: string[] | undefined): Promise<number> {
  const pairs = tablePairs(tablesOption, DEFAULT_FIT, '--table');
  const needPairs = tablePairs(needTablesOption, DEFAULT_NEED_FIT, '--need-table');
  const scorers: FittedScorers = loadScorers();
  const fitted: Partial<FittedScorers> = {};
  for (const mode of ['semantic', 'lexical'] as const) {
    const tables = await openTables(pairs, mode, scorers);
    fitted[mode] = await fitScorer(tables, (w) => tables.forEach((t) => t.understanding.useWeights(w)), scorers[mode]);
    for (const t of tables) await t.understanding.close();
    // Only the encoder reads needs.
    if (mode === 'semantic') {
      const needTables = await openTables(needPairs, mode, scorers);
      fitted[mode] = await fitNeedAct(needTables, (w) => needTables.forEach((t) => t.understanding.useWeights(w)), fitted[mode]!);
      for (const t of needTables) await t.understanding.close();
    }
    process.stdout.write(`${mode}: threshold ${fitted[mode]!.threshold}${fitted[mode]!.needAct !== undefined ? `, acts on needs from ${fitted[mode]!.needAct}` : ''}, weights ${fitted[mode]!.weights.map((w) => w.toFixed(2)).join(' ')}\n`);
  }
  const out: FittedScorers = {
    command: FIT_COMMAND,
    fittedOn: pairs.map(([, t]) => t.slice(root.length + 1)),
    needActFittedOn: needPairs.map(([, t]) => t.slice(root.length + 1)),
    fittedAt: new Date().toISOString(),
    semantic: fitted.semantic!,
    lexical: fitted.lexical!,
  };
  writeFileSync(SCORER_WEIGHTS_FILE, JSON.stringify(out, null, 1) + '\n');
  process.stdout.write(`wrote ${SCORER_WEIGHTS_FILE.slice(root.length + 1)}\n`);
  return 0;
}
