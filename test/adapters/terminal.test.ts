import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function chat(input: string, dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(root, 'bin', 'flarechat.js'), 'chat', '--user', 'x'], { cwd: root, env: { ...process.env, FLARECHAT_DATA_DIR: dataDir } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin!.end(input);
  });
}

describe('flarechat chat with piped input', () => {
  it('prints two numbered lists and exits, and keeps the history in FLARECHAT_DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-chat-'));
    const out = await chat('recommend\nsafety gloves instead\nlike 1\nquit\nrecommend\n', dataDir);
    const lists = out.split('\n').filter((l) => /^Top picks/.test(l));
    expect(lists).toHaveLength(2);
    expect(out).toMatch(/^1\. .+\n[\s\S]*^5\. /m);
    expect(out).toMatch(/Steering to .*Gloves/);
    const again = await chat('history\n', dataDir);
    const liked = /Added "(.+)" to your history/.exec(out)![1]!;
    expect(again).toContain(liked);
  });
});
