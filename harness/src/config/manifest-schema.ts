/**
 * Schema of the model manifest (`golden/models/manifest.yaml`): one entry per model, parsed into
 * `ModelSpec`. Strict objects so that a typo is reported with the closest known key.
 */
import { z } from 'zod';

const nonEmpty = z.string().min(1);
const positiveInt = z.number().int().positive();
const triple = z.tuple([z.number(), z.number(), z.number()]);

export const inputSpecSchema = z.strictObject({
  name: nonEmpty,
  shape: z.tuple([z.union([positiveInt, z.literal(-1)]), positiveInt, positiveInt, positiveInt]),
  layout: z.literal('NCHW'),
  colorOrder: z.enum(['RGB', 'BGR']),
  resize: z.enum(['stretch', 'letterbox']),
  scale: z.number().positive(),
  mean: triple,
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  /** Must be the kernel the training pictures were resized with: a different one shifts mAP (1.6 points on tiny-yolo-v2-mini). */
  resizeKernel: z.enum(['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3']).optional(),
  /** letterbox padding value (0-255). */
  padValue: z.number().min(0).max(255).optional(),
});

const backgroundClass = z.number().int().nonnegative();

export const outputSpecSchema = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal('decoded-softmax'), boxes: nonEmpty, scores: nonEmpty, backgroundClass }),
  z.strictObject({
    format: z.literal('ssd-raw'),
    loc: nonEmpty,
    conf: nonEmpty,
    confActivation: z.enum(['softmax', 'none']),
    backgroundClass,
  }),
  z.strictObject({ format: z.literal('caffe-detection-output'), detections: nonEmpty }),
  z.strictObject({
    format: z.literal('post-nms'),
    numDetections: nonEmpty,
    boxes: nonEmpty,
    scores: nonEmpty,
    classes: nonEmpty,
    boxOrder: z.enum(['xyxy', 'yxyx']),
    labelBase: z.union([z.literal(0), z.literal(1)]),
    normalized: z.boolean(),
  }),
  // YOLOv2's region layer (Tiny-YOLO-v2), decoded by inference/adapters/yolo-region.ts. The fields
  // after classesInOutput name the one convention hil decodes, so a manifest states it explicitly.
  z.strictObject({
    format: z.literal('yolo-region'),
    region: nonEmpty,
    /** [w, h] per anchor, in grid cells. */
    anchors: z.array(z.tuple([z.number().positive(), z.number().positive()])).min(1),
    classesInOutput: positiveInt,
    layout: z.literal('anchor-major').default('anchor-major'),
    xy: z.literal('sigmoid').default('sigmoid'),
    wh: z.literal('exp').default('exp'),
    objectness: z.literal('sigmoid').default('sigmoid'),
    classScores: z.literal('softmax').default('softmax'),
  }),
]);

export const priorBoxLayerSchema = z.strictObject({
  featureMap: z.tuple([positiveInt, positiveInt]),
  minSize: z.number().positive(),
  maxSize: z.number().positive().optional(),
  aspectRatios: z.array(z.number().positive()),
  flip: z.boolean(),
  clip: z.boolean(),
  step: z.number().positive().optional(),
  offset: z.number().min(0).max(1),
});

export const priorBoxSpecSchema = z.strictObject({
  imageSize: z.tuple([positiveInt, positiveInt]),
  variances: z.tuple([z.number().positive(), z.number().positive(), z.number().positive(), z.number().positive()]),
  layers: z.array(priorBoxLayerSchema).min(1),
});

export const nmsSpecSchema = z.strictObject({
  iouThreshold: z.number().gt(0).max(1),
  topKBefore: positiveInt,
  keepTopK: positiveInt,
  confidenceThreshold: z.number().min(0).max(1),
});

export const modelEntrySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-" only'),
  family: nonEmpty,
  variant: z.enum(['baseline', 'pruned', 'retrained', 'other']),
  baseline: nonEmpty.optional(),
  file: nonEmpty,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  input: inputSpecSchema,
  output: outputSpecSchema,
  priors: priorBoxSpecSchema.optional(),
  nms: nmsSpecSchema,
  classes: z.array(nonEmpty).min(1),
  provenance: z.record(z.string(), z.unknown()).optional(),
});

export const manifestSchema = z.strictObject({
  version: z.literal(1),
  models: z.array(modelEntrySchema).min(1),
});

export type ManifestDocument = z.infer<typeof manifestSchema>;
