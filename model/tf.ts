import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The union package's Node bundle registers every op's gradient in tfjs-core's (CommonJS) registry.
import '@tensorflow/tfjs';

export { tf };

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: string;
  /** What was tried and why it was not used, for the start-up line. */
  notes: string[];
}

let chosen: BackendChoice | undefined;

/** Undefined when the optional native binding loaded; otherwise why not, as a plain note for the start-up line. */
async function tryNodeBinding(pkg: string): Promise<string | undefined> {
  try {
    await import(pkg);
    return undefined;
  } catch (error) {
    // Not installed is the usual case (an optional dependency without a prebuilt binary here), not an error.
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (error as Error).message.includes(`'${pkg}'`)) return `${pkg.replace('@tensorflow/', '')} not installed`;
    return `${pkg} not usable (${(error as Error).message.split('\n')[0]})`;
  }
}

function cudaVisible(): boolean {
  return Boolean(process.env.CUDA_VISIBLE_DEVICES ?? '') && process.env.CUDA_VISIBLE_DEVICES !== '-1';
}

async function setAndAssert(name: string): Promise<boolean> {
  const ok = await tf.setBackend(name).catch(() => false);
  await tf.ready();
  // A failed setBackend can silently leave another backend active: check the one really in use.
  return ok && tf.getBackend() === name;
}

/**
 * The wasm backend's Identity copies its input, and autodiff clones every tensor a gradient will need through
 * Identity: hundreds of copies a training step. Tensors are immutable (a variable's assign swaps its data rather than
 * writing into it), so the clone can share the data with a reference count, as the backend's own Reshape does.
 */
function identityWithoutCopy(): void {
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

/**
 * The backend ladder: tfjs-node-gpu (only with a visible CUDA device), tfjs-node, wasm (the default that always
 * installs), cpu. `FLARECHAT_TF_BACKEND` forces one rung. The choice and the reasons for skipping rungs are returned
 * so the caller can print them.
 */
export async function initBackend(preferred = process.env.FLARECHAT_TF_BACKEND): Promise<BackendChoice> {
  if (chosen) return chosen;
  const notes: string[] = [];
  const ladder = preferred ? [preferred] : ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
  for (const rung of ladder) {
    if (rung === 'tensorflow-gpu') {
      if (!cudaVisible()) {
        notes.push('tfjs-node-gpu skipped (no CUDA device visible)');
        continue;
      }
      const failure = await tryNodeBinding('@tensorflow/tfjs-node-gpu');
      if (failure) {
        notes.push(failure);
        continue;
      }
      if (await setAndAssert('tensorflow')) {
        notes.push('tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1; with other versions it silently runs on the CPU');
        return (chosen = { name: 'tensorflow (tfjs-node-gpu)', notes });
      }
    } else if (rung === 'tensorflow') {
      const failure = await tryNodeBinding('@tensorflow/tfjs-node');
      if (failure) {
        notes.push(failure);
        continue;
      }
      if (await setAndAssert('tensorflow')) return (chosen = { name: 'tensorflow (tfjs-node, CPU)', notes });
    } else if (rung === 'wasm') {
      try {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const require = createRequire(import.meta.url);
        const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
        // Local files only; the threaded build needs blob: Workers, which Node refuses, so it is never offered.
        wasm.setWasmPaths({
          'tfjs-backend-wasm.wasm': join(dist, 'dist', 'tfjs-backend-wasm.wasm'),
          'tfjs-backend-wasm-simd.wasm': join(dist, 'dist', 'tfjs-backend-wasm-simd.wasm'),
          'tfjs-backend-wasm-threaded-simd.wasm': join(dist, 'dist', 'tfjs-backend-wasm-simd.wasm'),
        });
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        if (await setAndAssert('wasm')) {
          identityWithoutCopy();
          return (chosen = { name: 'wasm (single-threaded)', notes });
        }
        notes.push(`wasm failed to start (active backend: ${tf.getBackend()})`);
      } catch (error) {
        notes.push(`wasm not usable (${(error as Error).message})`);
      }
    } else if (rung === 'cpu') {
      if (await setAndAssert('cpu')) return (chosen = { name: 'cpu (plain JavaScript)', notes });
    } else {
      throw new Error(`FLARECHAT_TF_BACKEND=${rung} is not one of tensorflow-gpu, tensorflow, wasm, cpu`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${notes.join('; ')}`);
}

export function backendLine(choice: BackendChoice): string {
  return `backend: ${choice.name}${choice.notes.length ? `; ${choice.notes.join('; ')}` : ''}`;
}
