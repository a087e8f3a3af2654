import { readFileSync } from 'node:fs';

/**
 * The plain PyTorch Bert4Rec peer's result, read from what `bert4rec_peer.py` printed (../shared/peers on the
 * project's machines): one `epoch N loss L val {...}` line an epoch, then `users U items I best val ndcg10 X test
 * {...} wall_s S`. Table 2 puts it beside our rows, so the comparison is with a run on the same machine and split.
 */
export interface PeerResult {
  users: number;
  items: number;
  epochs: number;
  bestEpoch: number;
  recall10: number;
  ndcg10: number;
  mrr: number;
  wallSeconds: number;
}

const metric = (text: string, name: string) => {
  const m = new RegExp(`'${name}':\\s*([0-9.eE+-]+)`).exec(text);
  return m ? Number(m[1]) : Number.NaN;
};

export class PeerLogError extends Error {}

export function parsePeerLog(text: string, file = 'the peer log'): PeerResult {
  let epochs = 0;
  let best = { epoch: 0, ndcg: -1 };
  for (const line of text.split('\n')) {
    const m = /^epoch (\d+) loss \S+ val (\{.*\})/.exec(line);
    if (!m) continue;
    const epoch = Number(m[1]);
    const ndcg = metric(m[2]!, 'ndcg10');
    epochs = Math.max(epochs, epoch);
    // The peer keeps the first epoch with the highest validation nDCG@10 (a strict `>`), and so does this.
    if (ndcg > best.ndcg) best = { epoch, ndcg };
  }
  const last = /users (\d+) items (\d+) best val ndcg10 \S+ test (\{[^}]*\}) wall_s (\d+(?:\.\d+)?)/.exec(text);
  if (!last) throw new PeerLogError(`${file} has no final 'users ... test {...} wall_s ...' line: is the peer run finished? Point --peer-log at the output of ../shared/peers/bert4rec_peer.py.`);
  const result = { users: Number(last[1]), items: Number(last[2]), epochs, bestEpoch: best.epoch, recall10: metric(last[3]!, 'recall10'), ndcg10: metric(last[3]!, 'ndcg10'), mrr: metric(last[3]!, 'mrr'), wallSeconds: Number(last[4]) };
  if (![result.recall10, result.ndcg10, result.mrr].every(Number.isFinite)) throw new PeerLogError(`${file}: the test metrics of the final line cannot be read (expected recall10, ndcg10 and mrr)`);
  return result;
}

export function readPeerLog(path: string): PeerResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PeerLogError(`cannot read the peer log ${path}: give the file the peer's output was saved to`);
  }
  return parsePeerLog(text, path);
}
