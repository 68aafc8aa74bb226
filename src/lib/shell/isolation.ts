/**
 * Cross-origin isolation unlocks SharedArrayBuffer (the audio ring) and
 * threaded WASM. Without it Bandroom still works, with named trade-offs.
 */
export interface IsolationReport {
  isolated: boolean;
  /** What works worse without isolation, in the musician's words. */
  degraded: string[];
}

export function isolationReport(isolated: boolean, hasSharedArrayBuffer: boolean): IsolationReport {
  if (isolated && hasSharedArrayBuffer) return { isolated: true, degraded: [] };
  return {
    isolated: false,
    degraded: [
      'Audio uses a slower message transport with a larger buffer (more latency between pad and sound).',
      'Analysis and speaker detection run on a single thread (slower).'
    ]
  };
}

const RELOAD_FLAG = 'bandroom:isolation-reload';

/**
 * On a static host the headers come from our service worker, which only
 * serves a page after it controls it. Reload once when it takes control;
 * the session flag prevents a loop where isolation cannot be reached.
 */
export function reloadOnceWhenServiceWorkerCanIsolate(): void {
  if (globalThis.crossOriginIsolated || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (globalThis.crossOriginIsolated || sessionStorage.getItem(RELOAD_FLAG)) return;
    sessionStorage.setItem(RELOAD_FLAG, String(Date.now()));
    location.reload();
  });
}
