import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog, type Item } from '../../model/catalog.js';
import { readBundleManifest } from '../../model/bundle.js';
import { isPreparedDataset, readItems } from '../../model/dataset.js';
import { MessageUnderstanding } from '../../bot/understanding/index.js';
import type { InterpretContext, Interpretation, ShownItem } from '../../bot/understanding/interpretation.js';
import { parsePhraseTable, PhraseTableError, scoreTable, type PhraseTable, type TableScore } from '../../bot/understanding/phrase-table.js';
import { UsageError } from '../command.js';
import { markdownTable, writeReport } from '../../training/report.js';

const root = join(import.meta.dirname, '..', '..');
const DEFAULT_BUNDLE = join(root, 'demo', 'bundle');
const DEFAULT_TABLES = ['scientific-lcrec.dev.tsv', 'scientific-lcrec.test.tsv', 'demo-original.tsv'].map((f) => join(root, 'test', 'fixtures', 'phrases', f));

export const HELP = `Usage: flarechat bench critique [--catalog <prepared dataset folder or bundle>] [--phrases <file.tsv>]...

Scores the message understanding on phrase tables (TSV: phrase, expected, kind; see bot/understanding/phrase-table.ts).
Without options: the repository's own tables on the demo bundle, written to reports/critique-phrases.json/.md.
  --catalog DIR     a folder written by \`flarechat prepare\` (dataset.json + items.jsonl) or a bundle (manifest.json)
  --phrases FILE    a phrase table; repeat for several (scored together and per table)
  --lexical         without the text encoder (stems and TF-IDF only)
  --misses          print each phrase understood wrongly, with what was expected and what was understood
  --suite dev|heldout
                    every table of test/fixtures/phrases/ named <catalog>.<suite>.tsv, each on its own catalog
                    (test/fixtures/catalogs/<catalog>; the Scientific ones on .flarechat/datasets/, skipped when not
                    prepared), with the figure over all of them
The last line is "accuracy X over N phrases".
`;

/** A prepared dataset folder or a bundle folder, as a Catalog. */
export async function loadCatalogFolder(dir: string): Promise<{ catalog: Catalog; bundleDir?: string }> {
  if (!existsSync(dir)) throw new UsageError(`--catalog ${dir} does not exist`);
  if (isPreparedDataset(dir)) return { catalog: new Catalog(await readItems(dir)) };
  if (existsSync(join(dir, 'manifest.json'))) {
    readBundleManifest(dir);
    const items = readFileSync(join(dir, 'catalog.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item);
    return { catalog: new Catalog(items), bundleDir: dir };
  }
  throw new UsageError(`--catalog ${dir} is neither a prepared dataset (dataset.json + items.jsonl) nor a bundle (manifest.json); run \`flarechat prepare\` on it first`);
}

/** The shown list a table names (`# shown:` catalog ids), as the engine would pass it. */
export function shownList(catalog: Catalog, ids: readonly string[], source: string): ShownItem[] {
  return ids.map((id, i) => {
    const index = catalog.indexOf(id);
    if (index === undefined) throw new UsageError(`${source}: the shown item "${id}" is not in this catalog; remove the "# shown:" line or use this catalog's ids`);
    const item = catalog.item(index);
    return { rank: i + 1, index, title: item.title, brand: item.brand, categories: item.categories, price: item.price };
  });
}

export interface TableRun {
  file: string;
  score: TableScore;
  problems: PhraseTable['problems'];
  msPerPhrase: number;
}

export async function runTable(understanding: MessageUnderstanding, catalog: Catalog, file: string): Promise<TableRun> {
  if (!existsSync(file)) throw new UsageError(`--phrases ${file} does not exist`);
  let table: PhraseTable;
  try {
    table = parsePhraseTable(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof PhraseTableError) throw new UsageError(error.message);
    throw error;
  }
  const context: InterpretContext = { shown: shownList(catalog, table.shown, file) };
  const interpretations: Interpretation[] = [];
  const started = performance.now();
  for (const row of table.rows) interpretations.push(await understanding.interpret(row.phrase, context));
  const msPerPhrase = table.rows.length ? (performance.now() - started) / table.rows.length : 0;
  return { file, score: scoreTable(table.rows, interpretations), problems: table.problems, msPerPhrase };
}

function summary(runs: readonly TableRun[]): { accuracy: number; total: number; correct: number } {
  const total = runs.reduce((s, r) => s + r.score.total, 0);
  const correct = runs.reduce((s, r) => s + r.score.correct, 0);
  return { accuracy: total ? correct / total : 0, total, correct };
}

/** A 2,000-character message of words no dictionary or catalog has (the old parser took 15.9 s on one): ms a turn. */
async function timeLongMessage(understanding: MessageUnderstanding): Promise<number> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = () => Array.from({ length: 4 + Math.floor(next() * 6) }, () => 'qwxzjvkpyfbg'[Math.floor(next() * 12)]).join('');
  let message = '';
  while (message.length < 2000) message += `${word()}${next() < 0.2 ? ',' : ''} `;
  message = message.slice(0, 2000);
  await understanding.interpret(message, { shown: [] });
  const started = performance.now();
  for (let i = 0; i < 5; i++) await understanding.interpret(message, { shown: [] });
  return (performance.now() - started) / 5;
}

function markdownFor(catalogDir: string, runs: readonly TableRun[], mode: string, longMessageMs?: number): string {
  const all = summary(runs);
  const parts = [
    '# Critique phrases: what people type, understood against the catalog',
    '',
    `Catalog ${catalogDir}; understanding: ${mode}. Accuracy **${all.accuracy.toFixed(3)}** over ${all.total} phrases. A row is right when the message steers to a path holding the expected node, excludes at or below a NOT: node, asks back / says the catalog lacks it / takes it as small talk / answers with the help for NONE, refers to the expected shown items (REF:) or reads the attribute (ATTR:; a value read holding the expected one as whole words, "dishwasher safe" for dishwasher). Regenerate: \`npx flarechat bench critique\`.`,
    '',
    markdownTable(['table', 'accuracy', 'phrases', 'ms a phrase'], runs.map((r) => [basename(r.file), r.score.accuracy.toFixed(3), r.score.total, r.msPerPhrase.toFixed(1)])),
  ];
  if (longMessageMs !== undefined) parts.push('', `A 2,000-character message of unknown words (with commas, so several clauses) takes ${longMessageMs.toFixed(1)} ms to interpret (mean of 5, one run on a shared machine; at most 64 words and 6 clauses are read).`);
  for (const r of runs) {
    parts.push('', `## ${basename(r.file)}`, '', markdownTable(['kind', 'correct', 'total'], Object.entries(r.score.byKind).map(([k, v]) => [k, v.correct, v.total])));
    parts.push('', markdownTable(['phrase', 'expected', 'understood', 'correct'], r.score.results.map((x) => [x.phrase, x.expected, x.got, x.correct ? 'yes' : '**no**'])));
  }
  return parts.join('\n');
}

/** npm run bench:critique: the understanding on phrase tables; the default run writes reports/critique-phrases.json/.md. */
export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { catalog: { type: 'string' }, phrases: { type: 'string', multiple: true }, suite: { type: 'string' }, lexical: { type: 'boolean' }, misses: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.suite !== undefined) return runSuite(values.suite, values.lexical === true, values.misses === true);
  const isDefault = values.catalog === undefined && values.phrases === undefined;
  if (!isDefault && (values.catalog === undefined || values.phrases === undefined)) throw new UsageError('give both --catalog and --phrases (or neither, for the repository\'s own tables on the demo bundle)');
  const catalogDir = resolve(values.catalog ?? DEFAULT_BUNDLE);
  const files = (values.phrases ?? DEFAULT_TABLES).map((f) => resolve(f));
  const { catalog, bundleDir } = await loadCatalogFolder(catalogDir);
  const understanding = values.lexical ? new MessageUnderstanding(catalog) : await MessageUnderstanding.open(catalog, { bundleDir });
  const runs: TableRun[] = [];
  let longMessageMs: number | undefined;
  try {
    for (const file of files) runs.push(await runTable(understanding, catalog, file));
    if (isDefault) longMessageMs = await timeLongMessage(understanding);
  } finally {
    await understanding.close();
  }
  for (const r of runs) {
    const kinds = Object.entries(r.score.byKind).map(([k, v]) => `${k} ${v.correct}/${v.total}`).join(', ');
    process.stdout.write(`${basename(r.file)}: ${r.score.accuracy.toFixed(3)} over ${r.score.total} (${kinds})${r.problems.length ? `; ${r.problems.length} unreadable lines skipped (first: line ${r.problems[0]!.line}, ${r.problems[0]!.reason})` : ''}\n`);    if (values.misses) for (const x of r.score.results.filter((x) => !x.correct)) process.stdout.write(`  miss [${x.kind}] ${JSON.stringify(x.phrase)}: expected ${x.expected}, understood ${x.got}\n`);
  }
  const all = summary(runs);
  if (isDefault) {
    const mode = understanding.mode;
    writeReport(join(root, 'reports'), 'critique-phrases', { accuracy: all.accuracy, total: all.total, correct: all.correct, catalog: 'demo/bundle', mode, longMessageMs, tables: runs.map((r) => ({ table: basename(r.file), accuracy: r.score.accuracy, total: r.score.total, msPerPhrase: r.msPerPhrase, byKind: r.score.byKind, results: r.score.results })) }, markdownFor('demo/bundle', runs, mode, longMessageMs));
    process.stdout.write('wrote reports/critique-phrases.json and .md\n');
  }
  process.stdout.write(`accuracy ${all.accuracy.toFixed(3)} over ${all.total} phrases\n`);
  return 0;
}

/**
 * The catalog a table of test/fixtures/phrases/ is written for: its hand-written catalog of the same name, or for the
 * Scientific tables the shared datasets prepared under .flarechat/datasets (`flarechat prepare`, as the README says).
 */
export function tableCatalog(name: string): string {
  const prepared: Record<string, string> = { 'scientific-lcrec': '.flarechat/datasets/scientific', 'scientific-unisrec': '.flarechat/datasets/scientific-unisrec' };
  return prepared[name] !== undefined ? resolve(prepared[name]!) : join(root, 'test', 'fixtures', 'catalogs', name);
}

/** `--suite dev|heldout`: every table of that kind on its own catalog, one line each and the figure over all. */
async function runSuite(suite: string, lexical: boolean, misses: boolean): Promise<number> {
  if (suite !== 'dev' && suite !== 'heldout') throw new UsageError(`--suite ${suite}: use dev or heldout`);
  const phrases = join(root, 'test', 'fixtures', 'phrases');
  const names = readdirSync(phrases).filter((f) => f.endsWith(`.${suite}.tsv`)).map((f) => f.slice(0, -`.${suite}.tsv`.length)).sort();
  const runs: TableRun[] = [];
  for (const name of names) {
    const catalogDir = tableCatalog(name);
    if (!existsSync(catalogDir)) {
      process.stdout.write(`${name}.${suite}.tsv: skipped, ${catalogDir} is not prepared\n`);
      continue;
    }
    const { catalog, bundleDir } = await loadCatalogFolder(catalogDir);
    const understanding = lexical ? new MessageUnderstanding(catalog) : await MessageUnderstanding.open(catalog, { bundleDir, notice: () => {} });
    try {
      const run = await runTable(understanding, catalog, join(phrases, `${name}.${suite}.tsv`));
      runs.push(run);
      const kinds = Object.entries(run.score.byKind).map(([k, v]) => `${k} ${v.correct}/${v.total}`).join(', ');
      process.stdout.write(`${name}.${suite}.tsv: ${run.score.accuracy.toFixed(3)} over ${run.score.total} (${kinds})\n`);
      if (misses) for (const x of run.score.results.filter((x) => !x.correct)) process.stdout.write(`  miss [${x.kind}] ${JSON.stringify(x.phrase)}: expected ${x.expected}, understood ${x.got}\n`);
    } finally {
      await understanding.close();
    }
  }
  const all = summary(runs);
  process.stdout.write(`accuracy ${all.accuracy.toFixed(3)} over ${all.total} phrases (${all.correct} right, ${runs.length} tables)\n`);
  return 0;
}
