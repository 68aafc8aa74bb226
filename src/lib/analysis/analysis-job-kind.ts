import * as Comlink from 'comlink';
import type { JobKind } from '$lib/jobs/job-kind';
import { comlinkJobWorker, type JobWorkerHandle } from '$lib/jobs/job-worker-handle';
import type { AnalysisWorkerApi } from '$workers/analysis/analysis.worker';
import { ANALYSIS_JOB_KIND, ANALYSIS_JOB_TIME_LIMIT_MS, ANALYSIS_STAGES } from '$workers/analysis/pipeline/analysis-stages';
import { withHookedLimit, type StageHangHook } from '$workers/analysis/pipeline/stage-hang-hook';

/**
 * The analysis job kind: its stages and limits (shared with the worker) and
 * a fresh module worker per run. `inputFor` answers the recording's bytes for
 * a job's source when they only live in this tab's memory (memory-only
 * storage); the worker then gets them before `run`. `hangHook` (tests only)
 * shortens the limit of the stage an end-to-end test makes hang.
 */
export function analysisJobKind(inputFor: (source: string) => Uint8Array | undefined, hangHook?: StageHangHook): JobKind {
  return {
    kind: ANALYSIS_JOB_KIND,
    stages: withHookedLimit(ANALYSIS_STAGES, hangHook),
    jobTimeLimitMs: ANALYSIS_JOB_TIME_LIMIT_MS,
    heavy: true,
    createWorker: () => analysisWorker(inputFor)
  };
}

function analysisWorker(inputFor: (source: string) => Uint8Array | undefined): JobWorkerHandle {
  // Relative path: Vite resolves `new URL` at build time, where the $workers alias does not apply.
  const worker = new Worker(new URL('../../../workers/analysis/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
  const handle = comlinkJobWorker(worker);
  return {
    ...handle,
    api: {
      async run(request, onProgress) {
        const bytes = inputFor(request.input.source);
        if (bytes) {
          const extra = Comlink.wrap<AnalysisWorkerApi>(worker);
          await extra.provideInput(request.input.source, bytes);
          // No releaseProxy here: comlink's release makes the worker stop listening, and `run` is still to come.
        }
        return handle.api.run(request, onProgress);
      },
      cancel: (jobId) => handle.api.cancel(jobId)
    }
  };
}
