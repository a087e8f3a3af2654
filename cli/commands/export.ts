import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { exportOnnx } from '../../model/onnx/export-bundle.js';

const help = `Usage: flarechat export <bundle> [--out FILE]

Exports the bundle's serving graph to ONNX (opset 17, IR 8): input-table rows, the transformer, the output head,
seen and excluded items masked, top-k. Writes onnx.json beside it with the file's SHA-256. A bundle holding
model.onnx then ranks through onnxruntime in \`flarechat chat\`, \`flarechat serve\` and the bots.

Options:
  --out FILE   where to write the graph (default: <bundle>/model.onnx; only that name is picked up automatically)
Graph inputs:  rows, tokens int64 [batch, length]; predict_at int64 [batch]; exclude int64 [batch, n] (catalog
               indices, -1 pads); k int64 [1]
Graph outputs: item_ids int64 [batch, k] (catalog indices); scores float [batch, k]
`;

export const command: Command = {
  name: 'export',
  summary: 'export a bundle to ONNX for onnxruntime serving (model.onnx + onnx.json)',
  help,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one bundle folder');
    const started = performance.now();
    const record = await exportOnnx(positionals[0]!, values.out);
    const mb = (record.bytes / 1e6).toFixed(1);
    process.stdout.write(`wrote ${record.path} (${mb} MB, opset ${record.opset}, IR ${record.irVersion}, sha256 ${record.sha256.slice(0, 12)}…) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
