import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InProcessRecommender } from '../bot/in-process-recommender.js';
import { DEMO_BUNDLE } from '../bot/open-recommender.js';
import type { Catalog } from '../model/catalog.js';
import { isPreparedDataset, loadDataset } from '../model/dataset.js';
import { gitCommit, provenance, writeReport } from '../training/report.js';
import { checkSameCatalog, runConversations, simulatedUsers, standardSystems, SYSTEM_KEYS, type SystemKey } from '../simulation/conversation-experiment.js';
import { conversationReport, renderConversationReport, successChart, type ConversationReport } from '../simulation/conversation-report.js';
import { PopularityRecommender } from '../simulation/popularity-recommender.js';
import { numberArg } from './command.js';
import { InputError, UsageError } from './errors.js';

export const DEFAULT_BERT4REC_BUNDLE = join('runs', 'b4r-precise');

/** The conversation table's line in `flarechat experiment --help`. */
export const CONVERSATION_TABLE_HELP = `  conversation  whole conversations: simulated users (leave-one-out test users, each wanting its held-out last item)
                talk to the bot for up to T turns of 5 items, critiquing toward their target in words made from its
                category names and title; the shipped Flare bot against Flare steering alone, Bert4Rec* with the bot's
                category ranking, popularity inside the category and no critique. Writes <out>/<name>.json, .md, .svg.
                One dataset; its options are the conversation: ones below (and --seed, --out).`;

export interface ConversationOptions {
  users: string;
  turns: number;
  seed: number;
  flare: string;
  bert4rec?: string;
  systems?: string;
  out: string;
  name: string;
  fromJson?: string;
}

/** The conversation table's options on the experiment command. */
export function defineConversationOptions(cmd: Command): Command {
  return cmd
    .option('--users <n|all>', 'conversation: simulated users, a seeded sample of the test users (all = every one)', '2000')
    .option('--turns <t>', 'conversation: turns per conversation', numberArg({ integer: true, min: 1 }), 5)
    .option('--flare <bundle>', 'conversation: the Flare bundle', DEMO_BUNDLE)
    .option('--bert4rec <bundle>', `conversation: a Bert4Rec* bundle trained with precise critiques on the dataset (default ${DEFAULT_BERT4REC_BUNDLE}, made by flarechat train <dataset> --out ${DEFAULT_BERT4REC_BUNDLE} --preset scientific --critique precise)`)
    .option('--systems <list>', `conversation: some of ${SYSTEM_KEYS.join(', ')} (comma-separated; default all)`)
    .option('--name <name>', 'conversation: report name', 'conversation-eval')
    .option('--from-json <file>', 'conversation: rewrite the .md and .svg of a saved report from its JSON, without running conversations');
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${name} must be a positive whole number or all, got '${raw}'`);
  return value;
}

function trainedBy(bundle: string): string | undefined {
  const file = join(bundle, 'report.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { run?: { command?: string } }).run?.command;
}

function writeConversationReport(report: ConversationReport, catalog: Catalog, out: string, name: string): string[] {
  return writeReport(out, name, report, renderConversationReport(report, catalog, `${name}.svg`), { [`${name}.svg`]: successChart(report) });
}

/** `flarechat experiment conversation <dataset>`: the experiment command hands its options and datasets here. */
export async function runConversationExperiment(values: ConversationOptions, datasets: string[], command: string, log: (line: string) => void): Promise<number> {
  const [datasetDir, ...extra] = datasets;
  if (!datasetDir || extra.length) throw new UsageError('the conversation table takes one prepared dataset folder');
  if (!isPreparedDataset(datasetDir)) throw new InputError(`${datasetDir} is not a prepared dataset; run \`flarechat prepare <source> ${datasetDir}\` first`);
  if (values.fromJson) {
    if (!existsSync(values.fromJson)) throw new InputError(`no report at ${values.fromJson} (--from-json)`);
    const report = JSON.parse(readFileSync(values.fromJson, 'utf8')) as ConversationReport;
    const files = writeConversationReport(report, (await loadDataset(datasetDir)).catalog, values.out, values.name);
    log(`rewrote ${files.join(', ')} from ${values.fromJson}`);
    return 0;
  }

  const users = values.users === 'all' ? 'all' : positive('--users', values.users);
  const { turns, seed } = values;
  const keys = (values.systems?.split(',').map((k) => k.trim()) ?? [...SYSTEM_KEYS]) as SystemKey[];
  const unknown = keys.filter((k) => !SYSTEM_KEYS.includes(k));
  if (unknown.length || keys.length === 0) throw new UsageError(`--systems takes some of ${SYSTEM_KEYS.join(', ')} (comma-separated), got '${values.systems}'`);
  const bert4recBundle = values.bert4rec ?? DEFAULT_BERT4REC_BUNDLE;
  if (keys.includes('bert4rec') && !existsSync(join(bert4recBundle, 'manifest.json'))) {
    throw new InputError(`no Bert4Rec* bundle at ${bert4recBundle}: train one (flarechat train ${datasetDir} --out ${bert4recBundle} --preset scientific --critique precise), pass --bert4rec <bundle>, or leave it out with --systems`);
  }
  if (!existsSync(join(values.flare, 'manifest.json'))) throw new InputError(`no bundle at ${values.flare} (--flare): pass a bundle folder made by flarechat train`);

  const started = new Date();
  const source = gitCommit();
  const dataset = await loadDataset(datasetDir);
  const flare = await InProcessRecommender.open(values.flare);
  const bert4rec = keys.includes('bert4rec') ? await InProcessRecommender.open(bert4recBundle) : undefined;
  try {
    checkSameCatalog(dataset, flare, `the Flare bundle ${values.flare}`);
    if (bert4rec) checkSameCatalog(dataset, bert4rec, `the Bert4Rec* bundle ${bert4recBundle}`);
    const popularity = new PopularityRecommender(dataset.catalog, PopularityRecommender.countsWithoutLastItems(dataset.sequences, dataset.catalog.size));
    const sample = simulatedUsers(dataset, users, seed);
    log(`${sample.users.length} of ${sample.testUsers} test users, ${turns} turns, systems ${keys.join(', ')}; Flare: ${flare.description}${bert4rec ? `; Bert4Rec*: ${bert4rec.description}` : ''}`);
    const run = await runConversations({ systems: standardSystems({ flare, bert4rec, popularity }, keys), users: sample.users, turns, log });
    const models: Record<string, { bundle: string; description: string; trainedBy?: string }> = { Flare: { bundle: values.flare, description: flare.description, trainedBy: trainedBy(values.flare) } };
    if (bert4rec) models['Bert4Rec*'] = { bundle: bert4recBundle, description: bert4rec.description, trainedBy: trainedBy(bert4recBundle) };
    const report = conversationReport({
      run,
      provenance: provenance(command, flare.description, seed, started, source),
      dataset: `${dataset.manifest.name} (${dataset.manifest.source.format}, ${dataset.users.length} users, ${dataset.catalog.size} items)`,
      testUsers: sample.testUsers,
      seed,
      models,
    });
    const files = writeConversationReport(report, dataset.catalog, values.out, values.name);
    log(`wrote ${files.join(', ')}`);
    return 0;
  } finally {
    await flare.close();
    await bert4rec?.close();
  }
}
