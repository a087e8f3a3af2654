import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Reply } from '../../bot/conversation-types.js';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { MessageUnderstanding } from '../../bot/understanding/index.js';

export const bundle = join(import.meta.dirname, '..', '..', 'demo', 'bundle');
export const ROOT = 'Industrial & Scientific';
/** A category path of the demo catalog, written below its root. */
export const cat = (...levels: string[]) => [ROOT, ...levels].join(' - ');

/**
 * The shipped demo bundle through the real loading code, and an engine on a fresh SQLite file. With `shipped`, the
 * engine reads messages as the shipped bot does (`MessageUnderstanding.open`: the text encoder and the bundle's
 * vectors, as bot/open-conversation.ts opens it); without, with stems only. Whoever asks for it closes `understanding`.
 */
export async function openDemo(options: { shipped?: boolean } = {}): Promise<{ recommender: InProcessRecommender; understanding?: MessageUnderstanding; engineOn: (name: string) => ConversationEngine }> {
  const recommender = await InProcessRecommender.open(bundle);
  const understanding = options.shipped ? await MessageUnderstanding.open(recommender.catalog) : undefined;
  return {
    recommender,
    understanding,
    engineOn: (name) => new ConversationEngine({ recommender, understanding, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), `flarechat-${name}-`)), 'sessions.sqlite')) }),
  };
}

/** One person talking to the engine. */
export function person(engine: ConversationEngine, userId: string) {
  return (text: string) => engine.handle({ kind: 'text', userId, text });
}

export const within = (path: string, categoryPath: string) => categoryPath === path || categoryPath.startsWith(path + ' - ');

/** Every listed item is filed in `path` (or below it), and there is a full page of them. */
export function expectAllWithin(reply: Reply, path: string, count = 5): void {
  expect(reply.items, reply.text).toHaveLength(count);
  for (const item of reply.items!) expect(within(path, item.categoryPath), `${item.title} is in ${item.categoryPath}, not ${path}`).toBe(true);
}

export function expectNoneWithin(reply: Reply, path: string): void {
  for (const item of reply.items ?? []) expect(within(path, item.categoryPath), `${item.title} is in ${path}`).toBe(false);
}

/** Lists name categories by their own name (with the parent's only when ambiguous), never by a 4-6 level path. */
export function expectShortLabels(reply: Reply): void {
  for (const item of reply.items ?? []) {
    expect(item.category).toBeTruthy();
    expect(item.category).not.toContain(' - ');
    expect(item.categoryPath.endsWith(item.category!.split(' > ').at(-1)!)).toBe(true);
    expect(reply.text).toContain(`   ${item.category}`);
  }
}

/** The header names a category only if items of the page are in it. */
export function expectTruthfulHeader(reply: Reply, path: string | undefined, label: string | undefined): void {
  const header = reply.text.split('\n').find((l) => /^(Top picks|Nothing more)/.test(l))!;
  expect(header, reply.text).toBeDefined();
  const inside = (reply.items ?? []).filter((i) => path !== undefined && within(path, i.categoryPath)).length;
  if (label && header.startsWith(`Top picks in ${label}`)) expect(inside).toBeGreaterThan(0);
  if (label && inside === 0) expect(header).not.toMatch(new RegExp(`^Top picks in ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}

export const titles = (reply: Reply) => reply.items!.map((i) => i.title);

/** A reply that is only words: no list, no category questions. */
export function expectNoListNoQuestions(reply: Reply): void {
  expect(reply.items ?? []).toHaveLength(0);
  expect(reply.choices ?? []).toHaveLength(0);
  expect(reply.text).not.toMatch(/Did you mean/);
}
