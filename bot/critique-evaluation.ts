import type { CritiqueParser } from './critique-parser.js';

export interface PhraseCase {
  text: string;
  /** precise | broad | synonym | misspelling | negation | nomatch */
  kind: string;
  /** Accepted category paths; empty for phrases that must not map to any category. */
  expected: string[];
}

export interface PhraseResult extends PhraseCase {
  got: string;
  correct: boolean;
}

/** Scores the critique parser on a phrase table: right category at the right depth, negation detected, no guess on nonsense. */
export function evaluatePhrases(parser: CritiqueParser, cases: PhraseCase[]) {
  const results: PhraseResult[] = cases.map((c) => {
    const intent = parser.parse(c.text);
    let got: string = intent.kind;
    let correct = false;
    if (intent.kind === 'category') {
      got = `${intent.negated ? 'NOT ' : ''}${intent.path}`;
      correct = c.expected.includes(intent.path) && intent.negated === (c.kind === 'negation');
    } else if (intent.kind === 'ask') {
      got = `ask: ${intent.choices.map((x) => x.path).join(' | ')}`;
      correct = c.kind === 'nomatch';
    } else correct = c.kind === 'nomatch' && intent.kind === 'none';
    return { ...c, got, correct };
  });
  const byKind: Record<string, { correct: number; total: number }> = {};
  for (const r of results) {
    const k = (byKind[r.kind] ??= { correct: 0, total: 0 });
    k.total++;
    if (r.correct) k.correct++;
  }
  return { accuracy: results.filter((r) => r.correct).length / results.length, total: results.length, byKind, results };
}
