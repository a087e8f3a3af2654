import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rehashBundle } from '../../model/bundle-files.js';
import { loadBundleWeights } from '../../model/bundle.js';
import { ROOT, runFlarechat } from './processes.js';

/** A private copy of the shipped demo bundle, to damage. */
function demoCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flarechat-bundle-')), 'bundle');
  cpSync(join(ROOT, 'demo', 'bundle'), dir, { recursive: true });
  return dir;
}

const editJson = (path: string, edit: (json: Record<string, any>) => void) => {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 1) + '\n');
};

function stderrDuring(work: () => void): string {
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    work();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('every file of a bundle is verified at load, and the manifest against the weights (issue #17 item 5)', () => {
  it('the shipped demo bundle lists every file it holds with its SHA-256 and loads without a warning', () => {
    const dir = demoCopy();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files?: Record<string, string> };
    expect(Object.keys(manifest.files ?? {})).toEqual(expect.arrayContaining(['catalog.jsonl', 'model.onnx', 'onnx.json', 'weights.bin']));
    let loaded: ReturnType<typeof loadBundleWeights> | undefined;
    expect(stderrDuring(() => (loaded = loadBundleWeights(dir)))).toBe('');
    expect(loaded!.catalog.size).toBe(4344);
  });

  it('two swapped catalog lines are refused, naming catalog.jsonl and the command for an intended change', () => {
    const dir = demoCopy();
    const lines = readFileSync(join(dir, 'catalog.jsonl'), 'utf8').split('\n');
    [lines[10], lines[11]] = [lines[11]!, lines[10]!];
    writeFileSync(join(dir, 'catalog.jsonl'), lines.join('\n'));
    expect(() => loadBundleWeights(dir)).toThrow(new RegExp(`${dir}/catalog\\.jsonl does not match its SHA-256 in manifest\\.json .*flarechat bundle rehash ${dir}`));
  });

  it('an edited title is refused too; after `bundle rehash` (the change was intended) it loads with the new title', async () => {
    const dir = demoCopy();
    const lines = readFileSync(join(dir, 'catalog.jsonl'), 'utf8').split('\n');
    const item = JSON.parse(lines[0]!) as { title: string };
    lines[0] = JSON.stringify({ ...item, title: 'A renamed item' });
    writeFileSync(join(dir, 'catalog.jsonl'), lines.join('\n'));
    expect(() => loadBundleWeights(dir)).toThrow(/catalog\.jsonl does not match its SHA-256/);
    const rehash = runFlarechat(['bundle', 'rehash', dir], {});
    expect((await rehash.exited).code).toBe(0);
    expect(loadBundleWeights(dir).catalog.item(0).title).toBe('A renamed item');
  }, 120_000);

  it("a dModel changed in manifest.json is refused: the config no longer describes weights.bin", () => {
    const dir = demoCopy();
    editJson(join(dir, 'manifest.json'), (m) => (m.config.dModel = 128));
    expect(() => loadBundleWeights(dir)).toThrow(/manifest\.json does not describe weights\.bin: .*item_embedding is \[4346,64\], the config \(dModel 128/);
  });

  it('a bundle written before file lists loads with one warning naming the command that adds the list', () => {
    const dir = demoCopy();
    editJson(join(dir, 'manifest.json'), (m) => delete m.files);
    const warning = stderrDuring(() => loadBundleWeights(dir));
    expect(warning).toBe(`flarechat: warning: ${dir} was written before bundles listed their files: only weights.bin and model.onnx are verified; run \`flarechat bundle rehash ${dir}\` once to protect the rest\n`);
    rehashBundle(dir);
    expect(stderrDuring(() => loadBundleWeights(dir))).toBe('');
  });

  it('a file added to the bundle but not listed is named in a warning (it is not verified) until the bundle is rehashed', () => {
    const dir = demoCopy();
    writeFileSync(join(dir, 'extra-index.bin'), 'new');
    expect(stderrDuring(() => loadBundleWeights(dir))).toMatch(/extra-index\.bin is not listed in manifest\.json, so not verified; if the change was intended, run `flarechat bundle rehash/);
    rehashBundle(dir);
    writeFileSync(join(dir, 'extra-index.bin'), 'changed');
    expect(() => loadBundleWeights(dir)).toThrow(/extra-index\.bin does not match its SHA-256/);
  });

  it('`flarechat chat --bundle <damaged>` stops with one line naming the file, before any turn', async () => {
    const dir = demoCopy();
    const lines = readFileSync(join(dir, 'catalog.jsonl'), 'utf8').split('\n');
    [lines[0], lines[1]] = [lines[1]!, lines[0]!];
    writeFileSync(join(dir, 'catalog.jsonl'), lines.join('\n'));
    const chat = runFlarechat(['chat', '--user', 'x', '--bundle', dir], { FLARECHAT_DATA_DIR: mkdtempSync(join(tmpdir(), 'flarechat-b-')), FLARECHAT_DATABASE_URL: '' });
    chat.child.stdin.end('quit\n');
    expect((await chat.exited).code).not.toBe(0);
    expect(chat.stdout()).toBe('');
    expect(chat.stderr().trim().split('\n')).toEqual([expect.stringMatching(/catalog\.jsonl does not match its SHA-256 in manifest\.json/)]);
  }, 120_000);
});
