import type { ProblemReport } from '../../model/dataset.js';

const MAX_EXAMPLES = 5;

/** Counts bad input by kind and keeps the first few locations, so nothing is dropped silently. */
export class ProblemCollector {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string[]>();

  add(kind: string, where: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    let list = this.examples.get(kind);
    if (!list) this.examples.set(kind, (list = []));
    if (list.length < MAX_EXAMPLES) list.push(where);
  }

  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  merge(other: ProblemReport): void {
    for (const [kind, n] of Object.entries(other.counts)) {
      this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
      const list = this.examples.get(kind) ?? [];
      for (const e of other.examples[kind] ?? []) if (list.length < MAX_EXAMPLES) list.push(e);
      this.examples.set(kind, list);
    }
  }

  report(): ProblemReport {
    return { counts: Object.fromEntries(this.counts), examples: Object.fromEntries(this.examples) };
  }
}

/**
 * The end-of-run summary: "no problems found in the source", or a heading and one line a kind,
 * "  malformed-json: 3 (first: reviews.json:12, reviews.json:40)".
 */
export function formatProblemSummary(report: ProblemReport): string {
  const kinds = Object.keys(report.counts).sort();
  if (kinds.length === 0) return 'no problems found in the source';
  const lines = kinds.map((kind) => `  ${kind}: ${report.counts[kind]} (first: ${(report.examples[kind] ?? []).join(', ')})`);
  return ['problems found in the source (counted, not fatal):', ...lines].join('\n');
}
