import * as Comlink from 'comlink';
import type { JobKind } from '$lib/jobs/job-kind';
import { comlinkJobWorker, type JobWorkerHandle } from '$lib/jobs/job-worker-handle';
import type { AnalysisWorkerApi } from '$workers/analysis/analysis.worker';
import { ANALYSIS_JOB_KIND, ANALYSIS_JOB_TIME_LIMIT_MS, ANALYSIS_STAGES } from '$workers/analysis/pipeline/analysis-stages';

/**
 * The analysis job kind: its stages and limits (shared with the worker) and
 * a fresh module worker per run. `inputFor` answers the recording's bytes for
 * a job's source when they only live in this tab's memory (memory-only
 * storage); the worker then gets them before `run`.
 */
export function analysisJobKind(inputFor: (source: string) => Uint8Array | undefined): JobKind {
  return {
    kind: ANALYSIS_JOB_KIND,
    stages: ANALYSIS_STAGES,
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
          extra[Comlink.releaseProxy]();
        }
        return handle.api.run(request, onProgress);
      },
      cancel: (jobId) => handle.api.cancel(jobId)
    }
  };
}
