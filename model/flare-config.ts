/**
 * Flare's text path (paper section 3.2-3.4): the frozen text encoder's token states of the item description and of
 * the critique, each with its type embedding, concatenated and pooled by a Perceiver into a fixed number of latents,
 * flattened and projected to the model width, then summed with the item ID embedding.
 *
 * Its settings live apart from model/flare.ts so that the Bert4Rec* config (model/bert4rec.ts) can carry them
 * without the two importing each other: flare.ts builds on bert4rec.ts, never the other way.
 */
/** Tokens of an item description read before pooling, unless a bundle records its own (bundles before it used this). */
export const DEFAULT_MAX_TEXT_TOKENS = 96;

export interface FlareConfig {
  /** Width of the frozen encoder's token states (512 for USE-lite). */
  textDim: number;
  /**
   * Tokens of an item description read before pooling to textTokens states: what a description added after training
   * must be encoded with too (model/add-items.ts). Absent in bundles written before it: DEFAULT_MAX_TEXT_TOKENS.
   */
  maxTextTokens?: number;
  /** Token states kept per item description and per critique (after truncation or pooling). */
  textTokens: number;
  critiqueTokens: number;
  perceiverDim: number;
  perceiverHeads: number;
  perceiverLayers: number;
  perceiverLatents: number;
  perceiverHidden: number;
  /** false = the "w/o Perceiver" ablation: a masked mean of the projected token states instead of latents. */
  usePerceiver: boolean;
  /**
   * Score items at the output by their whole input representation, ID plus text context (the item rows of the input
   * tables), instead of the ID embedding alone, so an item seldom seen in training still ranks by its text.
   */
  outputText?: boolean;
}
