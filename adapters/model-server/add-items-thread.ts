import { Worker } from 'node:worker_threads';
import { AddItemsError, type AddItemsResult } from '../../model/add-items.js';
import type { Item } from '../../model/catalog.js';

/**
 * `addItemsToBundle` on a worker thread: encoding the new items' text, rebuilding the tables and exporting the ONNX
 * graph take seconds of CPU, and on the server's own thread they would hold every /v1/recommend for that long.
 */
export function addItemsOffThread(dir: string, items: readonly Item[]): Promise<AddItemsResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./add-items-worker.mjs', import.meta.url), { workerData: { dir, items }, execArgv: [] });
    let settled = false;
    worker.once('message', (message: { ok: true; result: AddItemsResult } | { ok: false; message: string; userFacing: boolean }) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(message.userFacing ? new AddItemsError(message.message) : new Error(message.message));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the add-items worker exited with code ${code} before answering`));
    });
  });
}
