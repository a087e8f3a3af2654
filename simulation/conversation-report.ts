import { PAGE_SIZE } from '../bot/engine.js';
import type { Catalog } from '../model/catalog.js';
import { markdownTable, svgLineChart, type RunProvenance } from '../training/report.js';
import { SYSTEM_DESCRIPTIONS, SYSTEM_NAMES, type ConversationRun, type SystemKey } from './conversation-experiment.js';
import { pairedAtTurn } from './metrics.js';
import { PHRASE_LADDER, PHRASE_TEMPLATES } from './phrases.js';
import type { ConversationRecord } from './simulated-user.js';

export interface ReportContext {
  run: ConversationRun;
  provenance: RunProvenance;
  catalog: Catalog;
  dataset: string;
  testUsers: number;
  seed: number;
  /** How each model was made (bundle folder, its description, the command that trained it). */
  models: Record<string, { bundle: string; description: string; trainedBy?: string }>;
  /** The file name of the chart, for the markdown's image link. */
  chartFile: string;
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | undefined, digits = 2) => (x === undefined ? '–' : x.toFixed(digits));

/** Systems within one user of the best at a turn all count as winning it. */
export function winnersByTurn(run: ConversationRun): { turn: number; winners: SystemKey[]; success: number }[] {
  const keys = Object.keys(run.metrics) as SystemKey[];
  const n = run.users.length;
  return Array.from({ length: run.turns }, (_, t) => {
    const best = Math.max(...keys.map((k) => run.metrics[k]!.success[t]!));
    return { turn: t + 1, winners: keys.filter((k) => run.metrics[k]!.success[t]! >= best - 0.5 / Math.max(1, n)), success: best };
  });
}

/** The comparisons the report states: shipped vs no critique, vs popularity, and how much comes from the filter. */
export function comparisons(run: ConversationRun) {
  const T = run.turns;
  const m = run.metrics;
  const r = run.records;
  const at = (k: SystemKey) => m[k]?.success[T - 1];
  const paired = (a: SystemKey, b: SystemKey) => (r[a] && r[b] ? pairedAtTurn(r[a]!, r[b]!, T) : undefined);
  const shipped = at('flare');
  const steering = at('flare-steering');
  return {
    turn: T,
    shippedVsNoCritique: shipped !== undefined && at('no-critique') !== undefined ? { shipped, noCritique: at('no-critique')!, shippedAbove: shipped > at('no-critique')!, paired: paired('flare', 'no-critique') } : undefined,
    shippedVsPopularity:
      shipped !== undefined && at('popularity') !== undefined
        ? { byTurn: m.flare!.success.map((s, t) => ({ turn: t + 1, shipped: s, popularity: m.popularity!.success[t]!, difference: s - m.popularity!.success[t]! })), paired: paired('flare', 'popularity') }
        : undefined,
    // The bot's category-first ranking is the filter: what the shipped bot loses without it is what the filter brings.
    filter:
      shipped !== undefined && steering !== undefined
        ? { shipped, steeringAlone: steering, shareOfShippedSuccessFromFilter: shipped > 0 ? Math.max(0, shipped - steering) / shipped : 0, paired: paired('flare', 'flare-steering') }
        : undefined,
  };
}

function transcript(catalog: Catalog, record: ConversationRecord): string[] {
  const title = (i: number) => catalog.item(i).title.slice(0, 60);
  const lines = [`Target: "${title(record.target)}" (${catalog.item(record.target).categories.join(' > ')})`, ''];
  for (const t of record.turns) {
    lines.push(`- turn ${t.turn} (${t.kind}): ${t.messages.map((m) => `"${m}"`).join(', then ')}` + (t.understood?.path ? ` → steered to ${t.understood.path}${t.understood.containsTarget ? ' (holds the target)' : ''}` : t.understood ? ` → ${t.understood.outcome === 'ask' ? 'the bot asked back' : 'no category'}` : ''));
    lines.push(`  shown: ${t.shown.length ? t.shown.map((i) => (i === record.target ? `**${title(i)}**` : title(i))).join('; ') : '(nothing)'}; target's rank ${t.targetRank ?? '–'}`);
  }
  lines.push('', record.successTurn ? `Found at turn ${record.successTurn}.` : 'Not found.');
  return lines;
}

export function buildConversationReport(ctx: ReportContext): { json: unknown; markdown: string; chart: string } {
  const { run } = ctx;
  const T = run.turns;
  const keys = Object.keys(run.metrics) as SystemKey[];
  const m = run.metrics;
  const winners = winnersByTurn(run);
  const cmp = comparisons(run);
  const chart = svgLineChart(
    `Success by turn (${run.users.length} simulated users, ${PAGE_SIZE} items a turn)`,
    'turn',
    'share of users shown their target',
    keys.map((k) => ({ name: SYSTEM_NAMES[k], points: m[k]!.success.map((y, t) => ({ x: t + 1, y })) })),
    720,
    380,
  );
  const json = {
    run: ctx.provenance,
    dataset: ctx.dataset,
    testUsers: ctx.testUsers,
    users: run.users.length,
    seed: ctx.seed,
    turns: T,
    pageSize: PAGE_SIZE,
    models: ctx.models,
    simulatedUser: { ladder: PHRASE_LADDER, templates: PHRASE_TEMPLATES },
    systems: Object.fromEntries(keys.map((k) => [k, { name: SYSTEM_NAMES[k], description: SYSTEM_DESCRIPTIONS[k], ...m[k]! }])),
    winners,
    comparisons: cmp,
    conversationsPerSecond: run.conversationsPerSecond,
    examples: Object.fromEntries(keys.map((k) => [k, run.records[k]!.slice(0, 3)])),
  };

  const md: string[] = [
    '# Conversation evaluation: whole conversations with simulated users',
    '',
    `Command: \`${ctx.provenance.command}\`; commit ${ctx.provenance.gitCommit}${ctx.provenance.gitDirty ? ' (uncommitted changes)' : ''}; ${ctx.provenance.backend}; seed ${ctx.seed}; wall time ${ctx.provenance.wallSeconds.toFixed(0)} s (${run.conversationsPerSecond.toFixed(1)} conversations/s).`,
    '',
    `Dataset ${ctx.dataset}: ${run.users.length} of its ${ctx.testUsers} leave-one-out test users (a seeded sample unless all), each wanting its held-out last item, up to ${T} turns of ${PAGE_SIZE} items, the same users and the same phrases for every system. Each user talks to the conversation engine the adapters use (openConversation, in process, a fresh session store per system holding the user's history).`,
    '',
    '## Success by turn',
    '',
    `success@t is the share of users whose target has been shown by turn t; mean turns is over the users who found it within ${T} turns (and, second, over all users with a miss counted as ${T + 1}).`,
    '',
    markdownTable(['system', ...Array.from({ length: T }, (_, t) => `success@${t + 1}`), 'mean turns (found)', `mean turns (miss = ${T + 1})`], keys.map((k) => [SYSTEM_NAMES[k], ...m[k]!.success.map((s) => s), num(m[k]!.meanTurns), num(m[k]!.meanTurnsFailuresAsTPlus1)]), 3),
    '',
    `![success by turn](${ctx.chartFile})`,
    '',
    '## Who wins at each turn',
    '',
    ...winners.map((w) => `- turn ${w.turn}: ${w.winners.map((k) => SYSTEM_NAMES[k]).join(' = ')} (${pct(w.success)})`),
    '',
  ];
  if (cmp.shippedVsNoCritique) {
    const c = cmp.shippedVsNoCritique;
    md.push(`**Critiquing versus not.** At turn ${T} the shipped bot has shown ${pct(c.shipped)} of the users their target, the no-critique system (history only, "more" each turn) ${pct(c.noCritique)}: ${c.shippedAbove ? `critiquing is ${(c.shipped / Math.max(c.noCritique, 1e-9)).toFixed(1)} times as successful` : 'critiquing does not help'} (users found only by the shipped bot ${c.paired!.onlyA}, only without critiques ${c.paired!.onlyB}).`, '');
  }
  if (cmp.shippedVsPopularity) {
    const c = cmp.shippedVsPopularity;
    const last = c.byTurn[T - 1]!;
    // McNemar: with a and b the users only one system found, a - b has standard error sqrt(a + b).
    const matches = Math.abs(c.paired!.onlyA - c.paired!.onlyB) <= 2 * Math.sqrt(c.paired!.onlyA + c.paired!.onlyB);
    md.push(
      `**The skeptic's baseline: popularity inside the critiqued category.** ${c.byTurn.map((b) => `Turn ${b.turn}: Flare ${pct(b.shipped)} vs popularity ${pct(b.popularity)}`).join('; ')}. ` +
        `At turn ${T}, ${c.paired!.onlyA} users were found only by the shipped bot and ${c.paired!.onlyB} only by popularity (${c.paired!.both} by both); ` +
        (matches
          ? `the difference is within two standard errors of the paired counts: **popularity inside the category matches the shipped bot**.`
          : last.difference > 0
            ? `**the shipped bot beats popularity inside the category** by ${(100 * last.difference).toFixed(1)} points.`
            : `**popularity inside the category beats the shipped bot** by ${(100 * -last.difference).toFixed(1)} points.`),
      '',
    );
  }
  if (cmp.filter) {
    const f = cmp.filter;
    md.push(
      `**How much of the shipped bot's success is the bot's category filter.** Without its category-first ranking (Flare's own scores, the same critiques) Flare finds ${pct(f.steeringAlone)} by turn ${T} against the shipped ${pct(f.shipped)}: ${pct(f.shareOfShippedSuccessFromFilter)} of the shipped bot's success at turn ${T} comes from the filter, not from the model's steering (users found only with the filter ${f.paired!.onlyA}, only without it ${f.paired!.onlyB}).`,
      '',
    );
  }
  const popularityKeepsUp = cmp.shippedVsPopularity && cmp.shippedVsPopularity.paired!.onlyA - cmp.shippedVsPopularity.paired!.onlyB <= 2 * Math.sqrt(cmp.shippedVsPopularity.paired!.onlyA + cmp.shippedVsPopularity.paired!.onlyB);
  if (popularityKeepsUp || (cmp.filter && cmp.filter.shareOfShippedSuccessFromFilter > 0.25)) {
    md.push(
      `**Why, and what would make the model's steering matter.** Once the bot puts every item of the critiqued category first, a critique's work is done by the filter: the model only orders the items inside the category, and there the interaction counts order them about as well (see the median ranks below). For the model's steering to count: soft critique weights (blend the model's critique-conditioned scores with the category instead of a hard partition, so a strong history match outside a wrongly parsed category can still surface), fewer hard constraints (a low-confidence parse should steer, not filter), and critiques in training that look like the parser's output (broad and mid-level paths and the parser's wrong-but-close categories, not only the target's exact level-4 path).`,
      '',
    );
  }
  const rankRight = keys.filter((k) => m[k]!.medianRankWhenCategoryRight !== undefined);
  if (rankRight.length) {
    md.push(`**Inside the right category.** On critique turns where the bot steered to a category holding the target, the target's median place in the order the bot pages through: ${rankRight.map((k) => `${SYSTEM_NAMES[k]} ${num(m[k]!.medianRankWhenCategoryRight, 0)}`).join(', ')} (a page is ${PAGE_SIZE} items).`, '');
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
        return [SYSTEM_NAMES[k], p.turns, pct(p.share), step('broad'), step('precise'), step('title'), step('choice'), p.asked, p.other];
      }),
    ),
    '',
    '## The target\'s rank after each turn',
    '',
    `Over the users still looking at that turn: the median place of the target in the order the bot pages through (the user's own items, dismissed ones and repeated titles left out, as the bot does), and the share with it in the first ${PAGE_SIZE} and 50. A target the bot cannot show at all (an item already in the user's history) has no rank.`,
    '',
    markdownTable(
      ['system', ...Array.from({ length: T }, (_, t) => `turn ${t + 1}: median / top 5 / top 50 (users)`)],
      keys.map((k) => [SYSTEM_NAMES[k], ...m[k]!.rankByTurn.map((r) => `${num(r.medianRank, 0)} / ${pct(r.top5)} / ${pct(r.top50)} (${r.searching})`)]),
    ),
    '',
    '## The systems',
    '',
    ...keys.map((k) => `- **${SYSTEM_NAMES[k]}**: ${SYSTEM_DESCRIPTIONS[k]}.`),
    '',
    ...Object.entries(ctx.models).map(([name, model]) => `- ${name}: \`${model.bundle}\`, ${model.description}${model.trainedBy ? `; trained by \`${model.trainedBy}\`` : ''}.`),
    '',
    '## The simulated user',
    '',
    `Turn 1 is "recommend". While its target has not been shown, at each turn the user: answers an ask-back with the number of the offered category that holds its target, if one does; says "more" when the bot already steers to a category that holds its target at the precise level (the reply names the category); otherwise says its next phrase (first broadly, then precisely, then in the product's own words), sending "not 1" first to dismiss the top item of the list it just saw (a new critique starts the list over); and says "more" once its phrases are used up. It stops at the first list holding its target. The no-critique user says "more" at every turn after the first. A turn is one list the user asked for; a dismissal and its phrase count as one turn.`,
    '',
    'The phrases come from the target\'s category names and title only, never from the parser: `{broad}` is the level-2 category name, `{leaf}` the deepest of the first four levels (the paper\'s precise critique; skipped when the item has fewer than three), `{words}` the last two content words of the title before its first qualifier ("with", "for", a comma, a dash or a bracket; stopwords, packaging and measure words left out). Each user draws one template a step from its own seeded stream:',
    '',
    markdownTable(['step', 'templates'], PHRASE_LADDER.map((k) => [k, PHRASE_TEMPLATES[k].map((t) => `"${t}"`).join(', ')])),
    '',
  );
  const example = keys.includes('flare') ? run.records.flare!.find((r) => r.turns.length >= 3) : undefined;
  if (example) md.push('## One conversation with the shipped bot', '', ...transcript(ctx.catalog, example), '');
  return { json, markdown: md.join('\n'), chart };
}
