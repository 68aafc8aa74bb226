import { CACHE_ENTRY_KINDS } from '../../src/lib/storage/cache-records';
import * as v from 'valibot';

/**
 * The contract between the job orchestrator (main thread, `src/lib/jobs/`)
 * and every job worker (analysis, diarization, session processors). A job
 * worker is exposed with comlink and offers `JobWorkerApi`: `run` a request
 * while calling `onProgress`, and `cancel` it cooperatively. The orchestrator
 * validates every progress event and outcome with the schemas below before
 * trusting them; unknown fields are rejected.
 *
 * Resumption: a worker decides per stage whether its result is already in the
 * content-addressed cache and reports `cached: true` when it skipped the work.
 * The orchestrator never skips stages itself; it just runs the job again.
 *
 * Fallback: when a stage that has a lower-confidence fallback path hangs, the
 * orchestrator terminates the worker and runs the job again in a new worker
 * with that stage listed in `fallbackStages`; the worker must then take the
 * fallback path for it (and should find the earlier stages in its cache).
 */

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Percent = v.pipe(v.number(), v.minValue(0), v.maxValue(100));
export const JobStageIdSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/, 'a stage id is lower-case kebab-case'));
export const JobKindSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/, 'a job kind is lower-case kebab-case'));
/** SHA-256 of the input bytes, hex. The cache key starts from it. */
export const InputDigestSchema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'an input digest is a hex SHA-256'));

/** What a job works on. `source` is a reference the worker can resolve (e.g. a cache key of stored bytes), never a file path. */
export const JobInputSchema = v.strictObject({
  digest: InputDigestSchema,
  source: v.pipe(v.string(), v.minLength(1), v.maxLength(500))
});
export type JobInput = v.InferOutput<typeof JobInputSchema>;

/** Flat, primitive options so a request survives structured clone and JSON alike. */
export const JobOptionsSchema = v.record(v.pipe(v.string(), v.maxLength(64)), v.union([v.string(), v.number(), v.boolean()]));
export type JobOptions = v.InferOutput<typeof JobOptionsSchema>;

export const JobWorkerRequestSchema = v.strictObject({
  jobId: Id,
  kind: JobKindSchema,
  input: JobInputSchema,
  options: JobOptionsSchema,
  /** Stages the worker must run on their fallback path (an earlier run of the ML path timed out). */
  fallbackStages: v.array(JobStageIdSchema),
  /** The page keeps jobs in memory only: send the result back with the outcome (`inlineResult`), the page cannot read the worker's storage. */
  returnResult: v.optional(v.boolean())
});
export type JobWorkerRequest = v.InferOutput<typeof JobWorkerRequestSchema>;

export const JobProgressEventSchema = v.strictObject({
  jobId: Id,
  stage: JobStageIdSchema,
  stagePercent: Percent,
  /** True when the stage's result came from the cache (resumption skipped the work). */
  cached: v.optional(v.boolean())
});
export type JobProgressEvent = v.InferOutput<typeof JobProgressEventSchema>;

/**
 * A failure in words a musician can read (`message`) plus a stable `code`
 * for code. `transient` failures (a busy device, a storage hiccup) are worth
 * trying again; fatal ones (a corrupt file) are not.
 */
export const JobErrorSchema = v.strictObject({
  code: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,63}$/, 'an error code is lower-case kebab-case')),
  message: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)),
  transient: v.boolean()
});
export type JobError = v.InferOutput<typeof JobErrorSchema>;

export const StageOutcomeSchema = v.variant('outcome', [
  v.strictObject({ stage: JobStageIdSchema, outcome: v.literal('done'), cached: v.boolean() }),
  v.strictObject({
    stage: JobStageIdSchema,
    outcome: v.literal('fallback'),
    /** Why the ML path was not used, e.g. "the stem model failed to load". */
    reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
    cached: v.boolean()
  })
]);
export type StageOutcome = v.InferOutput<typeof StageOutcomeSchema>;

export const JobOutcomeSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('completed'),
    jobId: Id,
    stages: v.array(StageOutcomeSchema),
    /** Where the result lives (a cache key); the job record keeps only this reference. */
    resultRef: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
    /**
     * The result itself, only when the worker's storage is memory-only: its
     * cache dies with the worker, so the page keeps the result under
     * `resultRef` in its own (memory) cache. Validated when it is read.
     */
    inlineResult: v.optional(v.strictObject({ kind: v.picklist(CACHE_ENTRY_KINDS), result: v.unknown() }))
  }),
  v.strictObject({ type: v.literal('failed'), jobId: Id, stages: v.array(StageOutcomeSchema), error: JobErrorSchema }),
  /** The answer to `cancel`: the worker stopped before finishing. */
  v.strictObject({ type: v.literal('cancelled'), jobId: Id })
]);
export type JobOutcome = v.InferOutput<typeof JobOutcomeSchema>;

/**
 * What a job worker exposes with `Comlink.expose`. `run` resolves with an
 * outcome rather than throwing: errors that cross comlink lose everything but
 * their message, and a typed outcome keeps the code and `transient` flag.
 * `cancel` asks the running job to stop; `run` then resolves `cancelled` (or
 * `completed`, if it was already done). A worker busy in a tight loop cannot
 * hear `cancel`; the orchestrator terminates it after a grace period.
 */
export interface JobWorkerApi {
  run(request: JobWorkerRequest, onProgress: (event: JobProgressEvent) => void): Promise<JobOutcome>;
  cancel(jobId: string): Promise<void>;
}

/**
 * One stage of a job kind, shared by the worker (which reports these ids) and
 * the orchestrator (which shows labels, weighs progress and enforces limits).
 */
export interface JobStageSpec {
  readonly id: string;
  /** Shown in the Jobs panel: "Separating stems". */
  readonly label: string;
  /** Share of the overall percent; weights are relative (they need not add up to 1). */
  readonly weight: number;
  /** The stage is stopped (worker terminated) after this long. */
  readonly timeLimitMs: number;
  /** True for an ML stage with a lower-confidence fallback: a timeout re-runs it on the fallback path instead of failing the job. */
  readonly hasFallback: boolean;
}
