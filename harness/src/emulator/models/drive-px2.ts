/**
 * Drive PX2 AutoChauffeur, one Tegra half: a Tegra X2 (Parker: 2× Denver2 + 4× Cortex-A57, an
 * integrated 256-core Pascal, sm_62) and its discrete Pascal GPU (GP106-class on MXM, sm_61), on
 * DRIVE OS 5.0.10.3 (Ubuntu 16.04, glibc 2.23: no Node 20, so hil's agent cannot run there).
 *
 * What the public record confirms is in ../shared/reference/jetson/trtexec-io.md. Everything else
 * below is an assumption, listed in `unconfirmed` and printed by `hil emulate`. Where a fact is
 * unconfirmed the emulator takes the less capable choice, so it is never more capable than the
 * board: tegrastats prints no power rails, there is no INA3221 in sysfs, and nvidia-smi answers
 * `[N/A]` for the discrete GPU's power. Its power is then measured by a lab meter (`labMeter`).
 */
import { clamp01, cpuPowerScale, type BoardModel } from '../board-model.js';
import { TX2 } from './tx2.js';

export const DRIVE_PX2: BoardModel = {
  type: 'drivepx2',
  boardPrefix: 'px2',
  // The Parker SoC's modes, as on a TX2 (DRIVE OS's own power tooling is unconfirmed).
  modes: TX2.modes,
  defaultMode: 0,
  cpuCount: 6,
  cpuMinKHz: TX2.cpuMinKHz,
  cpuInfoMaxKHz: TX2.cpuInfoMaxKHz,
  gpuMinHz: TX2.gpuMinHz,
  emcMinHz: TX2.emcMinHz,
  emcMaxHz: TX2.emcMaxHz,
  ramTotalMb: 7852,
  nvTegraRelease: '# R28 (release), REVISION: 2.0, GCID: 0, BOARD: t186ref, EABI: aarch64, DATE: unconfirmed (DRIVE OS 5.0.10.3 image)',
  deviceTreeModel: 'NVIDIA DRIVE PX 2 AutoChauffeur (P2379), Tegra A',
  socFamily: 'tegra186',
  machine: 'e3550',
  gpuName: 'NVIDIA Tegra X2',
  computeCapability: '6.2',
  // The TensorRT of DRIVE OS 5.0.10.3 is not on record. hil's accuracy path needs trtexec's
  // --loadInputs/--exportOutput (TensorRT 6.0+), and the emulator prints only report formats it
  // has real samples of (8.2 and later): it plays 8.2.1, the TX2's (the same Parker SoC). A real
  // PX2 image is likely older; hil's probe then finds those options missing and says so.
  tensorrt: { version: '8.2.1', code: 8201, dialect: '8.2' },
  glibc: '2.23',
  tegrastats: 'jp4',
  rails: [],
  sysfsPower: { layout: 'iio', chips: [] },
  sensors: TX2.sensors.filter((s) => !s.fixed),
  railsMw: () => ({}),
  discreteGpus: [{ name: 'GP106', computeCapability: '6.1', reportsPower: false, idleW: 9, busyW: 55 }],
  // One Tegra half and its dGPU at the wall: about 30 W idle (liquid cooling pump, carrier, dGPU
  // idle) and 70 W with the CPU busy and the dGPU running (plausible, not a measurement).
  wallW(util, state) {
    const u = clamp01(util);
    return 30 + 40 * u * (0.5 + 0.5 * cpuPowerScale(DRIVE_PX2, state));
  },
  labMeter: true,
  unconfirmed: [
    'TensorRT 8.2.1 (the version DRIVE OS 5.0.10.3 ships is not on record)',
    'CUDA device 0 = discrete GP106, 1 = integrated Tegra X2 (DriveWorks samples\' convention)',
    'tegrastats prints no power rails and sysfs has no INA3221 (power from a lab meter)',
    'nvidia-smi reports no power.draw for the discrete GPU ([N/A])',
    '/etc/nv_tegra_release and the device-tree model strings',
  ],
};
