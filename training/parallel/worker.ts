import { parentPort } from 'node:worker_threads';
import { initBackend, tf } from '../../model/tf.js';
import type { FromReplica, ToReplica } from './protocol.js';
import { Replica } from './replica.js';

/** Worker entry: one replica, driven by the main thread's messages, handled strictly one after another. */
const port = parentPort;
if (!port) throw new Error('training/parallel/worker.ts runs only as a worker thread');
let replica: Replica | undefined;
let queue = Promise.resolve();

const reply = (message: FromReplica, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function handle(message: ToReplica): Promise<void> {
  if (message.type === 'init') {
    await initBackend('wasm');
    if (tf.getBackend() !== 'wasm') throw new Error(`replica ${message.replica} runs on ${tf.getBackend()}, not wasm`);
    replica = await Replica.create(message);
    reply({ type: 'ready' });
    return;
  }
  if (!replica) throw new Error(`'${message.type}' before 'init'`);
  if (message.type === 'step') reply({ type: 'gradients', ...replica.computeGradients(message) });
  else if (message.type === 'apply') replica.apply(message);
  else if (message.type === 'snapshot') {
    const snapshot = await replica.snapshot(message.withOptimizer);
    reply({ type: 'snapshot', ...snapshot }, [snapshot.weights.buffer as ArrayBuffer, ...(snapshot.optimizer?.moments.map((m) => m.values.buffer as ArrayBuffer) ?? [])]);
  } else if (message.type === 'checksum') reply({ type: 'checksum', checksum: replica.checksum() });
}

port.on('message', (message: ToReplica) => {
  queue = queue.then(() => handle(message)).catch((error: Error) => reply({ type: 'error', message: error.stack ?? error.message }));
});
