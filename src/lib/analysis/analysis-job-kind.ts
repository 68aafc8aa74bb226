import type { JobKind } from '$lib/jobs/job-kind';
import { comlinkJobWorker, type MemoryInputs } from '$lib/jobs/job-worker-handle';
import { ANALYSIS_JOB_KIND, ANALYSIS_JOB_TIME_LIMIT_MS, ANALYSIS_STAGES } from '$workers/analysis/pipeline/analysis-stages';
import { withHookedLimit, type StageHangHook } from '$workers/analysis/pipeline/stage-hang-hook';

/**
 * The analysis job kind: its stages and limits (shared with the worker) and
 * a fresh module worker per run. `inputFor` answers the recording's bytes for
 * a job's source when they only live in this tab's memory (memory-only
 * storage); the worker then gets them before `run`. `hangHook` (tests only)
 * shortens the limit of the stage an end-to-end test makes hang.
 */
export function analysisJobKind(inputFor: MemoryInputs, hangHook?: StageHangHook): JobKind {
  return {
    kind: ANALYSIS_JOB_KIND,
    stages: withHookedLimit(ANALYSIS_STAGES, hangHook),
    jobTimeLimitMs: ANALYSIS_JOB_TIME_LIMIT_MS,
    heavy: true,
    // Relative path: Vite resolves `new URL` at build time, where the $workers alias does not apply.
    createWorker: () => comlinkJobWorker(new Worker(new URL('../../../workers/analysis/analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' }), inputFor)
  };
}
