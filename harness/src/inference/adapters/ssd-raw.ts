/**
 * Raw SSD head outputs as Caffe's DetectionOutput consumes them: `loc` [B, N*4] (or [B, N, 4]) box
 * offsets in prior order, `conf` [B, N*C] (or [B, N, C]) class logits (`confActivation: softmax`,
 * hil applies the softmax) or probabilities (`none`). Priors come from the Caffe PriorBox
 * parameters; decoding is centre-size with the spec's variances (0.1, 0.1, 0.2, 0.2 in SSD).
 */
import { ConfigError } from '../../errors.js';
import type { CocoDetection, NmsSpec, PriorBoxSpec } from '../model-spec.js';
import type { ImageMeta } from '../image-meta.js';
import { nmsPerClass } from '../nms.js';
import { expectSize, requireOutput, shapeError, toNumbers, type OutputMap } from '../tensor-like.js';
import { decodeCenterSize, softmaxRows } from './box-decoding.js';
import { categoryIdFor } from './class-mapping.js';
import { generatePriorBoxes } from './prior-boxes.js';
import { fromNormalized, toCoco, type DecodeOptions } from './to-coco.js';

export interface SsdRawSpec {
  loc: string;
  conf: string;
  confActivation: 'softmax' | 'none';
  backgroundClass: number;
}

export function decodeSsdRaw(
  spec: SsdRawSpec,
  priorSpec: PriorBoxSpec | undefined,
  nms: NmsSpec,
  outputs: OutputMap,
  metas: readonly ImageMeta[],
  options: DecodeOptions = {},
): CocoDetection[] {
  if (!priorSpec) {
    throw new ConfigError('HIL_PRIORS_MISSING', 'output format ssd-raw needs prior boxes, but the model has no `priors`', {
      where: 'priors',
      hint: 'add the Caffe PriorBox parameters of each feature map under `priors` in the manifest',
    });
  }
  const priors = generatePriorBoxes(priorSpec);
  const numBoxes = priors.length / 4;
  const batch = metas.length;
  const locT = requireOutput(outputs, spec.loc, 'loc');
  const confT = requireOutput(outputs, spec.conf, 'conf');
  expectSize(locT, batch * numBoxes * 4, `output ${spec.loc} (loc for ${numBoxes} priors)`);
  const numClasses = confT.data.length / (batch * numBoxes);
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw shapeError(`output ${spec.conf}`, `expected conf [${batch}, ${numBoxes} priors x C]`, confT);
  }
  const loc = toNumbers(locT);
  const conf = toNumbers(confT);
  const out: CocoDetection[] = [];
  metas.forEach((meta, b) => {
    const boxes = decodeCenterSize(loc, b * numBoxes * 4, priors, priorSpec.variances, numBoxes);
    const scores =
      spec.confActivation === 'softmax'
        ? softmaxRows(conf, b * numBoxes * numClasses, numBoxes, numClasses)
        : conf.subarray(b * numBoxes * numClasses, (b + 1) * numBoxes * numClasses);
    const kept = nmsPerClass({ boxes, scores, numBoxes, numClasses, backgroundClass: spec.backgroundClass }, nms);
    const raw = kept.map((d) => ({
      categoryId: categoryIdFor(d.classIndex, spec.backgroundClass),
      score: d.score,
      ...fromNormalized(meta, boxes[4 * d.boxIndex]!, boxes[4 * d.boxIndex + 1]!, boxes[4 * d.boxIndex + 2]!, boxes[4 * d.boxIndex + 3]!),
    }));
    out.push(...toCoco(meta, raw, options));
  });
  return out;
}
