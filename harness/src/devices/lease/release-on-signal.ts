/**
 * Leases die with their process: on SIGINT/SIGTERM every held lease is released (bounded wait),
 * then the signal is raised again so the process ends as it would have. A SIGKILL leaves the
 * lease to expire; others reclaim it then.
 */
interface Releasable {
  release(): Promise<unknown>;
}

const held = new Set<Releasable>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  uninstall();
  const all = [...held].map((lease) => lease.release().catch(() => undefined));
  const deadline = new Promise((resolve) => setTimeout(resolve, 5000).unref());
  void Promise.race([Promise.all(all), deadline]).then(() => {
    // Nobody else listens: let the default action end the process with the usual status.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.once(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

export function trackLease(lease: Releasable): void {
  held.add(lease);
  install();
}

export function untrackLease(lease: Releasable): void {
  held.delete(lease);
  if (held.size === 0) uninstall();
}
