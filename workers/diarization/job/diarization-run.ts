/**
 * One diarization job from bytes to a cached result: decode (16 kHz voice
 * track) → speech (Silero VAD probabilities) → speakers (the pure core in
 * ../pipeline.ts). Each stage stores its output under its own content key, so
 * a resumed job reports it `cached` and skips the work; the whole result goes
 * under the key without a stage, and diarizing the same bytes again (with the
 * same embedder and speaker count) is answered from it at once.
 */
import * as v from 'valibot';
import type { StageOutcome } from '../../shared/job-protocol';
import type { ContentCache } from '../../../src/lib/storage/content-cache';
import { diarizeWithProbabilities } from '../pipeline.ts';
import { readCachedResult } from '../result-schema.ts';
import { runSileroVad, type TensorFactory, type VadSession } from '../silero-vad.ts';
import { createDspEmbedder, type SpeakerEmbedder } from '../speaker-embedding.ts';
import { DIARIZATION_SAMPLE_RATE, type DiarizationResult, type TimeRange } from '../types.ts';
import { DiarizationStage, diarizationKey, diarizationModelVersions } from './diarization-stages';
import { readVoiceTrack } from './voice-track';

export interface DiarizationEnvironment {
  readonly inputDigest: string;
  readonly cache: ContentCache;
  /** The recording's bytes; rejects with InputMissingError when they are gone. */
  readInput(): Promise<Uint8Array>;
  /** The Silero v5 session (opened on first use: a cached job never loads the model). */
  openVad(): Promise<{ session: VadSession; tensors: TensorFactory }>;
  /** Music intervals for this recording from a cached analysis, if there is one. */
  readMusic?(): Promise<readonly TimeRange[] | undefined>;
  /** The user's speaker model; absent = the built-in DSP embedder. If it fails, the DSP embedder takes over (a fallback). */
  readonly embedder?: SpeakerEmbedder;
  /** Why the user's model is not used this time (it failed to load, or timed out on an earlier run): reported as the speakers stage's fallback. */
  readonly embedderFallback?: string;
  readonly speakerCount?: number;
  onProgress(stage: DiarizationStage, percent: number, cached?: boolean): void;
  isCancelled(): boolean;
  /** VAD frames between cancel checks and progress reports (~10 s of audio). */
  readonly framesPerCheck?: number;
}

export type DiarizationOutcome = { type: 'completed'; resultRef: string; stages: StageOutcome[]; result: DiarizationResult } | { type: 'cancelled' };

/** Thrown at a checkpoint once the job was asked to stop. */
export class DiarizationCancelled extends Error {
  override name = 'DiarizationCancelled';
}

const DecodeRecordSchema = v.strictObject({ sourceRate: v.number(), format: v.string(), frames: v.pipe(v.number(), v.integer(), v.minValue(0)) });
const SpeechRecordSchema = v.strictObject({ frames: v.pipe(v.number(), v.integer(), v.minValue(0)) });
const VOICE_STEM = 'voice';

export async function runDiarization(env: DiarizationEnvironment): Promise<DiarizationOutcome> {
  try {
    return await new DiarizationRun(env).run();
  } catch (error) {
    if (error instanceof DiarizationCancelled) return { type: 'cancelled' };
    throw error;
  }
}

/** The 16 kHz voice track a finished job stored (for playback of turns); undefined when evicted. */
export async function readStoredVoice(cache: ContentCache, inputDigest: string): Promise<Float32Array | undefined> {
  const stem = await cache.getStem(await diarizationKey(inputDigest, DiarizationStage.Decode), VOICE_STEM);
  return stem.hit && stem.value.sampleRate === DIARIZATION_SAMPLE_RATE ? stem.value.channels[0] : undefined;
}

class DiarizationRun {
  readonly #outcomes: StageOutcome[] = [];
  readonly #embedder: SpeakerEmbedder;

  constructor(private readonly env: DiarizationEnvironment) {
    this.#embedder = (!env.embedderFallback && env.embedder) || createDspEmbedder();
  }

  async run(): Promise<DiarizationOutcome> {
    const versions = diarizationModelVersions(this.#embedder.name, this.env.speakerCount);
    const resultRef = await diarizationKey(this.env.inputDigest, undefined, versions);
    const done = await this.env.cache.getResult(resultRef, v.unknown());
    const cached = done.hit ? readCachedResult(done.value) : undefined;
    // The voice track must be there too: the panel plays turns from it.
    if (cached && (await this.env.cache.describe(await diarizationKey(this.env.inputDigest, DiarizationStage.Decode))).hit) {
      for (const stage of Object.values(DiarizationStage)) {
        this.env.onProgress(stage, 100, true);
        const reason = stage === DiarizationStage.Speakers ? this.env.embedderFallback : undefined;
        this.#outcomes.push(reason ? { stage, outcome: 'fallback', reason: reason.slice(0, 500), cached: true } : { stage, outcome: 'done', cached: true });
      }
      return { type: 'completed', resultRef, stages: this.#outcomes, result: cached };
    }
    const voice = await this.#decodeStage();
    const probabilities = await this.#speechStage(voice);
    const result = await this.#speakersStage(voice, probabilities);
    // A fallback result is the built-in embedder's: file it under that embedder's key, not the model's.
    const storedRef = result.embedder === this.#embedder.name ? resultRef : await diarizationKey(this.env.inputDigest, undefined, diarizationModelVersions(result.embedder, this.env.speakerCount));
    await this.env.cache.put(storedRef, { kind: 'analysis', result });
    return { type: 'completed', resultRef: storedRef, stages: this.#outcomes, result };
  }

  async #checkpoint(): Promise<void> {
    // A macrotask: comlink delivers `cancel` as a message, which a microtask would never let in.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.env.isCancelled()) throw new DiarizationCancelled('cancelled');
  }

  #finished(stage: DiarizationStage, cached: boolean): void {
    this.env.onProgress(stage, 100, cached || undefined);
    this.#outcomes.push({ stage, outcome: 'done', cached });
  }

  async #decodeStage(): Promise<Float32Array> {
    const stage = DiarizationStage.Decode;
    const key = await diarizationKey(this.env.inputDigest, stage);
    const stored = await this.env.cache.getResult(key, DecodeRecordSchema);
    if (stored.hit) {
      const voice = await readStoredVoice(this.env.cache, this.env.inputDigest);
      if (voice && voice.length === stored.value.frames) {
        this.#finished(stage, true);
        return voice;
      }
    }
    this.env.onProgress(stage, 0);
    const track = await readVoiceTrack(await this.env.readInput(), {
      onProgress: (fraction) => this.env.onProgress(stage, Math.min(99, fraction * 100)),
      checkpoint: () => this.#checkpoint()
    });
    const record = { sourceRate: track.sourceRate, format: track.format, frames: track.samples.length };
    // A failed write (quota) is logged by the cache and ignored: the job goes on.
    await this.env.cache.put(key, { kind: 'stage', result: record, stems: { [VOICE_STEM]: { sampleRate: DIARIZATION_SAMPLE_RATE, channels: [track.samples] } } });
    this.#finished(stage, false);
    return track.samples;
  }

  async #speechStage(voice: Float32Array): Promise<Float32Array> {
    const stage = DiarizationStage.Speech;
    const key = await diarizationKey(this.env.inputDigest, stage);
    const stored = await this.env.cache.getResult(key, SpeechRecordSchema);
    if (stored.hit) {
      const features = await this.env.cache.getFeatures(key);
      const probabilities = features.hit ? features.value.probabilities : undefined;
      if (probabilities && probabilities.length === stored.value.frames) {
        this.#finished(stage, true);
        return probabilities;
      }
    }
    this.env.onProgress(stage, 0);
    const { session, tensors } = await this.env.openVad();
    const every = this.env.framesPerCheck ?? 300;
    let frames = 0;
    const total = Math.ceil(voice.length / 512);
    // Every `every` frames: report, and yield a macrotask so a cancel can arrive.
    const yielding: VadSession = {
      run: async (feeds) => {
        if (++frames % every === 0) {
          this.env.onProgress(stage, Math.min(99, (100 * frames) / total));
          await this.#checkpoint();
        }
        return session.run(feeds);
      }
    };
    const probabilities = await runSileroVad(yielding, tensors, voice);
    await this.env.cache.put(key, { kind: 'stage', result: { frames: probabilities.length }, features: { probabilities } });
    this.#finished(stage, false);
    return probabilities;
  }

  async #speakersStage(voice: Float32Array, probabilities: Float32Array): Promise<DiarizationResult> {
    const stage = DiarizationStage.Speakers;
    this.env.onProgress(stage, 0);
    // The music map is a refinement: an unreadable analysis entry means no map, not a failed job.
    const music = (await this.env.readMusic?.().catch(() => undefined)) ?? [];
    this.env.onProgress(stage, 5);
    let calls = 0;
    // The core embeds twice (clustering windows, then scoring steps): report and check for cancel around each.
    const watched = (inner: SpeakerEmbedder): SpeakerEmbedder => ({
      name: inner.name,
      embed: async (audio, windows) => {
        await this.#checkpoint();
        const vectors = await inner.embed(audio, windows);
        this.env.onProgress(stage, ++calls % 2 === 1 ? 40 : 90);
        await this.#checkpoint();
        return vectors;
      }
    });
    const diarizeWith = (embedder: SpeakerEmbedder) =>
      diarizeWithProbabilities({ audio: voice, music, embedder: watched(embedder), ...(this.env.speakerCount ? { speakerCount: this.env.speakerCount } : {}) }, probabilities);
    const fallBack = async (reason: string): Promise<DiarizationResult> => {
      const result = await diarizeWith(createDspEmbedder());
      this.env.onProgress(stage, 100);
      this.#outcomes.push({ stage, outcome: 'fallback', reason: reason.slice(0, 500), cached: false });
      return result;
    };
    if (this.env.embedderFallback) return fallBack(this.env.embedderFallback);
    if (!this.env.embedder) {
      const result = await diarizeWith(this.#embedder);
      this.#finished(stage, false);
      return result;
    }
    try {
      const result = await diarizeWith(this.env.embedder);
      this.#finished(stage, false);
      return result;
    } catch (error) {
      if (error instanceof DiarizationCancelled) throw error;
      // The user's model broke on this recording (wrong output size, NaNs, out of memory): the built-in features still give an answer.
      return fallBack(`The speaker model "${this.env.embedder.name}" failed (${error instanceof Error ? error.message : String(error)}); the built-in voice features were used instead.`);
    }
  }
}
