import type { AnalysisService } from '$lib/analysis/analysis-service';
import { isFinished } from '$lib/analysis/analysis-service';
import type { JobOrchestrator } from '$lib/jobs/job-orchestrator';
import type { JobRecord } from '$lib/jobs/job-record';
import type { AppLog } from '$lib/log/app-log';
import type { ContentCache } from '$lib/storage/content-cache';
import type { RecordStore } from '$lib/storage/record-store';
import { Store } from '$lib/storage/schema';
import { ANALYSIS_JOB_KIND } from '$workers/analysis/pipeline/analysis-stages';
import { DIARIZATION_JOB_KIND } from '$workers/diarization/job/diarization-stages';
import { readStoredVoice } from '$workers/diarization/job/diarization-run';
import { DiarizationResultSchema } from '$workers/diarization/result-schema';
import type { DiarizationResult } from '$workers/diarization/types';
import type { JobInput } from '$workers/shared/job-protocol';
import { readEdits, type SpeakerEdits } from './speaker-edits';

export type LoadedDiarization = { type: 'loaded'; result: DiarizationResult } | { type: 'missing'; message: string };

const EDITS_PREFIX = 'diarization-edits:';

/**
 * Who talks when (DESIGN §1.4): queues diarization jobs on the app's one job
 * orchestrator (shared with analysis, so the Jobs panel, concurrency limit,
 * recovery and memory-only warning are the same), reads finished results
 * from the content cache, and keeps the user's speaker edits in the settings
 * store under the result's key, apart from the cached machine result.
 */
export class DiarizationService {
  readonly orchestrator: JobOrchestrator;
  readonly cache: ContentCache;
  readonly storageWarning: string | undefined;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly store: RecordStore,
    private readonly log: AppLog
  ) {
    this.orchestrator = analysis.orchestrator;
    this.cache = analysis.cache;
    this.storageWarning = analysis.storageWarning;
  }

  /** Hashes and stores a dropped recording, then queues its diarization. */
  async diarizeFile(file: File, speakerCount?: number): Promise<JobRecord> {
    const input = await this.analysis.storeRecording(file);
    return this.#submit(input, file.name, speakerCount);
  }

  /** Diarizes the recording of a finished analysis job (its bytes are already stored under their digest). */
  diarizeAnalysed(job: JobRecord, speakerCount?: number): Promise<JobRecord> {
    return this.#submit(job.input, job.title ?? 'Analysed recording', speakerCount);
  }

  #submit(input: JobInput, title: string, speakerCount: number | undefined): Promise<JobRecord> {
    return this.orchestrator.submit({
      kind: DIARIZATION_JOB_KIND,
      input,
      options: speakerCount ? { speakerCount } : {},
      title: title.slice(0, 200)
    });
  }

  /** The newest finished analysis, offered as "diarize this recording". */
  async latestAnalysis(): Promise<JobRecord | undefined> {
    const { jobs } = await this.orchestrator.list();
    return newest(jobs.filter((job) => job.kind === ANALYSIS_JOB_KIND && isFinished(job)));
  }

  async latestCompleted(): Promise<JobRecord | undefined> {
    const { jobs } = await this.orchestrator.list();
    return newest(jobs.filter((job) => job.kind === DIARIZATION_JOB_KIND && isFinished(job) && job.resultRef));
  }

  async loadResult(job: JobRecord): Promise<LoadedDiarization> {
    if (!job.resultRef) return { type: 'missing', message: 'This job has no result yet.' };
    const found = await this.cache.getResult(job.resultRef, DiarizationResultSchema);
    if (found.hit) return { type: 'loaded', result: found.value };
    return {
      type: 'missing',
      message:
        this.store.mode === 'memory'
          ? 'The result was kept in memory only and is gone; diarize the recording again.'
          : 'The result is no longer in the cache (it was cleared or evicted); diarize the recording again.'
    };
  }

  /** The 16 kHz voice track the job stored, for playing turns; undefined once evicted. */
  loadVoice(job: JobRecord): Promise<Float32Array | undefined> {
    return readStoredVoice(this.cache, job.input.digest);
  }

  async loadEdits(resultRef: string): Promise<{ edits: SpeakerEdits; damaged: boolean }> {
    try {
      const read = readEdits(await this.store.get(Store.Settings, EDITS_PREFIX + resultRef));
      if (read.damaged) this.log.warn('diarization', 'Saved speaker edits were unreadable; showing the machine result');
      return read;
    } catch (error) {
      this.log.warn('diarization', 'Could not read speaker edits', { error: String(error) });
      return readEdits(undefined);
    }
  }

  /** Saves the edits; rejects with a readable message when storage refuses. */
  async saveEdits(resultRef: string, edits: SpeakerEdits): Promise<void> {
    try {
      await this.store.put(Store.Settings, EDITS_PREFIX + resultRef, edits);
    } catch (error) {
      throw new Error(`Your speaker changes could not be saved (${error instanceof Error ? error.message : String(error)}); they will be lost on reload.`);
    }
  }
}

function newest(jobs: readonly JobRecord[]): JobRecord | undefined {
  return [...jobs].sort((a, b) => (b.finishedAt ?? b.updatedAt) - (a.finishedAt ?? a.updatedAt))[0];
}
