import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { categoryPath } from '../../model/catalog.js';
import { loadDataset } from '../../model/dataset.js';
import { loadBundle } from '../../model/recommend.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { buildTrace, traceMarkdown } from '../../training/traces.js';
import { writeReport } from '../../training/report.js';

const help = `Usage: flarechat trace <prepared-dataset> --bert4rec <bundle> --flare <bundle> [--users N] [--critique TEXT] [--k 5] [--out DIR]

Example traces like the paper's Appendix C: for test users of the dataset, the top-k of Bert4Rec*, of Flare, and
of Flare with a critique (default: the held-out item's own category at the Flare bundle's critique depth, as in
Table 10; --critique sets one for every user instead). Prints Markdown and writes <out>/traces.md and .json
(default reports/).

Options:
  --users N       how many test users (default 3: the first users whose history has at least 3 items)
  --critique TEXT a category path ("A - B - C") used for every user instead of the held-out item's
  --k N           list length (default 5)
`;

export const command: Command = {
  name: 'trace',
  summary: "print Appendix C style traces: Bert4Rec*, Flare and Flare with a critique for the same history",
  help,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { bert4rec: { type: 'string' }, flare: { type: 'string' }, users: { type: 'string', default: '3' }, critique: { type: 'string' }, k: { type: 'string', default: '5' }, out: { type: 'string', default: 'reports' } } });
    if (positionals.length !== 1 || !values.bert4rec || !values.flare) throw new UsageError('expected <prepared-dataset>, --bert4rec <bundle> and --flare <bundle>');
    const dataset = await loadDataset(positionals[0]!);
    const [bert4rec, flare] = [await loadBundle(values.bert4rec), await loadBundle(values.flare)];
    for (const m of [bert4rec, flare]) if (m.catalog.size !== dataset.catalog.size) throw new UsageError(`${m.describe()} has ${m.catalog.size} items, the dataset ${dataset.catalog.size}: train both bundles on this dataset`);
    const depth = flare.manifest.critiqueMode === 'broad' ? 2 : 4;
    const cases = leaveOneOutCases(dataset.sequences).test.filter((c) => c.history.length >= 3).slice(0, Number(values.users));
    const traces = [];
    const markdown = ['# Example traces (Appendix C style)', '', `Bert4Rec*: ${bert4rec.describe()}. Flare: ${flare.describe()}.`, ''];
    for (const c of cases) {
      const history = Array.from(c.history);
      const critique = values.critique ?? categoryPath(dataset.catalog.item(c.target).categories, depth);
      const trace = await buildTrace([{ label: 'Bert4Rec*', model: bert4rec }, { label: 'Flare', model: flare }, { label: 'Flare with critique', model: flare, critique }], history, c.target, Number(values.k));
      traces.push(trace);
      markdown.push(traceMarkdown(trace), '');
    }
    const text = markdown.join('\n');
    process.stdout.write(text + '\n');
    writeReport(values.out!, 'traces', { bert4rec: values.bert4rec, flare: values.flare, traces }, text);
    bert4rec.dispose();
    flare.dispose();
    return 0;
  },
};
