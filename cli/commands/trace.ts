import { InputError, numberArg, type CliCommand } from '../command.js';
import { categoryPath } from '../../model/catalog.js';
import { loadDataset } from '../../model/dataset.js';
import { loadBundle } from '../../model/recommend.js';
import { leaveOneOutCases } from '../../training/splits.js';
import { buildTrace, traceMarkdown } from '../../training/traces.js';
import { writeReport } from '../../training/report.js';

const description = `Example traces like the paper's Appendix C: for test users of the dataset, the top-k of Bert4Rec*, of Flare, and
of Flare with a critique (default: the held-out item's own category at the Flare bundle's critique depth, as in
Table 10; --critique sets one for every user instead). Prints Markdown and writes <out>/traces.md and .json
(default reports/).`;

interface TraceOptions {
  bert4rec: string;
  flare: string;
  users: number;
  critique?: string;
  k: number;
  out: string;
}

export const command: CliCommand<TraceOptions> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<prepared-dataset>', 'the dataset both bundles were trained on')
      .requiredOption('--bert4rec <bundle>', 'the Bert4Rec* bundle')
      .requiredOption('--flare <bundle>', 'the Flare bundle')
      .option('--users <n>', 'how many test users (the first whose history has at least 3 items)', numberArg({ integer: true, min: 1 }), 3)
      .option('--critique <text>', "a category path (\"A - B - C\") used for every user instead of the held-out item's")
      .option('--k <n>', 'list length', numberArg({ integer: true, min: 1 }), 5)
      .option('--out <dir>', 'report folder', 'reports'),
  async run(values, [datasetDir]: [string]) {
    const dataset = await loadDataset(datasetDir);
    const [bert4rec, flare] = [await loadBundle(values.bert4rec), await loadBundle(values.flare)];
    for (const m of [bert4rec, flare]) if (m.catalog.size !== dataset.catalog.size) throw new InputError(`${m.describe()} has ${m.catalog.size} items, the dataset ${dataset.catalog.size}: train both bundles on this dataset`);
    const depth = flare.manifest.critiqueMode === 'broad' ? 2 : 4;
    const cases = leaveOneOutCases(dataset.sequences).test.filter((c) => c.history.length >= 3).slice(0, values.users);
    const traces = [];
    const markdown = ['# Example traces (Appendix C style)', '', `Bert4Rec*: ${bert4rec.describe()}. Flare: ${flare.describe()}.`, ''];
    for (const c of cases) {
      const history = Array.from(c.history);
      const critique = values.critique ?? categoryPath(dataset.catalog.item(c.target).categories, depth);
      const trace = await buildTrace([{ label: 'Bert4Rec*', model: bert4rec }, { label: 'Flare', model: flare }, { label: 'Flare with critique', model: flare, critique }], history, c.target, values.k);
      traces.push(trace);
      markdown.push(traceMarkdown(trace), '');
    }
    const text = markdown.join('\n');
    process.stdout.write(text + '\n');
    writeReport(values.out, 'traces', { bert4rec: values.bert4rec, flare: values.flare, traces }, text);
    bert4rec.dispose();
    flare.dispose();
    return 0;
  },
};
