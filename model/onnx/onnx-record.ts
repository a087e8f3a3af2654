import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IR_VERSION, OPSET_VERSION } from './graph-builder.js';
import type { ScoringGraph } from './inference-graph.js';

export const ONNX_FILE = 'model.onnx';
export const ONNX_RECORD_FILE = 'onnx.json';
const RECORD_FORMAT = 'flarechat-onnx';

/** `onnx.json`, written beside the ONNX file: what was exported from which weights, and the file's checksum. */
export interface OnnxRecord {
  format: typeof RECORD_FORMAT;
  file: string;
  sha256: string;
  bytes: number;
  opset: number;
  irVersion: number;
  /** The bundle's weights.bin checksum at export: a retrained bundle with an old model.onnx is refused. */
  bundleWeightsSha256: string;
  numItems: number;
  /** Which scoring graph was exported (inference-graph.ts); absent in exports older than the two-stage graph, which were exact. */
  scoring: ScoringGraph;
  exportedAt: string;
}

/** A missing, corrupt or stale ONNX export: printed as one line at start-up. */
export class OnnxModelError extends Error {
  readonly userFacing = true;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function writeOnnxModel(path: string, bytes: Uint8Array, source: { bundleWeightsSha256: string; numItems: number; scoring: ScoringGraph }): OnnxRecord {
  const record: OnnxRecord = {
    format: RECORD_FORMAT,
    file: basename(path),
    sha256: sha256(bytes),
    bytes: bytes.byteLength,
    opset: OPSET_VERSION,
    irVersion: IR_VERSION,
    ...source,
    exportedAt: new Date().toISOString(),
  };
  writeFileSync(path, bytes);
  writeFileSync(join(dirname(path), ONNX_RECORD_FILE), JSON.stringify(record, null, 1) + '\n');
  return record;
}

/** The ONNX file's bytes after checking them against onnx.json and the bundle they were exported from. */
export function readVerifiedOnnxModel(dir: string, bundleWeightsSha256: string): { bytes: Uint8Array; record: OnnxRecord } {
  const recordPath = join(dir, ONNX_RECORD_FILE);
  const again = `run \`flarechat export ${dir}\` again`;
  if (!existsSync(recordPath)) throw new OnnxModelError(`${join(dir, ONNX_FILE)} has no ${ONNX_RECORD_FILE} beside it: ${again}`);
  let record: OnnxRecord;
  try {
    record = JSON.parse(readFileSync(recordPath, 'utf8')) as OnnxRecord;
  } catch (error) {
    throw new OnnxModelError(`${recordPath} is corrupt (${(error as Error).message}): ${again}`);
  }
  if (record.format !== RECORD_FORMAT) throw new OnnxModelError(`${recordPath}: format '${String(record.format)}', expected '${RECORD_FORMAT}'`);
  const path = join(dir, record.file);
  if (!existsSync(path)) throw new OnnxModelError(`${path} (named by ${recordPath}) does not exist: ${again}`);
  const bytes = readFileSync(path);
  if (sha256(bytes) !== record.sha256) throw new OnnxModelError(`${path} is corrupt (sha256 differs from ${ONNX_RECORD_FILE}): ${again}`);
  if (record.bundleWeightsSha256 !== bundleWeightsSha256) throw new OnnxModelError(`${path} was exported from other weights than this bundle's: ${again}`);
  return { bytes, record };
}
