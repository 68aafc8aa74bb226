import type { JobKind } from '$lib/jobs/job-kind';
import { comlinkJobWorker, type MemoryInputs } from '$lib/jobs/job-worker-handle';
import { DIARIZATION_JOB_KIND, DIARIZATION_JOB_TIME_LIMIT_MS, DIARIZATION_STAGES } from '$workers/diarization/job/diarization-stages';

/**
 * The diarization job kind on the app's one orchestrator: its stages and
 * limits (shared with the worker) and a fresh module worker per run. Heavy:
 * it shares the machine's heavy-job slots with analysis, so the audio engine
 * keeps its core. `inputFor` answers a recording's bytes when they live only
 * in this tab's memory (memory-only storage).
 */
export function diarizationJobKind(inputFor: MemoryInputs): JobKind {
  return {
    kind: DIARIZATION_JOB_KIND,
    stages: DIARIZATION_STAGES,
    jobTimeLimitMs: DIARIZATION_JOB_TIME_LIMIT_MS,
    heavy: true,
    // Relative path: Vite resolves `new URL` at build time, where the $workers alias does not apply.
    createWorker: () => comlinkJobWorker(new Worker(new URL('../../../workers/diarization/diarization.worker.ts', import.meta.url), { type: 'module', name: 'diarization' }), inputFor)
  };
}
