/// <reference lib="webworker" />
/**
 * The analysis job worker: thin glue between the job protocol (comlink) and
 * the pure pipeline in ./pipeline. It opens IndexedDB itself (the cache and
 * the dropped recording live there); in a memory-only app the main thread
 * hands the bytes over with `provideInput` before `run`.
 */
import * as Comlink from 'comlink';
import type { JobOutcome, JobProgressEvent, JobWorkerApi, JobWorkerRequest, StageOutcome } from '../shared/job-protocol';
import { readCacheBudget } from '../../src/lib/storage/cache-budget';
import { ContentCache } from '../../src/lib/storage/content-cache';
import { openIndexedDbStore } from '../../src/lib/storage/indexeddb-store';
import { createMemoryStore } from '../../src/lib/storage/memory-store';
import type { RecordStore } from '../../src/lib/storage/record-store';
import { ModelSessions } from '../inference/onnx-runtime';
import { loadBasicPitch } from '../inference/basic-pitch/onnx-basic-pitch';
import { StreamingTranscriber } from '../inference/basic-pitch/streaming-transcription';
import { storedStemSeparator } from '../inference/user-models/stored-stem-separator';
import { AudioDecodeError } from './decode/decode-error';
import { PipelineError, runAnalysisPipeline, type NoteStream } from './pipeline/analysis-pipeline';
import { AnalysisResultSchema } from './pipeline/analysis-result';
import { measureRecording, readStem, type RecordingMeasures } from '../../src/lib/panels/analysis/recording-measures';
import type { StemAudio } from '../../src/lib/storage/stem-codec';
import { bytePieces } from './decode/decode-stream';
import { InputMissingError, openInput } from './pipeline/input-store';
import { hangForever, hungStageOf } from './pipeline/stage-hang-hook';

export interface AnalysisWorkerApi extends JobWorkerApi {
  /** Memory-only apps: the recording's bytes for `source`, since this worker cannot see the main thread's memory. */
  provideInput(source: string, bytes: Uint8Array): void;
  /** The Analysis panel's waveform, notes and section levels of a finished analysis (read off the page's thread). */
  measureRecording(digest: string, sections: { start: number; end: number }[], stems: string[], userModels?: Record<string, string>): Promise<RecordingMeasures>;
  /** One cached stem for playback, transferred to the page. */
  readStem(digest: string, stem: string, range?: { start: number; end: number }, userModels?: Record<string, string>): Promise<(StemAudio & { start: number }) | undefined>;
}

const cancelled = new Set<string>();
const provided = new Map<string, Uint8Array>();
let storePromise: Promise<RecordStore> | undefined;
const sessions = new ModelSessions();

function openStore(): Promise<RecordStore> {
  storePromise ??= openIndexedDbStore().catch(() => createMemoryStore());
  return storePromise;
}

/** Basic Pitch over the recording as it streams by: one cached session, notes segment by segment. */
async function openBasicPitchStream(): Promise<NoteStream> {
  return new StreamingTranscriber(await loadBasicPitch(sessions));
}

function failure(jobId: string, stages: StageOutcome[], code: string, message: string, transient: boolean): JobOutcome {
  return { type: 'failed', jobId, stages, error: { code, message: message.slice(0, 1000), transient } };
}

const api: AnalysisWorkerApi = {
  provideInput(source, bytes) {
    provided.set(source, bytes);
  },

  async measureRecording(digest, sections, stems, userModels) {
    const measures = await measureRecording(new ContentCache(await openStore()), digest, sections, stems, userModels);
    return measures.peaks ? Comlink.transfer(measures, [measures.peaks.min.buffer, measures.peaks.max.buffer]) : measures;
  },

  async readStem(digest, stem, range, userModels) {
    const audio = await readStem(new ContentCache(await openStore()), digest, stem, range, userModels);
    return audio ? Comlink.transfer(audio, audio.channels.map((channel) => channel.buffer)) : undefined;
  },

  async run(request: JobWorkerRequest, onProgress: (event: JobProgressEvent) => void): Promise<JobOutcome> {
    const { jobId } = request;
    // Test-only (stage-hang-hook.ts): absent unless an end-to-end test armed it.
    const hang = hungStageOf(request.options);
    try {
      const store = await openStore();
      const cache = new ContentCache(store, { budgetBytes: await readCacheBudget(store) });
      // The user's stem model (model manager), when one is stored; otherwise the built-in stems.
      const stemSeparator = await storedStemSeparator(store);
      const outcome = await runAnalysisPipeline({
        inputDigest: request.input.digest,
        cache,
        openInput: async () => {
          const bytes = provided.get(request.input.source);
          return bytes ? { byteLength: bytes.length, pieces: bytePieces(bytes) } : openInput(cache, request.input.source);
        },
        fallbackStages: request.fallbackStages,
        openNoteStream: hang === 'notes' ? hangForever : openBasicPitchStream,
        ...(stemSeparator ? { stemSeparator } : {}),
        onProgress: (stage, percent, cached) => {
          onProgress({ jobId, stage, stagePercent: Math.round(percent * 10) / 10, ...(cached ? { cached: true } : {}) });
          if (hang === stage && hang !== 'notes' && !cached) hangForever();
        },
        isCancelled: () => cancelled.has(jobId)
      });
      if (outcome.type === 'cancelled') return { type: 'cancelled', jobId };
      // Memory-only storage (the page's or this worker's): the page cannot read this cache, so the result travels with the outcome.
      const inline = request.returnResult || store.mode === 'memory' ? await cache.getResult(outcome.resultRef, AnalysisResultSchema) : undefined;
      return { type: 'completed', jobId, stages: outcome.stages, resultRef: outcome.resultRef, ...(inline?.hit ? { inlineResult: { kind: 'analysis' as const, result: inline.value } } : {}) };
    } catch (error) {
      if (error instanceof AudioDecodeError) return failure(jobId, [], `audio-${error.reason}`, `${error.message} Try exporting it again as WAV, MP3, FLAC or Ogg.`, false);
      if (error instanceof InputMissingError) return failure(jobId, [], 'input-missing', error.message, false);
      if (error instanceof PipelineError) return failure(jobId, [], error.code, error.message, false);
      const detail = error instanceof Error ? error.message : String(error);
      return failure(jobId, [], 'analysis-error', `The analysis stopped on an unexpected problem (${detail}). Retry it; if it happens again, report it with this message.`, false);
    } finally {
      cancelled.delete(jobId);
    }
  },

  async cancel(jobId: string): Promise<void> {
    cancelled.add(jobId);
  }
};

Comlink.expose(api);
