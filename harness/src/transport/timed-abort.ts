/**
 * A signal that aborts when `parent` does (with its reason) or when `limitMs` has passed (with
 * `onTimeout()`), whichever is first. `dispose()` removes the timer and the listener, so a
 * long-lived parent signal collects nothing.
 */
export function timedAbort(limitMs: number, onTimeout: () => Error, parent: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(onTimeout()), limitMs);
  const onAbort = (): void => controller.abort(parent!.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
