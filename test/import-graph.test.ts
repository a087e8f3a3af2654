import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FOLDERS = ['model', 'training', 'bot', 'adapters', 'cli', 'prompts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

// Statements at the start of a line: `import … from '…'` (also `import type`, over several lines), `export … from '…'`,
// `import '…'`; and `import('…')` anywhere. Comments are removed first, so a commented-out import does not count.
const STATIC_IMPORT = /^\s*(?:import|export)\b(?:[^'";]*?\bfrom)?\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
const COMMENTS = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;

/** The module specifiers a TypeScript or JavaScript source imports: value and type imports, re-exports, dynamic imports. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(COMMENTS, '');
  return [...code.matchAll(STATIC_IMPORT), ...code.matchAll(DYNAMIC_IMPORT)].map((m) => m[1]!);
}

/** Every relative import of every source file, as repo paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of SOURCE_FOLDERS) {
    for (const file of sourceFiles(join(ROOT, folder))) {
      const targets = importSpecifiers(readFileSync(file, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(ROOT, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
      graph.set(relative(ROOT, file), [...new Set(targets)]);
    }
  }
  return graph;
}

/** The import cycles of a graph: its strongly connected components with more than one file, or a file importing itself. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

const folderOf = (path: string) => path.split('/')[0]!;
const within = (graph: Map<string, string[]>, folders: string[]) =>
  new Map([...graph].filter(([file]) => folders.includes(folderOf(file))).map(([file, targets]) => [file, targets.filter((t) => folders.includes(folderOf(t)))]));

describe('the import graph', () => {
  const graph = importGraph();

  it('finds a cycle where there is one (the check itself can fail)', () => {
    const withCycle = new Map([
      ['model/a.ts', ['model/b.ts']],
      ['model/b.ts', ['model/c.ts']],
      ['model/c.ts', ['model/a.ts']],
      ['model/d.ts', ['model/a.ts']],
    ]);
    expect(importCycles(withCycle)).toEqual([['model/a.ts', 'model/b.ts', 'model/c.ts']]);
    expect(importCycles(new Map([['training/x.ts', ['training/x.ts']]]))).toEqual([['training/x.ts']]);
    expect(importCycles(new Map([['model/a.ts', ['model/b.ts']], ['model/b.ts', []]]))).toEqual([]);
  });

  it('reads every kind of import statement and skips comments', () => {
    const source = [
      "import { a, b } from './a.js';",
      'import type {',
      '  C,',
      "  D } from '../model/c.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './side-effect.js';",
      "// import { old } from './old.js';",
      "/* import { older } from './older.js'; */",
      "const later = await import('./g.ts');",
      "const text = 'not an import from here';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../model/c.js', './a.js', './e.js', './f.js', './g.ts', './side-effect.js']);
  });

  it('reads the real imports (bert4rec.ts is imported by flare.ts, train.ts imports the batches)', () => {
    expect(graph.get('model/flare.ts')).toContain('model/bert4rec.ts');
    expect(graph.get('training/train.ts')).toContain('training/batches.ts');
  });

  it('has no import cycle in model/ or training/', () => {
    expect(importCycles(within(graph, ['model', 'training']))).toEqual([]);
  });

  it("keeps the README's layout: model/ imports only model/, training/ and bot/ only model/ and themselves, adapters/ never training/ or cli/", () => {
    const allowed: Record<string, string[]> = {
      model: ['model'],
      training: ['training', 'model'],
      bot: ['bot', 'model'],
      adapters: ['adapters', 'bot', 'model'],
    };
    const breaches = [...graph].flatMap(([file, targets]) => {
      const may = allowed[folderOf(file)];
      return may ? targets.filter((t) => !may.includes(folderOf(t))).map((t) => `${file} -> ${t}`) : [];
    });
    expect(breaches).toEqual([]);
  });
});
