/**
 * The result of one check (one Allure test): model × device × check. Every reporter (console
 * table, --json, Allure, JUnit, the comparison table) reads these records, written by the suites
 * to `reports/runs/<runId>/checks/*.json` as soon as each check ends, so results survive a crash.
 */
export type CheckStatus = 'passed' | 'failed' | 'broken' | 'skipped' | 'invalid';

export type { CheckKind } from './check-kinds.js';
import type { CheckKind } from './check-kinds.js';

export interface Verdict {
  check: CheckKind | string;
  status: CheckStatus;
  /** Measured value, or null when it could not be measured ("not measured"). */
  value: number | null;
  unit: string;
  /** The limit, e.g. `>= 14` or `<= 15`. */
  limit?: { op: '>=' | '<='; value: number; source: string };
  /** What the value is compared with; `unit` when it differs from the verdict's (e.g. a median in ms for a % shift). */
  baseline?: { value: number | null; source: string; unit?: string };
  message: string;
  /**
   * Skipped because the board cannot do it at all (hil's agent on a JetPack 4 board, INT8 on a
   * Pascal iGPU): a fact of the board, named in the message, not a measurement that went missing.
   * A required check skipped this way stays skipped (the requirement is for what the board can do).
   */
  unsupported?: true;
}

export interface LatencyStats {
  n: number;
  minMs: number;
  medianMs: number;
  meanMs: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  fps: number;
  /** 95% confidence interval of the median (order-statistics, distribution-free). */
  medianCi95Ms: [number, number];
  durationMs: number;
}

export interface PowerStats {
  /** Which rail: the input rail (e.g. VDD_IN) or `sum` of rails, or `rapl:package-0`. */
  source: string;
  meanW: number;
  maxW: number;
  samples: number;
  windowMs: number;
  energyPerInferenceMj: number | null;
}

export interface ModelMeasurement {
  model: string;
  variant: string;
  device: string;      // device type, e.g. local, jetson2
  board: string;       // board name, e.g. local, tx2-01
  target: string;      // cpu, igpu, dgpu
  runner: string;      // ort-agent, trtexec
  accuracy?: { map: number; map50: number; map75: number; stats: number[]; images: number };
  latency?: LatencyStats & { samplesMs?: number[] };
  throughput?: { batch: number; fps: number; n: number };
  /** Live-camera scenario: one entry per stream (several for a wall), times measured on the board. */
  stream?: StreamMeasurementSummary;
  /** null = not measured on this board (never 0). */
  power: PowerStats | null;
  /** Why power is null (`not measured: tegrastats gave no power rails`). */
  powerNote?: string;
  /** Set when a latency measurement was invalid (host busy, throttled) or had to be taken again. */
  validity?: { invalid: string | null; attempts?: number; earlierInvalid?: string[]; temperaturesC: unknown };
  /** Measured on an emulated board or target (`hil emulate`, a fake trtexec). */
  emulated?: boolean;
  /** `--compare-to`: this version against the old one. */
  compare?: ComparisonRecord;
  provenance: Record<string, unknown>;
}

/** What `--json`, the job summary and the measurement record carry of one comparison. */
export interface ComparisonRecord {
  ref: string;
  commit: string;
  oldSha256: string;
  newSha256: string;
  latency?: { ratio: number; shiftPct: number; ci: [number, number]; n: number; alpha: number; minShiftPct: number; decision: 'regression' | 'no-regression' | 'insufficient'; oldMedianMs: number; newMedianMs: number };
  accuracy?: { oldMap50: number; newMap50: number; oldMap: number; newMap: number; dropPoints: number; perClass: Array<{ name: string; oldAp50: number | null; newAp50: number | null }> };
}

export interface StreamMeasurementSummary {
  policy: 'latest' | 'fifo';
  cameraFps: number;
  /** Sum over the streams. */
  totalProcessedFps: number;
  streams: Array<{
    stream: number;
    board: string;
    produced: number;
    processed: number;
    dropped: number;
    processedFps: number;
    /** Glass-to-glass (capture stamp to decoded result) in ms; null when nothing was processed. */
    glassToGlass: { n: number; minMs: number; p50Ms: number; p90Ms: number; p99Ms: number; meanMs: number; maxMs: number } | null;
    /** COCO mAP on the processed frames only; null when none was processed. */
    map: number | null;
    map50: number | null;
  }>;
}
