import { parentPort, workerData } from 'node:worker_threads';
import { addItemsToBundle, AddItemsError } from '../../model/add-items.js';
import type { Item } from '../../model/catalog.js';
import { initBackend } from '../../model/tf.js';

/** Adds items to a bundle on this worker thread (see add-items-thread.ts) and posts the outcome back. */
const { dir, items } = workerData as { dir: string; items: Item[] };
try {
  await initBackend();
  parentPort!.postMessage({ ok: true, result: await addItemsToBundle(dir, items) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message, userFacing: error instanceof AddItemsError });
}
