import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CritiqueParser } from '../../bot/critique-parser.js';
import { evaluatePhrases, type PhraseCase } from '../../bot/critique-evaluation.js';
import { loadCritiqueWords } from '../../bot/prompts.js';
import { loadBundleWeights } from '../../model/bundle.js';
import { markdownTable, writeReport } from '../../training/report.js';

const root = join(import.meta.dirname, '..', '..');

/** npm run bench:critique: the critique parser on the phrase table, written to reports/critique-phrases.json/.md. */
export async function run(): Promise<number> {
  const cases = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'critique-phrases.json'), 'utf8')) as PhraseCase[];
  const parser = new CritiqueParser(loadBundleWeights(join(root, 'demo', 'bundle')).catalog, loadCritiqueWords());
  const started = performance.now();
  const result = evaluatePhrases(parser, cases);
  const msPerPhrase = (performance.now() - started) / cases.length;
  const markdown = [
    '# Critique phrases: free text to a category of the demo catalog',
    '',
    `Accuracy **${result.accuracy.toFixed(3)}** on ${result.total} phrases (${msPerPhrase.toFixed(1)} ms a phrase). Correct means the exact expected category (right depth), negation detected for negations, and no category guessed for nonsense.`,
    '',
    markdownTable(['kind', 'correct', 'total'], Object.entries(result.byKind).map(([k, v]) => [k, v.correct, v.total])),
    '',
    markdownTable(['phrase', 'kind', 'mapped to', 'correct'], result.results.map((r) => [r.text, r.kind, r.got, r.correct ? 'yes' : '**no**'])),
  ].join('\n');
  writeReport(join(root, 'reports'), 'critique-phrases', { accuracy: result.accuracy, total: result.total, msPerPhrase, byKind: result.byKind, results: result.results }, markdown);
  process.stdout.write(`critique phrase accuracy ${result.accuracy.toFixed(3)} over ${result.total} phrases (reports/critique-phrases.md)\n`);
  return 0;
}
