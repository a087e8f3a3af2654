import type { ClauseIntent, Interpretation } from './interpretation.js';
import { materialNoun, sameSpelling, tokens } from './text.js';

/**
 * Phrase tables: what people type and what the understanding must make of it, as TSV with a header row
 * `phrase  expected  kind`. Lines before the header starting with # are comments; `# shown: id,id,...` names the list on screen (catalog
 * item ids, ranks 1..n) for every phrase of the table, so references ("the second one", "the mitutoyo") can be scored.
 *
 * `expected`:
 * - a category node name: the positive category the message steers to must contain that node (a run of whole levels
 *   of the chosen path, ending at a level's end: "Calipers" accepts ... - Calipers - Digital Calipers);
 * - `NONE`: no steer and no exclusion, and the understanding asks back, says the catalog lacks it, takes it as
 *   small talk or answers with the help;
 * - `NOT:<node>`: an exclusion at or below that node;
 * - `REF:<like|dismiss|moreLike|remove>:<ranks>`: a reference to the shown list with that action and those ranks;
 * - `ATTR:<attribute>[:<less|more or a value>]`: a comparison or attribute clause (a value read holds the expected
 *   one as whole words: "dishwasher safe" reads dishwasher).
 */
export type Expectation =
  | { kind: 'category'; node: string }
  | { kind: 'none' }
  | { kind: 'not'; node: string }
  | { kind: 'refer'; action: string; ranks: number[] }
  | { kind: 'attribute'; attribute: string; detail?: string };

export interface PhraseRow {
  phrase: string;
  expected: string;
  kind: string;
  expectation: Expectation;
  /** 1-based line number in the file. */
  line: number;
}

export interface PhraseTable {
  rows: PhraseRow[];
  /** Catalog item ids of the shown list (`# shown:`), empty when the table names none. */
  shown: string[];
  /** Lines that could not be read, with the reason (counted, never fatal). */
  problems: { line: number; reason: string }[];
}

export class PhraseTableError extends Error {}

export function parseExpectation(expected: string): Expectation | undefined {
  const text = expected.trim();
  if (!text) return undefined;
  if (text === 'NONE') return { kind: 'none' };
  if (text.startsWith('NOT:')) return text.length > 4 ? { kind: 'not', node: text.slice(4).trim() } : undefined;
  if (text.startsWith('REF:')) {
    const [, action, ranks] = text.split(':');
    const numbers = (ranks ?? '').split(',').map((r) => Number(r.trim()));
    if (!action || !['like', 'dismiss', 'moreLike', 'remove'].includes(action) || numbers.some((n) => !Number.isInteger(n) || n < 1)) return undefined;
    return { kind: 'refer', action, ranks: numbers };
  }
  if (text.startsWith('ATTR:')) {
    const [, attribute, ...detail] = text.split(':');
    if (!attribute || !['price', 'size', 'colour', 'material', 'other'].includes(attribute)) return undefined;
    return { kind: 'attribute', attribute, detail: detail.length ? detail.join(':').trim().toLowerCase() : undefined };
  }
  return { kind: 'category', node: text };
}

/** Reads a phrase table; throws only when the file is not a phrase table at all (no header with the three columns). */
export function parsePhraseTable(text: string, source = 'phrase table'): PhraseTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const shown: string[] = [];
  const rows: PhraseRow[] = [];
  const problems: PhraseTable['problems'] = [];
  let columns: { phrase: number; expected: number; kind: number } | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    // Comments and directives come before the header; after it a leading # is a phrase ("#3 please").
    if (!columns && raw.startsWith('#')) {
      const m = /^#\s*shown:\s*(.*)$/i.exec(raw);
      if (m) shown.push(...m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
      return;
    }
    const cells = raw.split('\t');
    if (!columns) {
      const names = cells.map((c) => c.trim().toLowerCase());
      const at = (name: string) => names.indexOf(name);
      if (at('phrase') < 0 || at('expected') < 0) throw new PhraseTableError(`${source}: line ${line} should be the header row "phrase<TAB>expected<TAB>kind"; add it as the first line`);
      columns = { phrase: at('phrase'), expected: at('expected'), kind: at('kind') };
      return;
    }
    const phrase = cells[columns.phrase]?.trim() ?? '';
    const expected = cells[columns.expected]?.trim() ?? '';
    const expectation = parseExpectation(expected);
    if (!phrase) problems.push({ line, reason: 'empty phrase' });
    else if (!expectation) problems.push({ line, reason: `cannot read expected "${expected}"` });
    else rows.push({ phrase, expected, kind: (columns.kind >= 0 ? cells[columns.kind]?.trim() : '') || 'unspecified', expectation, line });
  });
  if (!columns) throw new PhraseTableError(`${source}: no header row "phrase<TAB>expected<TAB>kind" (and no phrases)`);
  return { rows, shown, problems };
}

const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}&]+/gu, ' ').trim().split(' ').filter(Boolean);

/**
 * Whether the path holds `node` as a run of whole levels: the run starts at a level's start and ends at a level's end,
 * so "Calipers" matches "... - Calipers - Digital Calipers" but not "... - Dial Calipers". Case and punctuation are
 * ignored, and a run may span levels, so a tree recovered from flat category text ("Lab - Flasks") holds "Lab Flasks".
 */
export function pathHoldsNode(path: string, node: string, atEnd = false): boolean {
  const target = words(node);
  if (target.length === 0) return false;
  const levels = path.split(' - ').map(words);
  for (let start = 0; start < levels.length; start++) {
    const run: string[] = [];
    for (let end = start; end < levels.length; end++) {
      run.push(...levels[end]!);
      if (run.length > target.length) break;
      if (run.length === target.length && run.every((w, i) => w === target[i]) && (!atEnd || end === levels.length - 1)) return true;
    }
  }
  return false;
}

/** Whether the path is the node itself (the run of levels ends at the path's last level), not something below it. */
export function pathIsNode(path: string, node: string): boolean {
  return pathHoldsNode(path, node, true);
}

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** What the interpretation did, in one line, for reports. */
export function describeInterpretation(interpretation: Interpretation): string {
  if (interpretation.clauses.length === 0) return '(nothing)';
  return interpretation.clauses.map(describeClause).join(' + ');
}

function describeClause(c: ClauseIntent): string {
  switch (c.kind) {
    case 'steer':
      return `steer ${c.path} (${c.confidence.toFixed(2)})`;
    case 'exclude':
      return `exclude ${c.path} (${c.confidence.toFixed(2)})`;
    case 'ask':
      return `ask ${c.choices.map((x) => x.node).join(' | ')}`;
    case 'notInCatalog':
      return `notInCatalog "${c.query}"`;
    case 'refer':
      return `${c.action} ${c.ranks.join(',')}`;
    case 'attribute':
      return `attribute ${c.attribute}${c.direction ? ' ' + c.direction : ''}${c.value ? ' ' + c.value : ''}${c.relativeTo ? ' vs #' + c.relativeTo : ''}`;
    case 'choose':
      return `choose ${c.choice}`;
    case 'ownItem':
      return `ownItem ${c.itemIndex}`;
    case 'forgetItem':
      return `forgetItem "${c.text}"`;
    case 'ownKind':
      return `ownKind "${c.text}"`;
    default:
      return c.kind;
  }
}

/** Scores one interpretation against a row's expectation (the rules in this file's header). */
export function scoreInterpretation(expectation: Expectation, interpretation: Interpretation): boolean {
  const clauses = interpretation.clauses;
  const steers = clauses.filter((c): c is Extract<ClauseIntent, { kind: 'steer' }> => c.kind === 'steer');
  // (A table has no history: "forget the pedals" there leaves the kind out.)
  const excludes = [
    ...clauses.filter((c): c is Extract<ClauseIntent, { kind: 'exclude' }> => c.kind === 'exclude'),
    ...clauses.flatMap((c) => (c.kind === 'forgetItem' && c.orExclude !== undefined ? [{ path: c.orExclude }] : [])),
  ];
  switch (expectation.kind) {
    case 'category': {
      // The positive category it steers to: the last steer, as people correct themselves as they go.
      const steer = steers.at(-1);
      return steer !== undefined && pathHoldsNode(steer.path, expectation.node);
    }
    case 'not':
      return excludes.some((e) => pathHoldsNode(e.path, expectation.node));
    case 'none':
      // A greeting is small talk too: it answers with the greeting and the help, no list and no category question;
      // "which drill do you have?" asks back.
      // ("what can you do" is answered with the help: no list and no category either.)
      return steers.length === 0 && excludes.length === 0 && clauses.some((c) => c.kind === 'ask' || c.kind === 'ownKind' || c.kind === 'notInCatalog' || c.kind === 'smallTalk' || c.kind === 'greeting' || c.kind === 'help');
    case 'refer':
      return clauses.some((c) => c.kind === 'refer' && c.action === expectation.action && sameSet(c.ranks, expectation.ranks));
    case 'attribute':
      return clauses.some((c) => {
        if (c.kind !== 'attribute' || c.attribute !== expectation.attribute) return false;
        if (!expectation.detail) return true;
        // (A value read with a word more still reads it: "dishwasher safe" for dishwasher, "sterling silver" for silver;
        // one read with a word fewer does not: "oak" is no "mossy oak". Words are compared as words, so a hyphen or
        // the other spelling is the same value: "left-handed" holds left, "aluminum" is aluminium.)
        return c.direction === expectation.detail || (c.value !== undefined && holdsWords(c.value, expectation.detail));
      });
  }
}

export interface PhraseResult {
  phrase: string;
  expected: string;
  kind: string;
  got: string;
  correct: boolean;
}

export interface TableScore {
  accuracy: number;
  total: number;
  correct: number;
  byKind: Record<string, { correct: number; total: number; accuracy: number }>;
  results: PhraseResult[];
}

/** Accuracy over a table's rows given each row's interpretation (same order). */
export function scoreTable(rows: readonly PhraseRow[], interpretations: readonly Interpretation[]): TableScore {
  const results: PhraseResult[] = rows.map((row, i) => ({
    phrase: row.phrase,
    expected: row.expected,
    kind: row.kind,
    got: describeInterpretation(interpretations[i]!),
    correct: scoreInterpretation(row.expectation, interpretations[i]!),
  }));
  const byKind: TableScore['byKind'] = {};
  for (const r of results) {
    const k = (byKind[r.kind] ??= { correct: 0, total: 0, accuracy: 0 });
    k.total++;
    if (r.correct) k.correct++;
    k.accuracy = k.correct / k.total;
  }
  const correct = results.filter((r) => r.correct).length;
  return { accuracy: results.length ? correct / results.length : 0, total: results.length, correct, byKind, results };
}

/** Whether a value read holds the expected one as whole words, in turn, either spelling of each word counting. */
function holdsWords(value: string, expected: string): boolean {
  const read = tokens(value);
  const wanted = tokens(expected);
  // (A material said as its adjective is that material: "wooden" is wood.)
  const same = (a: string, b: string) => sameSpelling(a, b) || materialNoun(a) === materialNoun(b);
  return wanted.length > 0 && read.some((_, i) => wanted.every((w, k) => read[i + k] !== undefined && same(read[i + k]!, w)));
}
