import * as v from 'valibot';
import { JobErrorSchema, JobInputSchema, JobKindSchema, JobOptionsSchema, JobStageIdSchema } from '$workers/shared/job-protocol';

/**
 * The durable job record (one row of `Store.Jobs`, key = id). Everything the
 * Jobs panel shows and everything a reload needs to re-run the job lives
 * here; the result itself lives in the cache and is only referenced.
 */
export const JobStatus = {
  Queued: 'queued',
  Running: 'running',
  Completed: 'completed',
  CompletedWithFallback: 'completed-with-fallback',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Interrupted: 'interrupted'
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];
export const JOB_STATUSES: readonly JobStatus[] = Object.values(JobStatus);

/** Statuses a job does not leave by itself (interrupted and failed can be sent back to the queue by the user). */
export const SETTLED_STATUSES: readonly JobStatus[] = [
  JobStatus.Completed,
  JobStatus.CompletedWithFallback,
  JobStatus.Failed,
  JobStatus.Cancelled,
  JobStatus.Interrupted
];
export function isSettled(status: JobStatus): boolean {
  return SETTLED_STATUSES.includes(status);
}

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Percent = v.pipe(v.number(), v.minValue(0), v.maxValue(100));
const Time = v.pipe(v.number(), v.integer(), v.minValue(0));

/** What a caller asks for. The orchestrator adds the id, stages and bookkeeping. */
export const JobSubmissionSchema = v.strictObject({
  kind: JobKindSchema,
  input: JobInputSchema,
  options: v.optional(JobOptionsSchema, {}),
  /** A name for the Jobs panel ("Rehearsal 12 May"); not the file path. */
  title: v.optional(v.pipe(v.string(), v.maxLength(200)))
});
export type JobSubmission = v.InferInput<typeof JobSubmissionSchema>;

export const StageStateSchema = v.picklist(['pending', 'running', 'done', 'cached', 'fallback']);
export type StageState = v.InferOutput<typeof StageStateSchema>;

export const StageProgressSchema = v.strictObject({
  id: JobStageIdSchema,
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  state: StageStateSchema,
  percent: Percent
});
export type StageProgress = v.InferOutput<typeof StageProgressSchema>;

export const StageFallbackSchema = v.strictObject({
  stage: JobStageIdSchema,
  reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500))
});
export type StageFallback = v.InferOutput<typeof StageFallbackSchema>;

export const JobRecordSchema = v.strictObject({
  id: Id,
  kind: JobKindSchema,
  title: v.optional(v.pipe(v.string(), v.maxLength(200))),
  input: JobInputSchema,
  options: JobOptionsSchema,
  status: v.picklist(JOB_STATUSES),
  /** The stage running now, or the last one that ran. */
  stage: v.optional(JobStageIdSchema),
  stages: v.array(StageProgressSchema),
  percent: Percent,
  /** How many times the job was queued: 1 at submit, +1 per retry or resume. */
  attempts: v.pipe(v.number(), v.integer(), v.minValue(1)),
  error: v.optional(JobErrorSchema),
  fallbacks: v.array(StageFallbackSchema),
  resultRef: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(500))),
  createdAt: Time,
  startedAt: v.optional(Time),
  updatedAt: Time,
  finishedAt: v.optional(Time)
});
export type JobRecord = v.InferOutput<typeof JobRecordSchema>;
