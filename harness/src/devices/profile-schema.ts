import { z } from 'zod';
import { PRECISIONS } from '../results/precision.js';
import { CHECK_KINDS } from '../results/check-kinds.js';

/**
 * A device-type profile (`devices/<name>.yaml`): data only, what every board of the type shares.
 * Boards themselves (host, keys) live in the farm inventory.
 */
const positive = z.number().positive();
const argv = z.array(z.string().min(1)).min(1);

export const TARGETS = ['cpu', 'igpu', 'dgpu'] as const;
export const RUNNERS = ['ort-agent', 'trtexec'] as const;
/**
 * `meter`: an external whole-board meter named per board in the farm inventory (`meter:`), read by
 * hil on the host (SCPI over TCP); the others are read on the board itself.
 */
export const POWER_SOURCES = ['tegrastats', 'ina3221', 'nvidia-smi', 'rapl', 'meter', 'none'] as const;

const targetBudgetsSchema = z.strictObject({
  /** Throughput floor in frames per second (single-stream FPS). */
  fpsMin: positive.optional(),
  /** 99th-percentile latency ceiling in ms. */
  p99MaxMs: positive.optional(),
  /** Mean power ceiling in W over the measurement window, on the profile's rail. */
  powerMaxW: positive.optional(),
  /**
   * The power source `powerMaxW` is meant for (`meter`: the whole board at the wall). Power from
   * another source is recorded but not held to it: the check is not measured, naming both (a dGPU's
   * own draw is no whole-board figure). Absent: the budget applies to the profile's power.source.
   */
  powerOn: z.enum(POWER_SOURCES).optional(),
  /** Batched (offline) throughput floor in images per second. */
  throughputFpsMin: positive.optional(),
  /** Stream scenario: frames per second actually processed. */
  streamFpsMin: positive.optional(),
  /** Stream scenario: glass-to-glass p99 in ms. */
  streamP99MaxMs: positive.optional(),
});

export const budgetsSchema = targetBudgetsSchema.extend({
  /**
   * Limits for one target that differ from the device's (e.g. the TX2's GPU: `igpu: { fpsMin: 25 }`);
   * a target without an entry uses the limits above.
   */
  byTarget: z.partialRecord(z.enum(TARGETS), targetBudgetsSchema).optional(),
});

/** The budgets that apply to one target of a device type. */
export function budgetsFor(budgets: z.infer<typeof budgetsSchema>, target: string): z.infer<typeof targetBudgetsSchema> {
  const { byTarget, ...device } = budgets;
  return { ...device, ...(byTarget?.[target as (typeof TARGETS)[number]] ?? {}) };
}

export const profileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().optional(),
  /** Compute units a model can run on. */
  targets: z.array(z.enum(TARGETS)).min(1),
  /** On-board runners this type's boards have (one result schema). */
  runners: z.array(z.enum(RUNNERS)).min(1),
  power: z.strictObject({
    source: z.enum(POWER_SOURCES),
    /** The rail that is the total (board input); absent = the sum of all rails. */
    rail: z.string().min(1).optional(),
    /** Sampling interval for the power source. */
    intervalMs: z.number().int().min(10).max(10_000).default(100),
    /** `nvidia-smi`: which GPU's power.draw (nvidia-smi's index; a discrete GPU's own draw only). */
    gpu: z.number().int().min(0).default(0),
  }),
  budgets: budgetsSchema.default({}),
  /**
   * Checks that must be decided on this device type: skipped, not measured or still invalid after
   * re-measuring is then not green (exit 2). E.g. `[power]` where the board promises a power source.
   * Each needs its limit in `budgets` (a required check without a limit could never be decided).
   */
  required: z.array(z.enum(CHECK_KINDS)).default([]),
  /** How to put the board in its maximum-performance mode; absent = leave it as it is. */
  perfMode: z
    .strictObject({
      commands: z.array(argv).min(1),
      /** Run with `sudo -n` (non-interactive); a board without passwordless sudo keeps its mode and says so. */
      sudo: z.boolean().default(true),
    })
    .optional(),
  thermal: z
    .strictObject({
      /** A measurement with any listed zone above this is invalid (throttling), not a regression. */
      limitC: z.number().gt(0).max(150),
      /** tegrastats / thermal-zone names to watch; absent = all. */
      zones: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  /** Defaults for boards running hil's onnxruntime-node agent; the farm inventory can override. */
  agent: z
    .strictObject({
      node: z.string().min(1).default('node'),
      /** A node_modules folder on the board that holds onnxruntime-node. */
      nodeModules: z.string().min(1).optional(),
    })
    .optional(),
  /** TensorRT's `trtexec` on this type's boards (GPU targets). */
  trtexec: z
    .strictObject({
      /** Absent: `trtexec` on the board's PATH, else JetPack's /usr/src/tensorrt/bin/trtexec. */
      path: z.string().min(1).optional(),
      /**
       * Precisions each GPU target can run (what its silicon supports; default FP32 only). A suite
       * row at another precision is skipped there as unsupported on the board, never faked.
       */
      precisions: z.strictObject({ igpu: z.array(z.enum(PRECISIONS)).min(1).optional(), dgpu: z.array(z.enum(PRECISIONS)).min(1).optional() }).optional(),
      /** CUDA device id (`--device=N`) per GPU target, where a board has several GPUs (Drive PX2). */
      gpuIds: z.strictObject({ igpu: z.number().int().min(0).optional(), dgpu: z.number().int().min(0).optional() }).optional(),
    })
    .optional(),
  health: z
    .strictObject({
      /** Free space the workdir needs before deploying. */
      minFreeMb: positive.default(200),
    })
    .default({ minFreeMb: 200 }),
  /**
   * hil's cache on each board (models, tensors, TensorRT engines, agent builds): least recently
   * used entries are evicted to fit `maxMb` when a run leases the board; what killed runs left
   * (job folders, power logs, partial uploads) goes once older than `staleAfterMinutes`.
   */
  cache: z
    .strictObject({ maxMb: positive.default(4096), staleAfterMinutes: positive.default(1440) })
    .default({ maxMb: 4096, staleAfterMinutes: 1440 }),
  /** Stage limits in ms for this type's boards (slow boards get more). */
  timeouts: z.strictObject({ connectMs: positive.optional(), deployMs: positive.optional(), measureMs: positive.optional() }).optional(),
});

export type DeviceProfile = z.infer<typeof profileSchema>;
export type Budgets = z.infer<typeof budgetsSchema>;
export type Target = (typeof TARGETS)[number];
export type RunnerName = (typeof RUNNERS)[number];
