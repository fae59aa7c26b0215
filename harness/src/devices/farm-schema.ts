import { z } from 'zod';
import { parseHostKey } from '../transport/host-key.js';
import { unsafeWorkdirReason } from '../transport/workdir-rules.js';

/** One board of the farm inventory. Names may hold any character: every use of them is quoted. */
export const farmBoardSchema = z.strictObject({
  name: z.string().min(1).refine((s) => !s.includes('\0'), 'must not contain NUL'),
  /** Device-type profile name (`devices/<type>.yaml`). */
  type: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1),
  /** Private key file; relative to the inventory's folder, `~/` = this user's home. */
  identityFile: z.string().min(1),
  /** Pinned host key, `ssh-ed25519 AAAA...` (from `ssh-keyscan`); a board without one is refused. */
  hostKey: z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseHostKey(value);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .optional(),
  tags: z.array(z.string().min(1)).default([]),
  /** hil's directory on the board; every remote write stays inside it. */
  workdir: z
    .string()
    .min(1)
    .refine((s) => s.startsWith('/') || s.startsWith('~/'), 'must be absolute or start with ~/')
    .refine((s) => !s.split('/').includes('..'), 'must not contain ..')
    .superRefine((value, ctx) => {
      const unsafe = unsafeWorkdirReason(value);
      if (unsafe) ctx.addIssue({ code: 'custom', message: `"${value}" ${unsafe}` });
    })
    .default('~/.hil'),
  /** Where hil's agent finds Node and onnxruntime-node on this board (overrides the profile). */
  agent: z.strictObject({ node: z.string().min(1).optional(), nodeModules: z.string().min(1).optional() }).optional(),
  /**
   * The board's external power meter (the `meter` power source): a SCPI instrument on a raw TCP
   * socket (Keysight: port 5025; Yokogawa WT300: `:NUMERIC:NORMAL:VALUE? 1` after selecting
   * active power), read by hil on the host once per `intervalMs`.
   */
  meter: z
    .union([
      z.strictObject({
        scpi: z.strictObject({
          host: z.string().min(1),
          port: z.number().int().min(1).max(65535).default(5025),
          /** The query that returns one reading in watts. */
          query: z.string().min(1).default(':NUMERIC:NORMAL:VALUE? 1'),
          intervalMs: z.number().int().min(20).max(10_000).default(100),
          timeoutMs: z.number().int().min(50).max(60_000).default(2000),
        }),
      }),
      /** Any program on the host that prints one reading in watts (a USB meter's tool), run once per interval. */
      z.strictObject({
        command: z.array(z.string().min(1)).min(1),
        intervalMs: z.number().int().min(50).max(10_000).default(500),
        timeoutMs: z.number().int().min(50).max(60_000).default(5000),
      }),
    ])
    .optional(),
  /** Set by `hil emulate`: results from this board say they are emulated. */
  emulated: z.boolean().default(false),
});

/** How long a run waits for a busy board by default (`--lease-wait` overrides it). */
export const DEFAULT_LEASE_WAIT_S = 600;

export const farmSchema = z
  .strictObject({
    /** Seconds a run waits for a busy board before HIL_LEASE_BUSY; `--lease-wait` overrides it. */
    leaseWaitS: z.number().int().min(0).max(86_400).default(DEFAULT_LEASE_WAIT_S),
    boards: z.array(farmBoardSchema).min(1),
  })
  .superRefine((farm, ctx) => {
    const seen = new Map<string, number>();
    farm.boards.forEach((board, index) => {
      const first = seen.get(board.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['boards', index, 'name'], message: `duplicate board name "${board.name}" (also boards[${first}])` });
      } else seen.set(board.name, index);
    });
  });

export type FarmBoardData = z.infer<typeof farmBoardSchema>;
