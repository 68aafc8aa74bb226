import type { JobStageSpec } from '$workers/shared/job-protocol';
import type { JobWorkerFactory } from './job-worker-handle';

/** A kind of job the orchestrator can run: its stages, limits and how to start its worker. */
export interface JobKind {
  kind: string;
  stages: readonly JobStageSpec[];
  jobTimeLimitMs: number;
  /** Heavy jobs (decode, separation, inference) share the machine's heavy-job slots; light ones have their own. */
  heavy: boolean;
  createWorker: JobWorkerFactory;
}

/** A request the orchestrator refuses (invalid, unknown kind, wrong state); the message is for the user. */
export class JobRequestError extends Error {
  override name = 'JobRequestError';
}
