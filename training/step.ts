import type { ModelConfig, Params } from '../model/bert4rec.js';
import { tf } from '../model/tf.js';
import type { ClozeBatch } from './batches.js';
import { FlatAdam } from './flat-adam.js';
import { clipByGlobalNorm } from './gradient-clip.js';
import { lossOf, type LossContext } from './loss.js';

/**
 * One optimisation step: gradients of the loss, Adam, then decoupled weight decay (AdamW) on the decayed weights.
 * Returns the batch's loss.
 */
export async function trainingStep(model: ModelConfig, params: Params, optimizer: tf.Optimizer, batch: ClozeBatch, context: LossContext, learningRate: number, decay?: { rate: number; weights: tf.Variable[] }, clipNorm = 0): Promise<number> {
  const flat = optimizer instanceof FlatAdam ? optimizer : undefined;
  if (flat) flat.learningRate = learningRate;
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossOf(model, params, batch, context));
    // FlatAdam clips and decays in its own pass; any other optimizer gets them as tensor ops around its step.
    if (flat) flat.applyTensors(grads, { clipNorm, ...(decay ? { decay: { rate: decay.rate, names: new Set(decay.weights.map((w) => w.name)) } } : {}) });
    else optimizer.applyGradients((clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm).grads : grads) as never);
    return value;
  });
  if (decay && !flat) tf.tidy(() => decay.weights.forEach((v) => v.assign(tf.mul(v, 1 - learningRate * decay.rate))));
  const value = (await loss.data())[0]!;
  loss.dispose();
  return value;
}
