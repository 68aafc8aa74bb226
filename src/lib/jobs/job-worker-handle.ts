import * as Comlink from 'comlink';
import type { JobOutcome, JobProgressEvent, JobWorkerApi, JobWorkerRequest } from '$workers/shared/job-protocol';

/**
 * One job worker as the orchestrator sees it: the protocol, a way to kill it,
 * and word when it dies. The orchestrator creates a fresh one per run and
 * terminates it when the run ends, so no state leaks between jobs.
 */
export interface JobWorkerHandle {
  readonly api: JobWorkerApi;
  /** `listener` is called at most once, when the worker dies on its own (uncaught error, unreadable message). */
  onCrash(listener: (detail: string) => void): void;
  terminate(): void;
}

export type JobWorkerFactory = () => JobWorkerHandle;

/** What comlink needs from a Worker, plus terminate; a MessagePort with a terminate function also fits (tests). */
export type JobWorkerEndpoint = Comlink.Endpoint & { terminate(): void };

/** Recording bytes that live only in this tab's memory (memory-only storage), by job source. */
export type MemoryInputs = (source: string) => Uint8Array | undefined;

/** A job worker that can be handed a recording's bytes before `run`, when the page has no shared storage. */
interface InputTakingWorkerApi extends JobWorkerApi {
  provideInput(source: string, bytes: Uint8Array): void;
}

/**
 * Wraps a module worker that calls `Comlink.expose(api)` with a `JobWorkerApi`:
 *
 *   comlinkJobWorker(new Worker(new URL('$workers/analysis/analysis.worker.ts', import.meta.url), { type: 'module' }))
 *
 * With `inputFor`, a job whose recording only this tab holds gets its bytes
 * (`provideInput`, which the worker must expose) before `run`, on the same proxy.
 */
export function comlinkJobWorker(worker: JobWorkerEndpoint, inputFor?: MemoryInputs): JobWorkerHandle {
  const remote = Comlink.wrap<InputTakingWorkerApi>(worker);
  let crashListener: ((detail: string) => void) | undefined;
  let ended = false;
  const crash = (detail: string): void => {
    if (ended) return;
    ended = true;
    crashListener?.(detail);
  };
  const onError = (event: Event): void => {
    // ErrorEvent carries the worker's message; a failed module load gives a bare Event.
    const message = 'message' in event && typeof event.message === 'string' && event.message ? event.message : 'the worker failed to start or threw';
    crash(message);
  };
  const onMessageError = (): void => crash('a message from the worker could not be read');
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);

  const api: JobWorkerApi = {
    async run(request: JobWorkerRequest, onProgress: (event: JobProgressEvent) => void): Promise<JobOutcome> {
      const bytes = inputFor?.(request.input.source);
      if (bytes) await remote.provideInput(request.input.source, bytes);
      return remote.run(request, Comlink.proxy(onProgress));
    },
    cancel: (jobId: string) => remote.cancel(jobId)
  };
  return {
    api,
    onCrash(listener) {
      crashListener = listener;
    },
    terminate() {
      ended = true;
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onMessageError);
      remote[Comlink.releaseProxy]();
      worker.terminate();
    }
  };
}
