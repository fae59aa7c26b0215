/** The emulated board's settings and injected faults (the emulator's `state.json`). */
export interface EmulatedBoardState {
  /** hil device type the board plays (jetson2, xavier-nx, orin-nano): picks its board model. */
  type: string;
  nvpmodel: number;
  /** `jetson_clocks` ran: clocks pinned at the mode's maximum. */
  clocksMax: boolean;
  /** Added to every temperature (thermal fault injection). */
  tempOffsetC: number;
  /** Clocks held below maximum whatever `jetson_clocks` says (thermal throttling). */
  throttled: boolean;
  /** tegrastats behaviour: `missing` removes the tool, `silent` prints nothing, `no-rails` omits power. */
  tegrastats: 'normal' | 'missing' | 'silent' | 'no-rails';
  /** Seconds added to the board's `date` (host/board clock skew). */
  clockSkewS: number;
  /**
   * An overloaded board: every `sh` the board starts and every `date` it reads first waits this
   * long (the lease script runs its critical section slowly, commands start late). 0 = off.
   */
  slowShellMs?: number;
  /**
   * A GPU of fixed speed: each query's compute in the fake trtexec is a timer of this many ms
   * instead of onnxruntime on the host CPU, so the board's work takes the same time however many
   * boards share the host's cores (the farm makespan benchmark). The model is still loaded and
   * its inputs and outputs checked; the figures stay marked emulated. Unset or 0 = onnxruntime.
   */
  gpuQueryMs?: number;
  /**
   * hil's agent on this board (runner fault injection): `hang` starts and then prints nothing
   * forever, `crash` prints garbage and dies with a non-zero exit, `garbage` exits 0 with a
   * result file that is not JSON.
   */
  runner: 'normal' | 'hang' | 'crash' | 'garbage';
  /**
   * The board was upgraded to run Node 20 (a newer glibc, or a Node built for it). Without it, a
   * board whose Ubuntu has glibc < 2.28 (JetPack 4: TX2, Drive PX2) fails every `node` start with
   * the loader's "GLIBC_2.28 not found", as a real one does. No effect where glibc is new enough.
   */
  upgradedNode?: boolean;
  /**
   * The board plays this TensorRT release instead of its model's (an older image: TensorRT 5 has
   * no --loadInputs/--exportOutput). Only the releases in board-model.ts' TENSORRT_RELEASES.
   */
  tensorrt?: string;
  /**
   * The discrete GPUs' nvidia-smi reports power.draw (a driver that has it). Off: the board
   * model's own `reportsPower` (`[N/A]` on the emulated PX2, where it is unconfirmed).
   */
  dgpuReportsPower?: boolean;
}
