import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';

export type ExecutionProvider = 'cuda' | 'cpu';

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
  /** Why a faster provider was not used, for the start-up line. */
  notes: string[];
}

function cudaDeviceVisible(env: NodeJS.ProcessEnv): boolean {
  if (env.CUDA_VISIBLE_DEVICES === '-1' || env.CUDA_VISIBLE_DEVICES === '') return false;
  return existsSync('/dev/nvidiactl') || Boolean(env.CUDA_VISIBLE_DEVICES);
}

const cpuOptions = (): ort.InferenceSession.SessionOptions => ({
  executionProviders: ['cpu'],
  intraOpNumThreads: availableParallelism(),
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  // Idle intra-op threads that spin would take the cores the server's event loop needs between runs.
  extra: { session: { intra_op: { allow_spinning: '0' } } },
});

/**
 * An onnxruntime session on CUDA when this binding has the CUDA provider and a device is visible, else on the CPU
 * with one intra-op thread per core. `FLARECHAT_ORT_PROVIDER` (cuda | cpu) forces one. CUDA is requested alone, so a
 * session that opens really runs on CUDA rather than silently on the CPU.
 */
export async function openSession(model: Uint8Array, env: NodeJS.ProcessEnv = process.env): Promise<OpenedSession> {
  const forced = env.FLARECHAT_ORT_PROVIDER;
  if (forced && forced !== 'cuda' && forced !== 'cpu') throw new Error(`FLARECHAT_ORT_PROVIDER=${forced} is not one of cuda, cpu`);
  const notes: string[] = [];
  if (forced !== 'cpu') {
    const hasCuda = ort.listSupportedBackends().some((b) => b.name === 'cuda');
    if (!hasCuda) notes.push('cuda skipped: this onnxruntime-node binding has no CUDA provider');
    else if (!cudaDeviceVisible(env) && forced !== 'cuda') notes.push('cuda skipped: no CUDA device visible');
    else {
      try {
        return { session: await ort.InferenceSession.create(model, { executionProviders: ['cuda'], graphOptimizationLevel: 'all' }), provider: 'cuda', notes };
      } catch (error) {
        if (forced === 'cuda') throw new Error(`FLARECHAT_ORT_PROVIDER=cuda but the CUDA provider failed: ${(error as Error).message.split('\n')[0]}`);
        notes.push(`cuda failed (${(error as Error).message.split('\n')[0]})`);
      }
    }
    if (forced === 'cuda') throw new Error(`FLARECHAT_ORT_PROVIDER=cuda but ${notes.join('; ')}`);
  }
  return { session: await ort.InferenceSession.create(model, cpuOptions()), provider: 'cpu', notes };
}

export { ort };
