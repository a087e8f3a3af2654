import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { MessageUnderstanding, type UnderstandingOptions } from '../../bot/understanding/index.js';
import { parsePhraseTable } from '../../bot/understanding/phrase-table.js';
import { loadCatalogFolder, shownList } from '../../cli/bench/critique.js';

const root = join(import.meta.dirname, '..', '..');

let dataDir: string | undefined;

/**
 * One data folder for every understanding a test process opens: the catalog and needs vectors it caches are keyed by
 * what they encode, so a catalog read in many describe blocks is encoded once (opening it fresh costs about a second
 * and a half more).
 */
export function sharedDataDir(): string {
  dataDir ??= mkdtempSync(join(tmpdir(), 'flarechat-understanding-'));
  return dataDir;
}

/** Opens the understanding of a hand-written catalog (test/fixtures/catalogs/<name>) with the shared data folder. */
export async function openFixture(name: string, options: UnderstandingOptions = {}): Promise<MessageUnderstanding> {
  const { catalog } = await loadCatalogFolder(join(root, 'test', 'fixtures', 'catalogs', name));
  return MessageUnderstanding.open(catalog, { dataDir: sharedDataDir(), notice: () => {}, ...options });
}

/** One understanding per hand-written catalog, with these options, opened on first use; `closeAll` closes them. */
export function fixtureUnderstandings(options: UnderstandingOptions = {}): { understanding: (name: string) => Promise<MessageUnderstanding>; closeAll: () => Promise<void> } {
  const opened = new Map<string, Promise<MessageUnderstanding>>();
  const understanding = (name: string) => {
    if (!opened.has(name)) opened.set(name, openFixture(name, options));
    return opened.get(name)!;
  };
  const closeAll = async () => {
    for (const u of opened.values()) await (await u).close();
    opened.clear();
  };
  return { understanding, closeAll };
}

/**
 * The understandings every describe block of development readings shares, with the default options: opening one
 * costs seconds, and the blocks of one file read many of the same catalogs. After each test the least recently read
 * are closed down to this many (never during a test, which may hold one while it opens others).
 */
const KEPT_OPEN = 12;
const shared = new Map<string, Promise<MessageUnderstanding>>();

function sharedUnderstanding(name: string): Promise<MessageUnderstanding> {
  const open = shared.get(name) ?? openFixture(name);
  shared.delete(name);
  shared.set(name, open); // the Map's order is the order of last use
  return open;
}

async function closeLeastRecent(keep: number): Promise<void> {
  while (shared.size > keep) {
    const [name, open] = shared.entries().next().value!;
    shared.delete(name);
    await (await open).close();
  }
}

/** Closes every shared understanding: call from the test file's top-level `afterAll`. */
export function closeSharedUnderstandings(): Promise<void> {
  return closeLeastRecent(0);
}

/**
 * The readers of one describe block on the development catalogs (with or without attribute details, and with the
 * choices an "ask" offers), over the shared understandings.
 */
export function developmentReaders(attributeDetail = true) {
  afterEach(() => closeLeastRecent(KEPT_OPEN));
  return {
    understanding: sharedUnderstanding,
    read: fixtureReader(sharedUnderstanding, { attributeDetail }),
    readChoices: fixtureReader(sharedUnderstanding, { attributeDetail, askChoices: true }),
  };
}

/** The items a development table puts on screen (its `# shown:` line), for the reference rows read here. */
export function tableShown(name: string): string[] {
  return parsePhraseTable(readFileSync(join(root, 'test', 'fixtures', 'phrases', `${name}.dev.tsv`), 'utf8')).shown;
}

/**
 * Reads a message on a fixture catalog with the named shown items, as short strings: "steer <leaf>", "exclude <leaf>",
 * "<action> <ranks>", "ownKind <text>", "attribute[ <attribute> <direction> <value>]" or the intent's kind.
 */
export function fixtureReader(understanding: (name: string) => Promise<MessageUnderstanding>, { attributeDetail, askChoices = false }: { attributeDetail: boolean; askChoices?: boolean }) {
  return async (name: string, text: string, shown: string[] = []) => {
    const u = await understanding(name);
    const clauses = (await u.interpret(text, { shown: shownList(u.catalog, shown, name) })).clauses;
    return clauses.map((c) =>
      c.kind === 'steer' || c.kind === 'exclude'
        ? `${c.kind} ${c.path.split(' - ').at(-1)}`
        : c.kind === 'attribute' && attributeDetail
          ? `attribute ${c.attribute}${c.direction ? ` ${c.direction}` : ''}${c.value ? ` ${c.value}` : ''}`
          : c.kind === 'refer'
            ? `${c.action} ${c.ranks.join(',')}`
            : c.kind === 'ownKind'
              ? `ownKind ${c.text}`
              : c.kind === 'ask' && askChoices
                ? `ask ${c.choices.map((x) => x.node).join(' | ')}`
                : c.kind,
    );
  };
}
