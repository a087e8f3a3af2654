import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What every experiment and training report records so a reader can rerun it. */
export interface RunProvenance {
  command: string;
  gitCommit: string;
  gitDirty: boolean;
  node: string;
  backend: string;
  seed: number;
  startedAt: string;
  wallSeconds: number;
}

export function gitCommit(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Reports are what runs rewrite: a report changed by another run does not make this run's code uncommitted.
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)reports'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown (not a git checkout)', dirty: false };
  }
}

/** `source` is the checkout the run started from (taken at its start: a long run may outlive a commit). */
export function provenance(command: string, backend: string, seed: number, started: Date, source = gitCommit()): RunProvenance {
  const { commit, dirty } = source;
  return {
    command,
    gitCommit: commit,
    gitDirty: dirty,
    node: process.version,
    backend,
    seed,
    startedAt: started.toISOString(),
    wallSeconds: (Date.now() - started.getTime()) / 1000,
  };
}

/** Writes <dir>/<name>.json and <dir>/<name>.md (and any extra files, e.g. an SVG chart). */
export function writeReport(dir: string, name: string, json: unknown, markdown: string, extra: Record<string, string> = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const written = [join(dir, `${name}.json`), join(dir, `${name}.md`)];
  writeFileSync(written[0]!, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(written[1]!, markdown.endsWith('\n') ? markdown : markdown + '\n');
  for (const [file, content] of Object.entries(extra)) {
    writeFileSync(join(dir, file), content);
    written.push(join(dir, file));
  }
  return written;
}

/** A Markdown table from a header and rows; numbers are printed with `digits` decimals. */
export function markdownTable(header: string[], rows: (string | number | undefined)[][], digits = 4): string {
  const cell = (v: string | number | undefined) => (v === undefined ? '–' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(digits)) : v);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

/** A small self-contained SVG line chart (validation curves). */
export function svgLineChart(title: string, xLabel: string, yLabel: string, series: Series[], width = 640, height = 360): string {
  const all = series.flatMap((s) => s.points);
  const margin = { left: 60, right: 150, top: 36, bottom: 46 };
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 1)];
  const [y0, y1] = [Math.min(...ys, 0), Math.max(...ys, 1e-9) * 1.05];
  const px = (x: number) => margin.left + ((x - x0) / (x1 - x0 || 1)) * (width - margin.left - margin.right);
  const py = (y: number) => height - margin.bottom - ((y - y0) / (y1 - y0 || 1)) * (height - margin.top - margin.bottom);
  const ticks = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${margin.left}" y1="${py(y0)}" x2="${width - margin.right}" y2="${py(y0)}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${py(y0)}" x2="${margin.left}" y2="${margin.top}" stroke="black"/>`,
    ...ticks.map((t) => `<text x="${margin.left - 6}" y="${py(t) + 4}" text-anchor="end">${t.toFixed(3)}</text><line x1="${margin.left}" y1="${py(t)}" x2="${width - margin.right}" y2="${py(t)}" stroke="#ddd"/>`),
    `<text x="${(width - margin.right + margin.left) / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${height / 2}" text-anchor="middle" transform="rotate(-90 14 ${height / 2})">${escapeXml(yLabel)}</text>`,
    `<text x="${px(x0)}" y="${py(y0) + 16}" text-anchor="middle">${x0}</text><text x="${px(x1)}" y="${py(y0) + 16}" text-anchor="middle">${x1}</text>`,
  ];
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    parts.push(`<rect x="${width - margin.right + 12}" y="${margin.top + i * 18}" width="10" height="10" fill="${color}"/><text x="${width - margin.right + 28}" y="${margin.top + i * 18 + 9}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** A grouped bar chart: one group per category, one bar per series (ours vs the paper's). */
export function svgBarChart(title: string, groups: string[], series: { name: string; values: (number | undefined)[] }[], width = 640, height = 360): string {
  const margin = { left: 60, right: 150, top: 36, bottom: 60 };
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter((v): v is number => v !== undefined))) * 1.1;
  const groupWidth = (width - margin.left - margin.right) / Math.max(1, groups.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, series.length);
  const py = (y: number) => height - margin.bottom - (y / max) * (height - margin.top - margin.bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${margin.left}" y1="${py(0)}" x2="${width - margin.right}" y2="${py(0)}" stroke="black"/>`,
  ];
  groups.forEach((g, gi) => {
    const gx = margin.left + gi * groupWidth + groupWidth * 0.1;
    series.forEach((s, si) => {
      const v = s.values[gi];
      if (v === undefined) return;
      const x = gx + si * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${py(v).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(py(0) - py(v)).toFixed(1)}" fill="${PALETTE[si % PALETTE.length]}"/>`);
      parts.push(`<text x="${(x + barWidth / 2).toFixed(1)}" y="${(py(v) - 3).toFixed(1)}" text-anchor="middle" font-size="10">${v.toFixed(3)}</text>`);
    });
    parts.push(`<text x="${(gx + groupWidth * 0.4).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${escapeXml(g)}</text>`);
  });
  series.forEach((s, i) => {
    parts.push(`<rect x="${width - margin.right + 12}" y="${margin.top + i * 18}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${width - margin.right + 28}" y="${margin.top + i * 18 + 9}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
