/**
 * Caffe SSD's DetectionOutput layer: one [1, 1, K, 7] tensor for the whole batch, rows
 * (image_id, label, score, xmin, ymin, xmax, ymax) with normalised corners. NMS is already done.
 * Rows with label -1 (or image_id -1) are padding: Caffe writes one such row when an image has no
 * detection, TensorRT-style exports pad to a fixed K. Rows are not assumed sorted.
 * category_id = label: Caffe's labels already skip the background (background_label_id 0).
 * The model's own confidence threshold and keep_top_k stand; hil does not filter again.
 */
import { ConfigError } from '../../errors.js';
import type { CocoDetection } from '../model-spec.js';
import type { ImageMeta } from '../image-meta.js';
import { requireOutput, shapeError, toNumbers, type OutputMap } from '../tensor-like.js';
import { fromNormalized, toCoco, type DecodeOptions, type RawDetection } from './to-coco.js';

export function decodeCaffeDetectionOutput(
  spec: { detections: string },
  outputs: OutputMap,
  metas: readonly ImageMeta[],
  options: DecodeOptions = {},
): CocoDetection[] {
  const t = requireOutput(outputs, spec.detections, 'detections');
  if (t.data.length % 7 !== 0) throw shapeError(`output ${spec.detections}`, 'expected [1, 1, K, 7] rows', t);
  const rows = toNumbers(t);
  const perImage: RawDetection[][] = metas.map(() => []);
  for (let r = 0; r < rows.length / 7; r += 1) {
    const o = 7 * r;
    const imageIndex = rows[o]!;
    const label = rows[o + 1]!;
    if (label < 0 || imageIndex < 0) continue;
    const meta = metas[imageIndex];
    if (!meta || !Number.isInteger(imageIndex)) {
      throw new ConfigError(
        'HIL_OUTPUT_SHAPE',
        `output ${spec.detections}: row ${r} names image ${imageIndex} but the batch has ${metas.length} image(s)`,
        { where: `output ${spec.detections}` },
      );
    }
    perImage[imageIndex]!.push({
      categoryId: Math.round(label),
      score: rows[o + 2]!,
      ...fromNormalized(meta, rows[o + 3]!, rows[o + 4]!, rows[o + 5]!, rows[o + 6]!),
    });
  }
  return metas.flatMap((meta, i) => toCoco(meta, perImage[i]!, options));
}
