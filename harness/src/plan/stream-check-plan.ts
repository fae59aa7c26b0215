export type StreamCheckKind = 'stream-fps' | 'stream-p99' | 'stream-map' | 'stream-total-fps';

export interface StreamPlannedCheck {
  kind: StreamCheckKind;
  /** Stable across runs and boards, so Allure history follows it. */
  title: string;
}

/** The checks of one model in a stream suite; a wall of several streams adds its total. */
export function planStreamChecks(streams: number): StreamPlannedCheck[] {
  const checks: StreamPlannedCheck[] = [
    { kind: 'stream-fps', title: 'stream: processed FPS' },
    { kind: 'stream-p99', title: 'stream: glass-to-glass p99' },
    { kind: 'stream-map', title: 'stream: mAP on processed frames' },
  ];
  if (streams > 1) checks.push({ kind: 'stream-total-fps', title: 'stream: total processed FPS of the wall' });
  return checks;
}
