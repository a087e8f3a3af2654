import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConversation } from '../bot/open-conversation.js';
import type { Recommender } from '../bot/recommender.js';
import { emptyState } from '../bot/session-store.js';
import type { Dataset } from '../model/dataset.js';
import { formatSeconds } from '../model/duration.js';
import { seededRandom } from '../training/random.js';
import { leaveOneOutCases } from '../training/splits.js';
import { systemMetrics, type SystemMetrics } from './metrics.js';
import { userPhrases } from './phrases.js';
import { CatalogLookups, converse, RecordingRecommender, type ConversationRecord, type SimulatedUser } from './simulated-user.js';

/** The systems one run compares, in report order. */
export const SYSTEM_KEYS = ['flare', 'flare-steering', 'bert4rec', 'popularity', 'no-critique'] as const;
export type SystemKey = (typeof SYSTEM_KEYS)[number];

export const SYSTEM_NAMES: Record<SystemKey, string> = {
  flare: 'Flare, shipped bot',
  'flare-steering': 'Flare steering alone',
  bert4rec: "Bert4Rec* + bot's category ranking",
  popularity: 'Popularity inside the category',
  'no-critique': 'No critique (Flare, history only)',
};

export const SYSTEM_DESCRIPTIONS: Record<SystemKey, string> = {
  flare: "the bot as shipped: critiques go to Flare and the bot lists the items inside the critiqued category first",
  'flare-steering': "the same critiques go to Flare, but the bot ranks by Flare's scores alone (no category-first ranking)",
  bert4rec: "Bert4Rec* trained with precise critiques, behind the bot's category-first ranking",
  popularity: 'interaction counts for every user, behind the bot\'s category-first ranking: the most popular items inside the critiqued category',
  'no-critique': 'Flare on the history alone: "recommend", then "more" every turn',
};

export interface ConversationSystem {
  key: SystemKey;
  recommender: Recommender;
  /** The engine's critique-first ranking. */
  critiqueFirst: boolean;
  /** Whether the user critiques (false: "more" every turn). */
  critiques: boolean;
}

/** The five systems from the models: Flare and Bert4Rec* bundles (opened by the caller) and popularity. */
export function standardSystems(models: { flare: Recommender; bert4rec?: Recommender; popularity: Recommender }, keys: readonly SystemKey[] = SYSTEM_KEYS): ConversationSystem[] {
  const all: Record<SystemKey, () => ConversationSystem | undefined> = {
    flare: () => ({ key: 'flare', recommender: models.flare, critiqueFirst: true, critiques: true }),
    'flare-steering': () => ({ key: 'flare-steering', recommender: models.flare, critiqueFirst: false, critiques: true }),
    bert4rec: () => (models.bert4rec ? { key: 'bert4rec', recommender: models.bert4rec, critiqueFirst: true, critiques: true } : undefined),
    popularity: () => ({ key: 'popularity', recommender: models.popularity, critiqueFirst: true, critiques: true }),
    'no-critique': () => ({ key: 'no-critique', recommender: models.flare, critiqueFirst: true, critiques: false }),
  };
  return keys.map((k) => all[k]()).filter((s): s is ConversationSystem => s !== undefined);
}

/** Test users of the leave-one-out split (last item held out), a seeded sample of `count`, each with its phrases. */
export function simulatedUsers(dataset: Dataset, count: number | 'all', seed: number): { users: SimulatedUser[]; testUsers: number } {
  const { test } = leaveOneOutCases(dataset.sequences);
  const random = seededRandom(seed);
  const order = test.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = count === 'all' ? order : order.slice(0, count);
  const users = chosen.map((c) => {
    const { user, history, target } = test[c]!;
    // Each user's template draws come from its own stream, so they are the same whoever else is sampled.
    const draw = seededRandom(seed * 1_000_003 + user);
    return { user, history, target, phrases: userPhrases(dataset.catalog.item(target), (n) => Math.floor(draw() * n)) };
  });
  return { users, testUsers: test.length };
}

/** A bundle made for another catalog: the user's input is wrong (the CLI prints it as is, exit code 3). */
export class CatalogMismatchError extends Error {
  readonly userFacing = true;
}

/** Same ids in the same order: the model's item indices are then the dataset's. */
export function checkSameCatalog(dataset: Dataset, recommender: Recommender, what: string): void {
  const a = dataset.catalog;
  const b = recommender.catalog;
  const mismatch = a.size !== b.size ? -1 : a.items.findIndex((item, i) => item.id !== b.items[i]!.id);
  if (mismatch !== -1 || a.size !== b.size) {
    const where = a.size !== b.size ? `${b.size} items against the dataset's ${a.size}` : `item ${mismatch} is '${b.items[mismatch]!.id}' in the model and '${a.items[mismatch]!.id}' in the dataset`;
    throw new CatalogMismatchError(`${what} was not trained on this dataset's catalog (${where}); pass a bundle trained on it`);
  }
}

export interface ConversationRun {
  turns: number;
  users: SimulatedUser[];
  records: Partial<Record<SystemKey, ConversationRecord[]>>;
  metrics: Partial<Record<SystemKey, SystemMetrics>>;
  conversationsPerSecond: number;
}

/** A fresh, throw-away data folder for one system's session store (in memory-backed /dev/shm when there is one). */
function freshDataDir(): string {
  return mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'flarechat-conversation-'));
}

/**
 * Every user talks to every system through the engine the adapters use (openConversation, in process, a fresh
 * session store per system seeded with the user's history), one conversation at a time.
 */
export async function runConversations(options: { systems: ConversationSystem[]; users: SimulatedUser[]; turns: number; log?: (line: string) => void }): Promise<ConversationRun> {
  const { systems, users, turns } = options;
  const log = options.log ?? (() => {});
  const started = Date.now();
  const total = systems.length * users.length;
  const every = Math.max(1, Math.floor(users.length / 10));
  let done = 0;
  const lookups = new CatalogLookups(systems[0]!.recommender.catalog);
  const records: ConversationRun['records'] = {};
  for (const [s, system] of systems.entries()) {
    const dataDir = freshDataDir();
    const recorder = new RecordingRecommender(system.recommender);
    const opened = await openConversation({ FLARECHAT_DATA_DIR: dataDir }, { recommender: recorder, engine: { rankCritiqueFirst: system.critiqueFirst } });
    try {
      const setup = { engine: opened.engine, recorder, critiques: system.critiques, critiqueFirst: system.critiqueFirst, lookups, offsetOf: async (id: string) => (await opened.store.get(id)).offset };
      const out: ConversationRecord[] = [];
      for (const [u, user] of users.entries()) {
        const userId = `sim-${user.user}`;
        const catalog = system.recommender.catalog;
        await opened.store.put(userId, { ...emptyState(), history: Array.from(user.history, (i) => catalog.item(i).id) });
        out.push(await converse(setup, user, userId, turns));
        done++;
        if ((u + 1) % every === 0 || u + 1 === users.length) {
          const rate = done / ((Date.now() - started) / 1000);
          log(`[${s + 1}/${systems.length} ${system.key}] ${u + 1}/${users.length} users, ${rate.toFixed(1)} conversations/s, ETA ${formatSeconds((total - done) / rate)}`);
        }
      }
      records[system.key] = out;
    } finally {
      await opened.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const metrics: ConversationRun['metrics'] = {};
  for (const system of systems) metrics[system.key] = systemMetrics(records[system.key]!, turns);
  return { turns, users, records, metrics, conversationsPerSecond: total / ((Date.now() - started) / 1000) };
}

