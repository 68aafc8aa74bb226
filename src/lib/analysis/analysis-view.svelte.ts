import type { JobRecord } from '$lib/jobs/job-record';
import { describeThrown } from '$lib/jobs/job-errors';
import { followNewestOnRecord, subscribeNewestJob, type NewestJobFollower } from '$lib/jobs/newest-job';
import type { AnalysisResult } from '$workers/analysis/pipeline/analysis-result';
import { ANALYSIS_JOB_KIND, ANALYSIS_STAGES } from '$workers/analysis/pipeline/analysis-stages';
import { isFinished, type AnalysisService } from './analysis-service';

/**
 * The Analysis panel's state: the job it follows (the newest analysis), its
 * result once finished, and the outcome of the last drop. Pushed job events
 * keep it current; the markup only renders.
 */
export class AnalysisView {
  job = $state.raw<JobRecord | undefined>();
  result = $state.raw<AnalysisResult | undefined>();
  /** Input digest of the recording `result` describes: where its stems and notes are cached. */
  resultDigest = $state<string | undefined>();
  /** Why a finished job shows no result (cache cleared, memory-only storage). */
  resultProblem = $state<string | undefined>();
  submitError = $state<string | undefined>();
  submitting = $state(false);
  #unsubscribe: (() => void) | undefined;
  #loadedRef: string | undefined;
  readonly #follower: NewestJobFollower = {
    current: () => this.job,
    follow: (record) => this.#follow(record),
    cleared: () => {
      this.job = undefined;
    }
  };

  constructor(private readonly service: AnalysisService) {}

  get warning(): string | undefined {
    return this.service.storageWarning;
  }

  /** Label of a stage id, for fallback notes. */
  stageLabel(id: string): string {
    return ANALYSIS_STAGES.find((stage) => stage.id === id)?.label ?? id;
  }

  async open(): Promise<void> {
    this.#unsubscribe ??= subscribeNewestJob(this.service.orchestrator, ANALYSIS_JOB_KIND, this.#follower);
    await followNewestOnRecord(this.service.orchestrator, ANALYSIS_JOB_KIND, this.#follower);
    // The newest job may have failed: still show the last good result.
    if (!this.result) {
      const finished = await this.service.latestCompleted();
      if (finished) await this.#load(finished);
    }
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  async analyse(file: File): Promise<void> {
    this.submitError = undefined;
    this.submitting = true;
    try {
      this.#follow(await this.service.analyseFile(file));
    } catch (error) {
      this.submitError = describeThrown(error);
    } finally {
      this.submitting = false;
    }
  }

  #follow(record: JobRecord): void {
    this.job = record;
    if (isFinished(record)) void this.#load(record);
  }

  async #load(record: JobRecord): Promise<void> {
    if (!record.resultRef || record.resultRef === this.#loadedRef) return;
    this.#loadedRef = record.resultRef;
    const loaded = await this.service.loadResult(record);
    if (loaded.type === 'loaded') {
      this.result = loaded.result;
      this.resultDigest = record.input.digest;
      this.resultProblem = undefined;
    } else {
      this.#loadedRef = undefined;
      this.resultProblem = loaded.message;
    }
  }
}
