import * as Comlink from 'comlink';
import type { JobKind } from '$lib/jobs/job-kind';
import { comlinkJobWorker, type JobWorkerHandle } from '$lib/jobs/job-worker-handle';
import type { DiarizationWorkerApi } from '$workers/diarization/job/diarization-worker-api';
import { DIARIZATION_JOB_KIND, DIARIZATION_JOB_TIME_LIMIT_MS, DIARIZATION_STAGES } from '$workers/diarization/job/diarization-stages';

/**
 * The diarization job kind on the app's one orchestrator: its stages and
 * limits (shared with the worker) and a fresh module worker per run. Heavy:
 * it shares the machine's heavy-job slots with analysis, so the audio engine
 * keeps its core. `inputFor` answers a recording's bytes when they live only
 * in this tab's memory (memory-only storage).
 */
export function diarizationJobKind(inputFor: (source: string) => Uint8Array | undefined): JobKind {
  return {
    kind: DIARIZATION_JOB_KIND,
    stages: DIARIZATION_STAGES,
    jobTimeLimitMs: DIARIZATION_JOB_TIME_LIMIT_MS,
    heavy: true,
    createWorker: () => diarizationWorker(inputFor)
  };
}

function diarizationWorker(inputFor: (source: string) => Uint8Array | undefined): JobWorkerHandle {
  // Relative path: Vite resolves `new URL` at build time, where the $workers alias does not apply.
  const worker = new Worker(new URL('../../../workers/diarization/diarization.worker.ts', import.meta.url), { type: 'module', name: 'diarization' });
  const handle = comlinkJobWorker(worker);
  return {
    ...handle,
    api: {
      async run(request, onProgress) {
        const bytes = inputFor(request.input.source);
        if (bytes) {
          const extra = Comlink.wrap<DiarizationWorkerApi>(worker);
          await extra.provideInput(request.input.source, bytes);
          // No releaseProxy here: comlink's release makes the worker stop listening, and `run` is still to come.
        }
        return handle.api.run(request, onProgress);
      },
      cancel: (jobId) => handle.api.cancel(jobId)
    }
  };
}
