import { embedTokens, encodeInputs, headVectors, logitsFromVectors, withRepeatBias, type ModelConfig, type Params } from '../model/bert4rec.js';
import type { Catalog } from '../model/catalog.js';
import type { CritiqueVocabulary } from '../model/critique-vocabulary.js';
import type { FlareConfig } from '../model/flare-config.js';
import { flareInputs, idTextInfoNce, type FlareFeatures } from '../model/flare.js';
import { inputTablesFor } from '../model/input-tables.js';
import { gatherRows, matMul, softmaxCrossEntropy } from '../model/ops.js';
import { tf } from '../model/tf.js';
import type { ClozeBatch } from './batches.js';
import type { TrainConfig } from './config.js';

/** What a loss needs beyond the weights: Flare's frozen text features and its loss settings. */
export interface LossContext {
  features?: FlareFeatures;
  dropout?: number;
  attentionDropout?: number;
  /** The seed of this step's dropout masks (EncoderLayout.dropoutSeed); set by the trainer before each step. */
  dropoutSeed?: number;
  contrastive?: Pick<TrainConfig, 'contrastiveWeight' | 'contrastiveTemperature' | 'contrastiveMargin' | 'contrastiveItems'>;
  /** This epoch's share of the contrastive weight (TrainConfig.contrastiveDecayEpochs); 1 when absent. */
  contrastiveShare?: number;
  /** Flare with text at the output: the items' text contexts [V, d] (fixed for the epoch) added to the ID rows. */
  outputText?: tf.Tensor;
}

function requireOutputText(context: LossContext): tf.Tensor {
  if (!context.outputText) throw new Error('a Flare model with text at the output needs the text rows of its output layer (LossContext.outputText)');
  return context.outputText;
}

/**
 * The text part of Flare's output rows, from the current weights: the input tables' item rows less the ID embedding.
 * Training holds it fixed for an epoch; inference uses the tables themselves, computed from the final weights.
 */
export function outputTextRows(model: ModelConfig, params: Params, catalog: Catalog, vocabulary: CritiqueVocabulary, features: FlareFeatures): tf.Tensor {
  const tables = inputTablesFor(model, params, catalog, vocabulary, features);
  const rows = tf.tidy(() => tf.sub(tables.items, params.item_embedding!));
  tf.dispose([tables.items, tables.critiques]);
  return rows;
}

/** What a model brings to the shared masked-item objective for a batch: its input rows and any loss term of its own. */
interface ModelTerms {
  inputs: tf.Tensor;
  extra?: tf.Tensor;
}

/** Bert4Rec*: item (+ critique token) embeddings; nothing beyond the masked-item loss. */
function bert4recTerms(model: ModelConfig, params: Params, batch: ClozeBatch, tokens: tf.Tensor2D): ModelTerms {
  const levels = Math.max(1, model.critiqueLevels);
  return { inputs: embedTokens(model, params, { tokens, critiques: tf.tensor3d(batch.critiques, [batch.batch, batch.length, levels], 'int32') }) };
}

/** Flare: ID + Perceiver text context, and the weighted ID-text InfoNCE loss (eq. 7) over the batch's items. */
function flareTerms(model: ModelConfig, flare: FlareConfig, params: Params, batch: ClozeBatch, tokens: tf.Tensor2D, context: LossContext): ModelTerms {
  if (!context.features || !batch.pairs) throw new Error('a Flare batch needs text features and context pairs');
  const pairs = batch.pairs;
  const out = flareInputs(model, flare, params, context.features, tokens, {
    textRows: pairs.textRows,
    critiqueRows: pairs.critiqueRows,
    contextOf: tf.tensor2d(pairs.contextOf, [batch.batch, batch.length], 'int32'),
  }, batch.unseen ? tf.tensor2d(batch.unseen, [batch.batch, batch.length], 'int32') : undefined);
  const settings = context.contrastive;
  if (!(settings && settings.contrastiveWeight > 0 && pairs.itemPairs.length > 1)) return { inputs: out.inputs };
  const n = Math.min(settings.contrastiveItems, pairs.itemPairs.length);
  const rows = gatherRows(params.item_embedding!, tf.tensor1d(pairs.itemTokens.subarray(0, n), 'int32'));
  const ids = params.flare_contrastive_w ? matMul(rows, params.flare_contrastive_w) : rows;
  const texts = gatherRows(out.contexts, tf.tensor1d(pairs.itemPairs.subarray(0, n), 'int32'));
  return { inputs: out.inputs, extra: tf.mul(idTextInfoNce(ids, texts, settings.contrastiveTemperature, settings.contrastiveMargin), settings.contrastiveWeight * (context.contrastiveShare ?? 1)) };
}

/** MLM cross-entropy at the masked positions, plus what the model adds (Flare: the weighted ID-text InfoNCE loss). */
export function lossOf(model: ModelConfig, params: Params, batch: ClozeBatch, context: LossContext = {}): tf.Scalar {
  const tokens = tf.tensor2d(batch.tokens, [batch.batch, batch.length], 'int32');
  const layout = {
    tokens,
    // One sequence a row from position 0: encodeInputs' default slice, cheaper than gathering positions.
    ...(batch.packed || model.positionsFromEnd ? { positions: tf.tensor2d(batch.positions, [batch.batch, batch.length], 'int32') } : {}),
    ...(batch.packed ? { segments: tf.tensor2d(batch.segments, [batch.batch, batch.length], 'int32') } : {}),
    dropout: context.dropout,
    attentionDropout: context.attentionDropout,
    dropoutSeed: context.dropoutSeed,
  };
  const { inputs, extra } = model.flare ? flareTerms(model, model.flare, params, batch, tokens, context) : bert4recTerms(model, params, batch, tokens);
  const hidden = encodeInputs(model, params, inputs, layout);
  const vectors = headVectors(params, gatherRows(tf.reshape(hidden, [-1, model.dModel]), tf.tensor1d(batch.predictAt, 'int32')));
  const outputRows = model.flare?.outputText ? tf.add(params.item_embedding!, requireOutputText(context)) : undefined;
  const logits = withRepeatBias(model, params, logitsFromVectors(params, vectors, outputRows), { tokens: batch.tokens, segments: batch.segments, length: batch.length, predictAt: batch.predictAt });
  const mlm = softmaxCrossEntropy(logits, tf.tensor1d(batch.labels, 'int32'));
  return (extra ? tf.add(mlm, extra) : mlm) as tf.Scalar;
}
