import { PAGE_SIZE } from '../bot/engine.js';
import type { Catalog } from '../model/catalog.js';
import { markdownTable, svgLineChart, type RunProvenance } from '../training/report.js';
import { SYSTEM_DESCRIPTIONS, SYSTEM_NAMES, type ConversationRun, type SystemKey } from './conversation-experiment.js';
import { pairedAtTurn, type SystemMetrics } from './metrics.js';
import { PHRASE_LADDER, PHRASE_TEMPLATES } from './phrases.js';
import type { ConversationRecord } from './simulated-user.js';

type Paired = { onlyA: number; onlyB: number; both: number };

/** Everything the report says, as saved in <name>.json; the Markdown is rendered from it alone (and the catalog). */
export interface ConversationReport {
  run: RunProvenance;
  dataset: string;
  testUsers: number;
  users: number;
  seed: number;
  turns: number;
  pageSize: number;
  models: Record<string, { bundle: string; description: string; trainedBy?: string }>;
  simulatedUser: { ladder: readonly string[]; templates: Record<string, readonly string[]> };
  systems: Partial<Record<SystemKey, SystemMetrics & { name: string; description: string }>>;
  winners: { turn: number; winners: SystemKey[]; success: number }[];
  comparisons: {
    turn: number;
    shippedVsNoCritique?: { shipped: number; noCritique: number; paired: Paired };
    shippedVsPopularity?: { byTurn: { turn: number; shipped: number; popularity: number; difference: number }[]; paired: Paired };
    /** The bot's category-first ranking is the filter: what the shipped bot loses without it is what the filter brings. */
    filter?: { shipped: number; steeringAlone: number; shareOfShippedSuccessFromFilter: number; paired: Paired };
  };
  conversationsPerSecond: number;
  /** The first conversations of each system, for reading. */
  examples: Partial<Record<SystemKey, ConversationRecord[]>>;
}

/** Systems within half a user of the best at a turn all count as winning it. */
export function winnersByTurn(systems: ConversationReport['systems'], turns: number, users: number): ConversationReport['winners'] {
  const keys = Object.keys(systems) as SystemKey[];
  return Array.from({ length: turns }, (_, t) => {
    const best = Math.max(...keys.map((k) => systems[k]!.success[t]!));
    return { turn: t + 1, winners: keys.filter((k) => systems[k]!.success[t]! >= best - 0.5 / Math.max(1, users)), success: best };
  });
}

function comparisons(run: ConversationRun): ConversationReport['comparisons'] {
  const T = run.turns;
  const m = run.metrics;
  const r = run.records;
  const paired = (a: SystemKey, b: SystemKey) => pairedAtTurn(r[a]!, r[b]!, T);
  const out: ConversationReport['comparisons'] = { turn: T };
  if (m.flare && m['no-critique']) out.shippedVsNoCritique = { shipped: m.flare.success[T - 1]!, noCritique: m['no-critique'].success[T - 1]!, paired: paired('flare', 'no-critique') };
  if (m.flare && m.popularity) {
    out.shippedVsPopularity = {
      byTurn: m.flare.success.map((s, t) => ({ turn: t + 1, shipped: s, popularity: m.popularity!.success[t]!, difference: s - m.popularity!.success[t]! })),
      paired: paired('flare', 'popularity'),
    };
  }
  if (m.flare && m['flare-steering']) {
    const shipped = m.flare.success[T - 1]!;
    const steeringAlone = m['flare-steering'].success[T - 1]!;
    out.filter = { shipped, steeringAlone, shareOfShippedSuccessFromFilter: shipped > 0 ? Math.max(0, shipped - steeringAlone) / shipped : 0, paired: paired('flare', 'flare-steering') };
  }
  return out;
}

export function conversationReport(ctx: {
  run: ConversationRun;
  provenance: RunProvenance;
  dataset: string;
  testUsers: number;
  seed: number;
  models: ConversationReport['models'];
}): ConversationReport {
  const { run } = ctx;
  const keys = Object.keys(run.metrics) as SystemKey[];
  const systems = Object.fromEntries(keys.map((k) => [k, { name: SYSTEM_NAMES[k], description: SYSTEM_DESCRIPTIONS[k], ...run.metrics[k]! }])) as ConversationReport['systems'];
  return {
    run: ctx.provenance,
    dataset: ctx.dataset,
    testUsers: ctx.testUsers,
    users: run.users.length,
    seed: ctx.seed,
    turns: run.turns,
    pageSize: PAGE_SIZE,
    models: ctx.models,
    simulatedUser: { ladder: PHRASE_LADDER, templates: PHRASE_TEMPLATES },
    systems,
    winners: winnersByTurn(systems, run.turns, run.users.length),
    comparisons: comparisons(run),
    conversationsPerSecond: run.conversationsPerSecond,
    examples: Object.fromEntries(keys.map((k) => [k, run.records[k]!.slice(0, 10)])),
  };
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | undefined, digits = 2) => (x === undefined ? '–' : x.toFixed(digits));
/** McNemar: with a and b the users only one of two systems found, a - b has standard error sqrt(a + b). */
const indistinguishable = (p: Paired) => Math.abs(p.onlyA - p.onlyB) <= 2 * Math.sqrt(p.onlyA + p.onlyB);

function transcript(catalog: Catalog, record: ConversationRecord): string[] {
  const title = (i: number) => (catalog.item(i).title || '(no title)').slice(0, 60);
  const lines = [`Target: "${title(record.target)}" (${catalog.item(record.target).categories.join(' > ')})`, ''];
  for (const t of record.turns) {
    const understood = t.understood?.path ? ` → steered to ${t.understood.path}${t.understood.containsTarget ? ' (holds the target)' : ''}` : t.understood ? ` → ${t.understood.outcome === 'ask' ? 'the bot asked back' : 'no category'}` : '';
    lines.push(`- turn ${t.turn} (${t.kind}): ${t.messages.map((m) => `"${m}"`).join(', then ')}${understood}`);
    lines.push(`  shown: ${t.shown.length ? t.shown.map((i) => (i === record.target ? `**${title(i)}**` : title(i))).join('; ') : '(nothing)'}; target's rank ${t.targetRank ?? '–'}`);
  }
  lines.push('', record.successTurn ? `Found at turn ${record.successTurn}.` : 'Not found.');
  return lines;
}

/** The turns where the shipped bot is not (one of) the best, each with what the numbers say about why. */
function surprises(report: ConversationReport): string[] {
  const m = report.systems;
  if (!m.flare) return [];
  const out: string[] = [];
  const preciseOnly = /critiques precise/.test(report.models.Flare?.description ?? '');
  const flareBroad = m.flare.medianRankWhenCategoryRightByStep?.broad;
  const popBroad = m.popularity?.medianRankWhenCategoryRightByStep?.broad;
  for (const w of report.winners) {
    if (w.winners.includes('flare')) continue;
    const t = w.turn;
    const best = w.winners.map((k) => `${m[k]!.name} (${pct(m[k]!.success[t - 1])})`).join(' and ');
    let why: string;
    if (t === 1) {
      why = 'Turn 1 is "recommend" on the history alone, before any critique: it compares the models\' next-item ranking, not their steering.';
    } else {
      // The ladder fixes what most users say at each turn: turn 2 the broad phrase, turn 3 the precise one, ...
      const step = (report.simulatedUser.ladder[t - 2] ?? 'more') as 'broad' | 'precise' | 'title' | 'more';
      const medians = step === 'more' ? '' : w.winners.map((k) => `${num(m[k]!.medianRankWhenCategoryRightByStep?.[step], 0)} under ${m[k]!.name}`).join(', ');
      why =
        `Turn ${t} is the ${step === 'title' ? 'title-word' : step} ${step === 'more' ? 'page' : 'phrase'} for most users` +
        (medians ? `; after it, with the category right, the target's median place inside it is ${num(m.flare.medianRankWhenCategoryRightByStep?.[step as 'broad'], 0)} under Flare against ${medians}` : '') +
        '.' +
        (step === 'broad' && preciseOnly ? " Flare was trained with precise critiques (the first four levels of each target's path): a level-2 critique is one it met only for the few items whose path stops there." : '') +
        (step === 'broad' && flareBroad !== undefined && popBroad !== undefined && popBroad < flareBroad ? ` Inside a broad category even plain interaction counts order the items better than Flare (median place ${num(popBroad, 0)} against ${num(flareBroad, 0)}).` : '');
    }
    // Two independent proportions' standard error: a loose bound (the paired one, same users, is smaller).
    const p1 = w.success;
    const p2 = m.flare.success[t - 1]!;
    const noise = p1 - p2 <= 2 * Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / Math.max(1, report.users));
    out.push(`- **Turn ${t}: ${best} ${w.winners.length > 1 ? 'beat' : 'beats'} the shipped bot (${pct(p2)})${noise ? ', within two standard errors (as independent proportions): no real difference' : ''}.** ${why}`);
  }
  return out.length ? ['**Where the shipped bot is not the best.**', '', ...out] : [];
}

export function successChart(report: ConversationReport): string {
  const keys = Object.keys(report.systems) as SystemKey[];
  return svgLineChart(
    `Success by turn (${report.users} simulated users, ${report.pageSize} items a turn)`,
    'turn',
    'share of users shown their target',
    keys.map((k) => ({ name: report.systems[k]!.name, points: report.systems[k]!.success.map((y, t) => ({ x: t + 1, y })) })),
    720,
    380,
  );
}

/** The Markdown report, from the saved JSON and the catalog (for the example conversation's titles). */
export function renderConversationReport(report: ConversationReport, catalog: Catalog, chartFile: string): string {
  const T = report.turns;
  const keys = Object.keys(report.systems) as SystemKey[];
  const m = report.systems;
  const name = (k: SystemKey) => m[k]?.name ?? SYSTEM_NAMES[k];
  const cmp = report.comparisons;
  const run = report.run;
  const md: string[] = [
    '# Conversation evaluation: whole conversations with simulated users',
    '',
    `Command: \`${run.command}\`; commit ${run.gitCommit}${run.gitDirty ? ' (uncommitted changes)' : ''}; ${run.backend}; seed ${report.seed}; wall time ${run.wallSeconds.toFixed(0)} s (${report.conversationsPerSecond.toFixed(1)} conversations/s, on a shared 2-core machine).`,
    '',
    `Dataset ${report.dataset}: ${report.users} of its ${report.testUsers} leave-one-out test users (a seeded sample unless all), each wanting its held-out last item, up to ${T} turns of ${report.pageSize} items, the same users and the same phrases for every system. Each user talks to the conversation engine the adapters use (openConversation, in process, a fresh session store per system holding the user's history).`,
    '',
    '## Success by turn',
    '',
    `success@t is the share of users whose target has been shown by turn t; mean turns is over the users who found it within ${T} turns (and, second, over all users with a miss counted as ${T + 1}).`,
    '',
    markdownTable(['system', ...Array.from({ length: T }, (_, t) => `success@${t + 1}`), 'mean turns (found)', `mean turns (miss = ${T + 1})`], keys.map((k) => [name(k), ...m[k]!.success, num(m[k]!.meanTurns), num(m[k]!.meanTurnsFailuresAsTPlus1)]), 3),
    '',
    `![success by turn](${chartFile})`,
    '',
    '## Who wins at each turn',
    '',
    ...report.winners.map((w) => `- turn ${w.turn}: ${w.winners.map(name).join(' = ')} (${pct(w.success)})`),
    '',
  ];
  if (cmp.shippedVsNoCritique) {
    const c = cmp.shippedVsNoCritique;
    const ratio = c.noCritique > 0 ? `${(c.shipped / c.noCritique).toFixed(1)} times as many users` : 'users where none were found';
    md.push(`**Critiquing versus not.** By turn ${T} the shipped bot has shown ${pct(c.shipped)} of the users their target, the no-critique system (history only, "more" each turn) ${pct(c.noCritique)}: ${c.shipped > c.noCritique ? `critiquing finds ${ratio}` : 'critiquing does not help'} (found only by the shipped bot ${c.paired.onlyA}, only without critiques ${c.paired.onlyB}).`, '');
  }
  const pop = cmp.shippedVsPopularity;
  if (pop) {
    const last = pop.byTurn[T - 1]!;
    const verdict = indistinguishable(pop.paired)
      ? '**popularity inside the category matches the shipped bot** (the difference is within two standard errors of the paired counts)'
      : last.difference > 0
        ? `**the shipped bot beats popularity inside the category** by ${(100 * last.difference).toFixed(1)} points (more than two standard errors of the paired counts)`
        : `**popularity inside the category beats the shipped bot** by ${(100 * -last.difference).toFixed(1)} points (more than two standard errors of the paired counts)`;
    md.push(
      `**The skeptic's baseline: popularity inside the critiqued category.** ${pop.byTurn.map((b) => `Turn ${b.turn}: Flare ${pct(b.shipped)}, popularity ${pct(b.popularity)}`).join('; ')}. By turn ${T}, ${pop.paired.onlyA} users were found only by the shipped bot, ${pop.paired.onlyB} only by popularity and ${pop.paired.both} by both: ${verdict}.`,
      '',
    );
  }
  const filter = cmp.filter;
  if (filter) {
    md.push(
      `**How much of the shipped bot's success is the bot's category filter.** With the same critiques but without the bot's category-first ranking (Flare's own critique-conditioned scores), Flare finds ${pct(filter.steeringAlone)} by turn ${T} against the shipped ${pct(filter.shipped)}: ${pct(filter.shareOfShippedSuccessFromFilter)} of the shipped bot's success at turn ${T} comes from the filter rather than from the model's steering (found only with the filter ${filter.paired.onlyA}, only without it ${filter.paired.onlyB}).`,
      '',
    );
  }
  const rankRight = keys.filter((k) => m[k]!.medianRankWhenCategoryRight !== undefined);
  if (rankRight.length) {
    const byStep = (k: SystemKey, step: 'broad' | 'precise' | 'title') => num(m[k]!.medianRankWhenCategoryRightByStep?.[step], 0);
    md.push(
      `**Inside the right category.** On critique turns where the bot steered to a category holding the target, the target's median place in the order the bot pages through (a page is ${report.pageSize} items), over all such turns and after the broad, precise and title-word phrases:`,
      '',
      markdownTable(['system', 'all', 'broad', 'precise', 'title words'], rankRight.map((k) => [name(k), num(m[k]!.medianRankWhenCategoryRight, 0), byStep(k, 'broad'), byStep(k, 'precise'), byStep(k, 'title')])),
      '',
    );
  }
  md.push(...surprises(report), '');
  const flarePrecise = m.flare?.medianRankWhenCategoryRightByStep?.precise;
  const popPrecise = m.popularity?.medianRankWhenCategoryRightByStep?.precise;
  if (pop && filter) {
    const margin = pop.byTurn[T - 1]!.difference;
    md.push(
      `**What the model's steering adds, and what would make it matter.** The bot lists every item of the critiqued category first, so once the parser has the right category the model only orders the items inside it` +
        (flarePrecise !== undefined && popPrecise !== undefined ? ` (after a precise phrase the parser got right, the target's median place is ${num(flarePrecise, 0)} under Flare and ${num(popPrecise, 0)} under interaction counts)` : '') +
        `. The filter brings ${pct(filter.shareOfShippedSuccessFromFilter)} of the shipped bot's success at turn ${T}, and the model's ordering inside the category is worth ${(100 * margin).toFixed(1)} points over popularity. For the model's steering to matter more: soft critique weights (blend the model's critique-conditioned scores with category membership instead of a hard partition, so a strong history match just outside a wrongly or too broadly parsed category can still surface); fewer hard constraints (a low-confidence parse should steer, not filter); and critiques in training that look like the parser's output (the broad and mid-level paths and near-miss categories the parser produces, not only the target's exact level-4 path).`,
      '',
    );
  }
  md.push(
    '## The parser',
    '',
    'Share of critique turns (the user\'s phrase, or its pick from an ask-back) whose category, as the bot understood it, contained the target\'s category; the rest were the wrong category, an ask-back, or nothing. The user\'s words are the same for every system; the counts differ only because users stop once they have found their target.',
    '',
    markdownTable(
      ['system', 'critique turns', 'contained the target', 'broad', 'precise', 'title words', 'ask-back answers', 'asked back', 'no category'],
      keys.filter((k) => m[k]!.parser.turns > 0).map((k) => {
        const p = m[k]!.parser;
        const step = (s: 'broad' | 'precise' | 'title' | 'choice') => (p.byStep[s] ? `${pct(p.byStep[s]!.share)} of ${p.byStep[s]!.turns}` : '–');
        return [name(k), p.turns, pct(p.share), step('broad'), step('precise'), step('title'), step('choice'), p.asked, p.other];
      }),
    ),
    '',
    '## The target\'s rank after each turn',
    '',
    `Over the users still looking at that turn: the median place of the target in the order the bot pages through (the user's own items, dismissed ones and repeated titles left out, as the bot does), and the share with it in the first ${report.pageSize} and 50. A target the bot cannot show at all (an item already in the user's history) has no rank.`,
    '',
    markdownTable(
      ['system', ...Array.from({ length: T }, (_, t) => `turn ${t + 1}: median / top 5 / top 50 (users)`)],
      keys.map((k) => [name(k), ...m[k]!.rankByTurn.map((r) => `${num(r.medianRank, 0)} / ${pct(r.top5)} / ${pct(r.top50)} (${r.searching})`)]),
    ),
    '',
    '## The systems',
    '',
    ...keys.map((k) => `- **${name(k)}**: ${m[k]!.description}.`),
    '',
    ...Object.entries(report.models).map(([model, info]) => `- ${model}: \`${info.bundle}\`, ${info.description}${info.trainedBy ? `; trained by \`${info.trainedBy}\`` : ''}.`),
    '',
    '## The simulated user',
    '',
    'Turn 1 is "recommend". While its target has not been shown, at each turn the user: answers an ask-back with the number of the offered category that holds its target, if one does; says "more" when the bot already steers to a category that holds its target at the precise level (the reply names the category); otherwise says its next phrase (first broadly, then precisely, then in the product\'s own words), sending "not 1" first to dismiss the top item of the list it just saw (a new critique starts the list over); and says "more" once its phrases are used up. It stops at the first list holding its target. The no-critique user says "more" at every turn after the first. A turn is one list the user asked for; a dismissal and its phrase count as one turn.',
    '',
    'The phrases come from the target\'s category names and title only, never from the parser: `{broad}` is the level-2 category name, `{leaf}` the deepest of the first four levels (the paper\'s precise critique; skipped when the item has fewer than three), `{words}` the last two content words of the title before its first qualifier ("with", "for", a comma, a dash or a bracket; stopwords, packaging and measure words left out). Each user draws one template a step from its own seeded stream:',
    '',
    markdownTable(['step', 'templates'], report.simulatedUser.ladder.map((k) => [k, report.simulatedUser.templates[k]!.map((t) => `"${t}"`).join(', ')])),
    '',
  );
  const example = report.examples.flare?.find((r) => r.turns.length >= 3);
  if (example) md.push('## One conversation with the shipped bot', '', ...transcript(catalog, example), '');
  return md.join('\n');
}
