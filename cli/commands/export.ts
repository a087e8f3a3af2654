import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { exportOnnx } from '../../model/onnx/export-bundle.js';
import type { ScoringGraph } from '../../model/onnx/inference-graph.js';

const help = `Usage: flarechat export <bundle> [--out FILE] [--exact | --candidates N]

Exports the bundle's serving graph to ONNX (opset 17, IR 8): input-table rows, the transformer, the output head,
seen and excluded items masked, top-k. Writes onnx.json beside it with the file's SHA-256. A bundle holding
model.onnx then ranks through onnxruntime in \`flarechat chat\`, \`flarechat serve\` and the bots.

Catalogs over 50,000 items get the two-stage graph: an int8 pass over every item picks 200 candidates, whose
float32 scores are computed exactly for the top-k (about half the time of the exact graph at 376k items). Smaller ones get
the exact graph (float32 scores of every item). onnx.json records which.

Options:
  --out FILE        where to write the graph (default: <bundle>/model.onnx; only that name is picked up automatically)
  --exact           the exact single-stage graph whatever the catalog size
  --candidates N    the two-stage graph with N candidates whatever the catalog size
Graph inputs:  rows, tokens int64 [batch, length]; predict_at int64 [batch]; exclude int64 [batch, n] (catalog
               indices, -1 pads); k int64 [1]
Graph outputs: item_ids int64 [batch, k] (catalog indices); scores float [batch, k]
`;

export const command: Command = {
  name: 'export',
  summary: 'export a bundle to ONNX for onnxruntime serving (model.onnx + onnx.json)',
  help,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, exact: { type: 'boolean' }, candidates: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one bundle folder');
    if (values.exact && values.candidates !== undefined) throw new UsageError('--exact and --candidates exclude each other');
    const candidates = values.candidates === undefined ? undefined : Number(values.candidates);
    if (candidates !== undefined && !(Number.isInteger(candidates) && candidates >= 1)) throw new UsageError(`--candidates takes a positive integer, not '${values.candidates}'`);
    const scoring: ScoringGraph | undefined = values.exact ? { kind: 'exact' } : candidates ? { kind: 'two-stage', candidates } : undefined;
    const started = performance.now();
    const record = await exportOnnx(positionals[0]!, values.out, scoring);
    const graph = record.scoring.kind === 'exact' ? 'exact' : `two-stage, ${record.scoring.candidates} candidates`;
    const mb = (record.bytes / 1e6).toFixed(1);
    process.stdout.write(`wrote ${record.path} (${graph}, ${mb} MB, opset ${record.opset}, IR ${record.irVersion}, sha256 ${record.sha256.slice(0, 12)}…) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
