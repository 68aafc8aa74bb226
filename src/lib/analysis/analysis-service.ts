import type { AppLog } from '$lib/log/app-log';
import { readCacheBudget, saveCacheBudget } from '$lib/storage/cache-budget';
import { ContentCache } from '$lib/storage/content-cache';
import { digestBytes } from '$lib/storage/content-key';
import type { RecordStore } from '$lib/storage/record-store';
import { JobOrchestrator } from '$lib/jobs/job-orchestrator';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';
import { JobsView } from '$lib/jobs/jobs-view.svelte';
import { AnalysisResultSchema, type AnalysisResult } from '$workers/analysis/pipeline/analysis-result';
import { ANALYSIS_JOB_KIND } from '$workers/analysis/pipeline/analysis-stages';
import { hasInput, INPUT_SOURCE_PREFIX, storeInput } from '$workers/analysis/pipeline/input-store';
import { analysisKey, inputKey } from '$workers/analysis/pipeline/analysis-stages';
import { readStageHangHook, STAGE_HANG_OPTION, type StageHangHook } from '$workers/analysis/pipeline/stage-hang-hook';
import { analysisJobKind } from './analysis-job-kind';
import type { JobKind } from '$lib/jobs/job-kind';
import type { JobInput } from '$workers/shared/job-protocol';

/** Another kind of job on the app's one orchestrator (diarization), given the memory-only input lookup. */
export type ExtraJobKind = (inputFor: (source: string) => Uint8Array | undefined) => JobKind;

/** Bigger files would not fit a tab's memory next to the decoded copy (an hour of WAV is ~635 MB). */
export const MAX_RECORDING_BYTES = 1024 * 1024 * 1024;

export type LoadedResult = { type: 'loaded'; result: AnalysisResult } | { type: 'missing'; message: string };

/**
 * The app's analysis jobs (DESIGN §1.4): stores a dropped recording by its
 * digest, submits the job, and reads finished results back from the cache.
 * One orchestrator for the app, created at boot, which first marks jobs a
 * closed tab left running as interrupted.
 */
export class AnalysisService {
  readonly orchestrator: JobOrchestrator;
  readonly jobs: JobsView;
  readonly cache: ContentCache;
  /** Set when jobs and results live in memory only. */
  readonly storageWarning: string | undefined;
  /** Recordings whose bytes only this tab holds (memory-only storage), by job source. */
  readonly #memoryInputs = new Map<string, Uint8Array>();
  readonly #store: RecordStore;
  /** Test-only: a stage end-to-end tests make hang (see stage-hang-hook.ts); undefined in normal use. */
  readonly #hangHook: StageHangHook | undefined = readStageHangHook(globalThis.localStorage);

  private constructor(store: RecordStore, log: AppLog, fallbackReason: string | undefined, extraKinds: readonly ExtraJobKind[]) {
    this.#store = store;
    this.cache = new ContentCache(store, { log });
    if (this.#hangHook) log.warn('analysis', `Test hook armed: the "${this.#hangHook.stage}" stage will hang`);
    this.orchestrator = new JobOrchestrator({
      store,
      log,
      kinds: [analysisJobKind(this.#inputFor, this.#hangHook), ...extraKinds.map((kind) => kind(this.#inputFor))],
      ...(fallbackReason ? { storageFallbackReason: fallbackReason } : {})
    });
    this.jobs = new JobsView(this.orchestrator);
    this.storageWarning = this.orchestrator.storageWarning;
  }

  static async start(store: RecordStore, log: AppLog, fallbackReason?: string, extraKinds: readonly ExtraJobKind[] = []): Promise<AnalysisService> {
    const service = new AnalysisService(store, log, fallbackReason, extraKinds);
    await service.cache.setBudget(await readCacheBudget(store));
    try {
      const recovered = await service.orchestrator.recoverInterrupted();
      if (recovered.interrupted.length > 0) log.info('analysis', `${recovered.interrupted.length} analysis job(s) were interrupted by a reload; resume them in the Jobs panel`);
    } catch (error) {
      log.warn('analysis', 'Could not check for interrupted jobs', { error: String(error) });
    }
    return service;
  }

  readonly #inputFor = (source: string): Uint8Array | undefined => this.#memoryInputs.get(source);

  /** Hashes and stores the recording, then queues its analysis; resolves with the queued job. */
  async analyseFile(file: File): Promise<JobRecord> {
    const input = await this.storeRecording(file, { analysedIsEnough: true });
    const options = this.#hangHook ? { [STAGE_HANG_OPTION]: this.#hangHook.stage } : {};
    return this.orchestrator.submit({ kind: ANALYSIS_JOB_KIND, input, options, title: file.name.slice(0, 200) });
  }

  /**
   * Hashes the recording and keeps its bytes where a job worker can read them
   * (by digest, never by name). `analysedIsEnough`: an analysis answers from
   * its cached result, so the bytes need not be written again when one exists
   * (other jobs, such as diarization, read the bytes and always need them).
   */
  async storeRecording(file: File, { analysedIsEnough = false } = {}): Promise<JobInput> {
    if (file.size === 0) throw new Error(`"${file.name}" is empty (0 bytes); export the recording again and drop the new file.`);
    if (file.size > MAX_RECORDING_BYTES) throw new Error(`"${file.name}" is larger than 1 GB; split the rehearsal into parts or export it as MP3/FLAC.`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const digest = await digestBytes(bytes);
    let source: string | undefined;
    if (this.#store.mode === 'memory') {
      source = `${INPUT_SOURCE_PREFIX}${await inputKey(digest)}`;
      this.#memoryInputs.set(source, bytes);
    } else {
      source = `${INPUT_SOURCE_PREFIX}${await inputKey(digest)}`;
      // Already stored, or (for an analysis) already analysed: skip writing the bytes again.
      const known = (await hasInput(this.cache, source)) || (analysedIsEnough && (await this.cache.describe(await analysisKey(digest))).hit);
      if (!known) source = await storeInput(this.cache, digest, bytes);
      if (!source) throw new Error(`Bandroom could not store "${file.name}" for analysis (the browser's storage is full or refused it). Clear cached data in Settings and try again.`);
    }
    return { digest, source };
  }

  /** Saves the user's cache budget and evicts down to it at once; answers how many entries were evicted. */
  async setCacheBudget(bytes: number): Promise<number> {
    await saveCacheBudget(this.#store, bytes);
    return this.cache.setBudget(bytes);
  }

  /** The finished analysis a job points at, validated; a miss says why in words. */
  async loadResult(job: JobRecord): Promise<LoadedResult> {
    if (!job.resultRef) return { type: 'missing', message: 'This job has no result yet.' };
    const found = await this.cache.getResult(job.resultRef, AnalysisResultSchema);
    if (found.hit) return { type: 'loaded', result: found.value };
    return {
      type: 'missing',
      message:
        this.#store.mode === 'memory'
          ? 'The result was kept in memory only and is gone; analyse the recording again.'
          : 'The result is no longer in the cache (it was cleared or evicted); analyse the recording again.'
    };
  }

  /** The newest completed analysis job, if any. */
  async latestCompleted(): Promise<JobRecord | undefined> {
    const { jobs } = await this.orchestrator.list();
    return jobs
      .filter((job) => job.kind === ANALYSIS_JOB_KIND && isFinished(job) && job.resultRef)
      .sort((a, b) => (b.finishedAt ?? b.updatedAt) - (a.finishedAt ?? a.updatedAt))[0];
  }
}

export function isFinished(job: JobRecord): boolean {
  return job.status === JobStatus.Completed || job.status === JobStatus.CompletedWithFallback;
}
