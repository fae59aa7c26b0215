/**
 * Public API of hil's inference layer: model specs, preprocessing, prepared tensors, output
 * adapters, NMS.
 */
export type { ColorOrder, ResizeMode, InputSpec, OutputSpec, PriorBoxLayer, PriorBoxSpec, NmsSpec, ModelSpec, CocoDetection } from './model-spec.js';
export { DEFAULT_NMS } from './model-spec.js';
export type { ImageMeta } from './image-meta.js';
export { toOriginalBbox, identityMeta } from './image-meta.js';
export type { TensorLike, OutputMap } from './tensor-like.js';
export { preprocessImage, hwcToChw, type ImageSource, type PreprocessedImage } from './preprocess.js';
export { prepareTensors, clearTensorCache, tensorKey, type ImageRef, type PrepareOptions } from './tensor-cache.js';
export {
  loadPreparedTensors,
  savePreparedTensors,
  imageTensor,
  imageSize,
  TENSOR_FILE_FORMAT,
  type PreparedTensors,
} from './prepared-tensors.js';
export { nmsPerClass, iou, type NmsInput, type NmsDetection } from './nms.js';
export { decodeOutputs, outputNamesOf, type DecodeSpec } from './adapters/decode-outputs.js';
export type { DecodeOptions } from './adapters/to-coco.js';
export { generatePriorBoxes, expandAspectRatios, priorsPerCell } from './adapters/prior-boxes.js';
export { decodeCenterSize, softmaxRows } from './adapters/box-decoding.js';
export { categoryIdFor } from './adapters/class-mapping.js';
