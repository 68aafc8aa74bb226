/**
 * The diarization job worker's API, built from what the host gives it (the
 * store, the VAD session, optionally a speaker-embedding model), so the same
 * code runs in the worker and in Node tests. Job options: `speakerCount`
 * (the user's "number of speakers", 1–20; absent = automatic).
 */
import type { JobOutcome, JobProgressEvent, JobWorkerApi, JobWorkerRequest } from '../../shared/job-protocol';
import { ContentCache } from '../../../src/lib/storage/content-cache';
import type { RecordStore } from '../../../src/lib/storage/record-store';
import { AudioDecodeError } from '../../analysis/decode/decode-error';
import { InputMissingError, loadInput } from '../../analysis/pipeline/input-store';
import type { TensorFactory, VadSession } from '../silero-vad.ts';
import type { SpeakerEmbedder } from '../speaker-embedding.ts';
import { readAnalysisMusic } from './analysis-music';
import { DiarizationStage } from './diarization-stages';
import { runDiarization } from './diarization-run';
import { NoAudioError } from './voice-track';

export interface DiarizationWorkerApi extends JobWorkerApi {
  /** Memory-only apps: the recording's bytes for `source`, since the worker cannot see the main thread's memory. */
  provideInput(source: string, bytes: Uint8Array): void;
}

export interface DiarizationWorkerHost {
  openStore(): Promise<RecordStore>;
  openVad(): Promise<{ session: VadSession; tensors: TensorFactory }>;
  /**
   * The user's speaker-embedding model, when one is loaded (model manager);
   * undefined keeps the built-in DSP embedder. Its name goes into the cache
   * key, so results of different embedders never mix.
   */
  createEmbedder?(): Promise<SpeakerEmbedder | undefined>;
}

export const MAX_SPEAKER_COUNT = 20;

export function createDiarizationWorkerApi(host: DiarizationWorkerHost): DiarizationWorkerApi {
  const cancelled = new Set<string>();
  const provided = new Map<string, Uint8Array>();
  const failure = (jobId: string, code: string, message: string, transient = false): JobOutcome => ({
    type: 'failed',
    jobId,
    stages: [],
    error: { code, message: message.slice(0, 1000), transient }
  });
  return {
    provideInput(source, bytes) {
      provided.set(source, bytes);
    },

    async run(request: JobWorkerRequest, onProgress: (event: JobProgressEvent) => void): Promise<JobOutcome> {
      const { jobId } = request;
      const count = request.options.speakerCount;
      if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SPEAKER_COUNT)) {
        return failure(jobId, 'invalid-speaker-count', `The number of speakers must be a whole number from 1 to ${MAX_SPEAKER_COUNT} (or automatic).`);
      }
      let store: RecordStore;
      try {
        store = await host.openStore();
      } catch (error) {
        // A storage hiccup (another tab upgrading the database, a busy disk) is worth another try.
        return failure(jobId, 'storage-busy', `The background worker could not open Bandroom's storage (${error instanceof Error ? error.message : String(error)}); it will try again.`, true);
      }
      try {
        const cache = new ContentCache(store);
        // The speakers stage's ML path is the user's model: when it timed out before or will not load, the DSP embedder answers.
        let embedder: SpeakerEmbedder | undefined;
        let embedderFallback: string | undefined;
        if (request.fallbackStages.includes(DiarizationStage.Speakers)) {
          embedderFallback = 'The speaker model took longer than its time limit, so the built-in voice features were used.';
        } else {
          try {
            embedder = await host.createEmbedder?.();
          } catch (error) {
            // The loader's message is a whole sentence naming the model and the problem.
            embedderFallback = `${error instanceof Error ? error.message : String(error)} The built-in voice features were used instead.`;
          }
        }
        const outcome = await runDiarization({
          inputDigest: request.input.digest,
          cache,
          readInput: async () => provided.get(request.input.source) ?? loadInput(cache, request.input.source),
          openVad: host.openVad,
          readMusic: () => readAnalysisMusic(cache, request.input.digest),
          ...(embedder ? { embedder } : {}),
          ...(embedderFallback ? { embedderFallback } : {}),
          ...(typeof count === 'number' ? { speakerCount: count } : {}),
          onProgress: (stage, percent, fromCache) =>
            onProgress({ jobId, stage, stagePercent: Math.round(percent * 10) / 10, ...(fromCache ? { cached: true } : {}) }),
          isCancelled: () => cancelled.has(jobId)
        });
        if (outcome.type === 'cancelled') return { type: 'cancelled', jobId };
        // Memory-only storage (the page's or this worker's): the page cannot read this cache, so the result travels with the outcome.
        const inline = request.returnResult || store.mode === 'memory' ? { inlineResult: { kind: 'analysis' as const, result: outcome.result } } : {};
        return { type: 'completed', jobId, stages: outcome.stages, resultRef: outcome.resultRef, ...inline };
      } catch (error) {
        if (error instanceof AudioDecodeError) return failure(jobId, `audio-${error.reason}`, `${error.message} Try exporting it again as WAV, MP3, FLAC or Ogg.`);
        if (error instanceof NoAudioError) return failure(jobId, 'no-audio', error.message);
        if (error instanceof InputMissingError) return failure(jobId, 'input-missing', error.message.replace('to analyse it', 'to diarize it'));
        const detail = error instanceof Error ? error.message : String(error);
        return failure(jobId, 'diarization-error', `Finding who speaks when stopped on an unexpected problem (${detail}). Retry it; if it happens again, report it with this message.`);
      } finally {
        cancelled.delete(jobId);
        provided.delete(request.input.source);
      }
    },

    async cancel(jobId: string): Promise<void> {
      cancelled.add(jobId);
    }
  };
}
