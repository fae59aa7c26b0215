/**
 * What hil needs to know to feed a model and read its outputs. One entry of
 * `golden/models/manifest.yaml` (schema in `config/manifest-schema.ts`) parses into this shape;
 * users add their own models by adding entries, not code.
 */
import type { Precision } from '../results/precision.js';
export type ColorOrder = 'RGB' | 'BGR';
export type ResizeMode = 'stretch' | 'letterbox';

export interface InputSpec {
  /** ONNX input name. */
  name: string;
  /** NCHW, batch first; batch may be -1 (dynamic) when the model allows batching. */
  shape: [number, number, number, number];
  layout: 'NCHW';
  colorOrder: ColorOrder;
  resize: ResizeMode;
  /** Pixel value (0-255) is multiplied by `scale`, then `(v - mean[c]) / std[c]`. */
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Letterbox padding as a pixel value (0-255) before scale/mean/std. @default 0 */
  padValue?: number;
  /** sharp's resize kernel. @default 'linear' (bilinear, antialiased when shrinking) */
  resizeKernel?: 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos2' | 'lanczos3';
}

/** Caffe PriorBox parameters for one feature map (SSD). */
export interface PriorBoxLayer {
  /** [height, width] of the feature map (the order of its NCHW dims). */
  featureMap: [number, number];
  minSize: number;
  maxSize?: number;
  aspectRatios: number[];
  flip: boolean;
  clip: boolean;
  /** Step in input pixels; defaults to imageSize / featureMap. */
  step?: number;
  offset: number;
}

export interface PriorBoxSpec {
  /** [height, width] of the network input in pixels (Caffe img_h, img_w). */
  imageSize: [number, number];
  variances: [number, number, number, number];
  layers: PriorBoxLayer[];
  /** Caffe casts min_size/max_size to int before use; false keeps fractional sizes. @default true */
  truncateSizes?: boolean;
}

/** Output conventions hil can decode (see `inference/adapters/`). */
export type OutputSpec =
  | { format: 'decoded-softmax'; boxes: string; scores: string; backgroundClass: number }
  | { format: 'ssd-raw'; loc: string; conf: string; confActivation: 'softmax' | 'none'; backgroundClass: number }
  | { format: 'caffe-detection-output'; detections: string }
  | {
      format: 'post-nms';
      numDetections: string;
      boxes: string;
      scores: string;
      classes: string;
      boxOrder: 'xyxy' | 'yxyx';
      labelBase: 0 | 1;
      normalized: boolean;
    }
  | {
      format: 'yolo-region';
      region: string;
      anchors: Array<[number, number]>;
      classesInOutput: number;
      layout: 'anchor-major';
      xy: 'sigmoid';
      wh: 'exp';
      objectness: 'sigmoid';
      classScores: 'softmax';
    };

export interface NmsSpec {
  iouThreshold: number;
  topKBefore: number;
  keepTopK: number;
  confidenceThreshold: number;
}

export interface ModelSpec {
  /**
   * The precision a suite row runs this model at on a GPU (`<name>@<precision>` rows); absent for
   * the model as its file is. Set by the run, never by the manifest.
   */
  precision?: Precision;
  name: string;
  family: string;
  variant: 'baseline' | 'pruned' | 'retrained' | 'other';
  /** Name of the model this one was derived from (for mAP-drop tolerances). */
  baseline?: string;
  /** Path of the ONNX file, relative to the manifest. */
  file: string;
  sha256: string;
  input: InputSpec;
  output: OutputSpec;
  /** Prior boxes, needed by `ssd-raw` outputs and kept for the decoded ones too. */
  priors?: PriorBoxSpec;
  nms: NmsSpec;
  /** Class names without background, in the model's label order; COCO category id = index + 1. */
  classes: string[];
  provenance?: Record<string, unknown>;
}

/** Caffe SSD's DetectionOutput defaults. */
export const DEFAULT_NMS: NmsSpec = {
  iouThreshold: 0.45,
  topKBefore: 400,
  keepTopK: 200,
  confidenceThreshold: 0.01,
};

export type { CocoDetection } from '../results/coco-detection.js';
