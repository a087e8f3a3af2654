export interface EncoderInfo {
  name: string;
  version: string;
  dim: number;
}

export interface TokenStates {
  batch: number;
  tokens: number;
  dim: number;
  /** [batch, tokens, dim]; zeros at padding. */
  states: Float32Array;
  /** [batch, tokens], 1 = real token. */
  mask: Uint8Array;
  /** [batch], 1 = the text was longer than the encoder's token limit and was cut. */
  truncated: Uint8Array;
}

/** A frozen text encoder: texts in, last-layer token states or sentence vectors out. */
export interface TextEncoder {
  readonly info: EncoderInfo;
  /** Most tokens the encoder reads from one text; the rest is cut (and flagged in TokenStates.truncated). */
  readonly maxTokens: number;
  /** Per-token states of the last transformer layer. */
  encodeTokens(texts: readonly string[]): Promise<TokenStates>;
  /** [n, dim] sentence vectors. */
  encodePooled(texts: readonly string[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** A text as token ids, after cleaning and cutting to the encoder's limit. */
export interface Tokenized {
  ids: number[];
  truncated: boolean;
}
