import { categoryPath, type Catalog } from '../model/catalog.js';
import type { LoadedModel } from '../model/recommend.js';
import { markdownTable } from './report.js';

export interface TraceSegment {
  label: string;
  critique?: string;
  items: { rank: number; title: string; category: string; score: number; isTarget: boolean }[];
}

export interface Trace {
  history: { title: string; category: string }[];
  target: { title: string; category: string };
  segments: TraceSegment[];
}

const describe = (catalog: Catalog, index: number) => {
  const item = catalog.item(index);
  return { title: item.title, category: categoryPath(item.categories) };
};

/**
 * Appendix C's traces: for one user history, the top-k of each model, and of Flare with a critique (by default the
 * held-out item's own category at the bundle's critique depth), so a reader sees how text and critique narrow the list.
 */
export async function buildTrace(models: { label: string; model: LoadedModel; critique?: string }[], history: number[], target: number, k = 5): Promise<Trace> {
  const catalog = models[0]!.model.catalog;
  const segments: TraceSegment[] = [];
  for (const { label, model, critique } of models) {
    const { items } = await model.recommend({ history, critique, k, exclude: [] });
    segments.push({
      label,
      critique,
      items: items.map((s, i) => ({ rank: i + 1, ...describe(catalog, s.index), score: s.score, isTarget: s.index === target })),
    });
  }
  return { history: history.map((i) => describe(catalog, i)), target: describe(catalog, target), segments };
}

export function traceMarkdown(trace: Trace): string {
  const lines = [
    markdownTable(['#', 'input sequence', 'category'], trace.history.map((h, i) => [i + 1, h.title, h.category])),
    '',
    `Held-out item: **${trace.target.title}** (${trace.target.category})`,
    '',
  ];
  for (const s of trace.segments) {
    lines.push(`**${s.label}**${s.critique ? ` — critique: "${s.critique}"` : ''}`, '');
    lines.push(markdownTable(['rank', 'recommendation', 'category', 'score'], s.items.map((r) => [r.rank, r.isTarget ? `**${r.title}** (held-out item)` : r.title, r.category, r.score]), 3));
    lines.push('');
  }
  return lines.join('\n');
}
