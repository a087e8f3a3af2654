import { BundleError, type BundleManifest } from './bundle.js';
import { maskToken, type ModelConfig, type Params } from './bert4rec.js';
import { flareFeatures, textContext } from './flare.js';
import { encodeTextFeatures, openTextEncoder, type TextEncoder, type TextFeatureOptions, type TextFeatures } from './text-encoder/index.js';
import { tf } from './tf.js';

/** Tokens of a critique text Flare reads, the same in training (category paths) and serving (the user's words). */
export const CRITIQUE_TEXT_MAX_TOKENS = 32;

/** Critique texts through the frozen encoder as Flare reads them: lowercased, cut, pooled to the model's critique tokens. */
export function encodeCritiqueTexts(encoder: TextEncoder, texts: readonly string[], critiqueTokens: number, options: Pick<TextFeatureOptions, 'cacheDir' | 'log'> = {}): Promise<TextFeatures> {
  return encodeTextFeatures(encoder, texts.map((t) => t.toLowerCase()), { maxTokens: CRITIQUE_TEXT_MAX_TOKENS, poolTo: critiqueTokens, ...options });
}

/**
 * Critiques in the user's own words for a Flare bundle: the text goes through the same frozen encoder the bundle was
 * trained with, then the Perceiver with the [MASK] text, giving the [MASK] row that carries it. The encoder is
 * opened on first use and must be the bundle's (same name and width), or the bundle refuses it.
 */
export class FreeTextCritiques {
  private encoder?: Promise<TextEncoder>;

  constructor(
    private readonly manifest: BundleManifest,
    private readonly params: Record<string, tf.Tensor>,
    private readonly encoderSpec?: string,
  ) {}

  static supported(manifest: BundleManifest): boolean {
    return manifest.model === 'flare' && manifest.config.flare !== undefined && manifest.encoder !== null;
  }

  private open(): Promise<TextEncoder> {
    const expected = this.manifest.encoder;
    if (!expected) throw new BundleError('this bundle reads no text, so it cannot take a critique in free text');
    this.encoder ??= openTextEncoder(this.encoderSpec ?? expected.name, { expectedDim: expected.dim }).then(async (encoder) => {
      if (encoder.info.name !== expected.name || encoder.info.dim !== expected.dim) {
        await encoder.dispose();
        throw new BundleError(`the bundle was trained with text encoder ${expected.name} (${expected.dim}-d), not ${encoder.info.name} (${encoder.info.dim}-d)`);
      }
      return encoder;
    });
    return this.encoder;
  }

  /** One input row [n, d] per critique text: the [MASK] ID plus the Perceiver context of ([MASK] text, critique). */
  async rows(texts: readonly string[]): Promise<tf.Tensor2D> {
    const config: ModelConfig = this.manifest.config;
    const flare = config.flare!;
    const encoder = await this.open();
    const states = await encodeCritiqueTexts(encoder, texts, flare.critiqueTokens);
    const noItems = { count: 0, tokens: flare.textTokens, dim: states.dim, states: new Float32Array(0), mask: new Uint8Array(0) };
    const features = flareFeatures(noItems, states);
    return tf.tidy(() => {
      const params = this.params as Params;
      const context = textContext(config, flare, params, features, texts.map(() => 0), texts.map((_, i) => i));
      return tf.add(context, tf.slice(params.item_embedding!, [maskToken(config), 0], [1, config.dModel])) as tf.Tensor2D;
    });
  }

  async dispose(): Promise<void> {
    if (this.encoder) await (await this.encoder.catch(() => undefined))?.dispose();
  }
}
