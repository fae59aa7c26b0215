import { z } from 'zod';
import { CHECK_KINDS } from '../results/check-kinds.js';
import { PRECISIONS } from '../results/precision.js';
import { streamSuiteSchema } from './stream-suite-schema.js';

const points = z.number().min(0).max(100);
const fraction = z.number().min(0).max(1);

/** Accuracy tolerances of one model; a user tightens or relaxes them by editing the suite file. */
export const toleranceSchema = z.strictObject({
  /** AP@[.5:.95] must be at least this. */
  mapMin: fraction.optional(),
  /** AP@0.5 must be at least this. */
  map50Min: fraction.optional(),
  /** AP@[.5:.95] may drop at most this many points (of 100) below the model's baseline model. */
  mapDropMaxPoints: points.optional(),
  /** AP@.5 may drop at most this many points (of 100) below the model's baseline model (the seed's pruning rule). */
  map50DropMaxPoints: points.optional(),
  /**
   * At FP16 or INT8, AP@.5 must be at least this share of the same model's FP32 AP@.5 on the same
   * target (default 0.99: MLPerf's rule for reduced-precision results).
   */
  map50MinRatioVsFp32: fraction.optional(),
});

export const suiteSchema = z.strictObject({
  /** One line on what the suite checks; shown in reports. */
  description: z.string().optional(),
  /** Folder with `annotations.json` (COCO instances) and the images it names, relative to the project. */
  dataset: z.string().min(1),
  /** Model names from the manifest, in report order. */
  models: z.array(z.string().min(1)).min(1),
  scenarios: z
    .strictObject({
      accuracy: z.boolean().default(true),
      singleStream: z.boolean().default(true),
      throughput: z.boolean().default(true),
    })
    .default({ accuracy: true, singleStream: true, throughput: true }),
  tolerances: z.record(z.string(), toleranceSchema).default({}),
  /**
   * Precisions per model on GPU targets (trtexec): each its own row, `<model>@fp16`, `<model>@int8`
   * (FP32 keeps the plain name). Default: FP32 only. The CPU target runs the model as its file is.
   * INT8 of an FP32 model uses its calibration cache (`hil models calibrate`); a Q/DQ model its own scales.
   */
  precisions: z.record(z.string(), z.array(z.enum(PRECISIONS)).min(1)).default({}),
  /** Statistical latency comparison with the stored baseline of the same model and device type. */
  latencyRegression: z
    .strictObject({
      /** One-sided Mann-Whitney significance level. */
      alpha: z.number().gt(0).lt(0.5).default(0.01),
      /** A slowdown smaller than this (median, %) is never called a regression. */
      minShiftPct: z.number().min(0).default(5),
    })
    .default({ alpha: 0.01, minShiftPct: 5 }),
  /**
   * `hil run --compare-to REF`: how the old and new version of a changed model are compared on
   * one board (interleaved blocks) and how much worse the new one may be.
   */
  compare: z
    .strictObject({
      /** Block pairs (one block of each version), ABBA-ordered. */
      blocks: z.number().int().min(6).max(1000).default(30),
      /** Queries per block. */
      blockQueries: z.number().int().min(1).max(10_000).default(40),
      /** Untimed queries of each version first. */
      warmup: z.number().int().min(0).default(20),
      /** A slowdown (new ÷ old, %) is a regression only when significant and above this. */
      minShiftPct: z.number().min(0).default(5),
      /** One-sided significance level of the slowdown. */
      alpha: z.number().gt(0).lt(0.5).default(0.01),
      /** mAP@.5 may drop at most this many points (the model's own map50DropMaxPoints wins). */
      map50DropMaxPoints: points.default(1),
    })
    .default({ blocks: 30, blockQueries: 40, warmup: 20, minShiftPct: 5, alpha: 0.01, map50DropMaxPoints: 1 }),
  /** Checks that must be decided on every device this suite runs on (skipped or not measured is then not green). */
  required: z.array(z.enum(CHECK_KINDS)).default([]),
  /** Golden images on which detection overlays are attached to the report. */
  overlays: z.number().int().min(0).max(20).default(3),
  /** Live-camera scenario settings: present in stream suites (the `dataset` is then the frame sequence). */
  stream: streamSuiteSchema.optional(),
});

export type SuiteData = z.infer<typeof suiteSchema>;
export type ToleranceData = z.infer<typeof toleranceSchema>;
