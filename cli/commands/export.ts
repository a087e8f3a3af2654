import { numberArg, UsageError, type CliCommand } from '../command.js';
import { exportOnnx } from '../../model/onnx/export-bundle.js';
import type { ScoringGraph } from '../../model/onnx/inference-graph.js';

const description = `Exports the bundle's serving graph to ONNX (opset 17, IR 8): input-table rows, the transformer, the output head,
seen and excluded items masked, top-k. Writes onnx.json beside it with the file's SHA-256. A bundle holding
model.onnx then ranks through onnxruntime in \`flarechat chat\`, \`flarechat serve\` and the bots.

Catalogs over 50,000 items get the two-stage graph: an int8 pass over every item picks 200 candidates, whose
float32 scores are computed exactly for the top-k (about half the time of the exact graph at 376k items). Smaller ones get
the exact graph (float32 scores of every item). onnx.json records which.`;

const graphHelp = `
Graph inputs:  rows, tokens int64 [batch, length]; predict_at int64 [batch]; exclude int64 [batch, n] (catalog
               indices, -1 pads); k int64 [1]
Graph outputs: item_ids int64 [batch, k] (catalog indices); scores float [batch, k]`;

export const command: CliCommand<{ out?: string; exact?: boolean; candidates?: number }> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<bundle>', 'the model bundle folder')
      .option('--out <file>', 'where to write the graph (default: <bundle>/model.onnx; only that name is picked up automatically)')
      .option('--exact', 'the exact single-stage graph whatever the catalog size')
      .option('--candidates <n>', 'the two-stage graph with N candidates whatever the catalog size', numberArg({ integer: true, min: 1 }))
      .addHelpText('after', graphHelp),
  async run(values, [bundle]: [string]) {
    if (values.exact && values.candidates !== undefined) throw new UsageError('--exact and --candidates exclude each other');
    const { candidates } = values;
    const scoring: ScoringGraph | undefined = values.exact ? { kind: 'exact' } : candidates ? { kind: 'two-stage', candidates } : undefined;
    const started = performance.now();
    const record = await exportOnnx(bundle, values.out, scoring);
    const graph = record.scoring.kind === 'exact' ? 'exact' : `two-stage, ${record.scoring.candidates} candidates`;
    const mb = (record.bytes / 1e6).toFixed(1);
    process.stdout.write(`wrote ${record.path} (${graph}, ${mb} MB, opset ${record.opset}, IR ${record.irVersion}, sha256 ${record.sha256.slice(0, 12)}…) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
