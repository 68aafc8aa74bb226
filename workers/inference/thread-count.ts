// How many WASM threads onnxruntime-web may use. Threads need
// SharedArrayBuffer, i.e. cross-origin isolation; one core stays free for the
// audio producer and the AudioWorklet, and more than 4 threads stops helping
// on these models while it starves the UI.
export interface ThreadEnvironment {
  readonly crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency; undefined or 0 when the browser hides it. */
  readonly hardwareConcurrency: number | undefined;
}

export const MAX_INFERENCE_THREADS = 4;

export function inferenceThreadCount(environment: ThreadEnvironment): number {
  if (!environment.crossOriginIsolated) return 1;
  const cores = environment.hardwareConcurrency ?? 0;
  if (!Number.isFinite(cores) || cores < 1) return 1;
  return Math.max(1, Math.min(MAX_INFERENCE_THREADS, Math.floor(cores) - 1));
}
