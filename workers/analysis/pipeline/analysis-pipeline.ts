import type { StageOutcome } from '../../shared/job-protocol';
import type { ContentCache } from '../../../src/lib/storage/content-cache';
import { assembleRehearsalCues } from '../cues/assemble-cues';
import type { ByteChunks } from '../decode/byte-source';
import { bytePieces, openAudioStream } from '../decode/decode-stream';
import { ANALYSIS_RATE, mixToMono, SampleCollector } from '../dsp/analysis-copy';
import { ChannelResampler } from '../dsp/channel-resampler';
import { Resampler } from '../dsp/resampler';
import { beatSynchronous } from '../harmony/chroma-sequence';
import { estimateChords } from '../harmony/chords';
import { computeChromagram, type Chromagram } from '../harmony/chromagram';
import { estimateKey } from '../harmony/key';
import type { PitchClass } from '../harmony/pitch-class';
import { MonophonicStemsTranscriber, type FallbackTrack } from '../notes/dsp-note-fallback';
import { RhythmAnalyser } from '../rhythm/rhythm-analysis';
import { StemActivityMeter } from '../stems/stem-activity';
import { DspStemSeparator } from '../stems/stem-separator';
import { STEM_NAMES, type StemName } from '../stems/stem-types';
import { estimateSections } from '../structure/sections';
import {
  ANALYSIS_RESULT_VERSION,
  AnalysisResultSchema,
  DecodeStageSchema,
  HarmonyStageSchema,
  NotesStageSchema,
  RhythmStageSchema,
  SectionsStageSchema,
  StemsStageSchema,
  type AnalysisResult,
  type DecodeStage,
  type HarmonyStage,
  type NotesStage,
  type RhythmStage,
  type SectionsStage,
  type StemsStage
} from './analysis-result';
import { AnalysisStage, analysisKey, analysisSegmentKey } from './analysis-stages';
import { readSegmentedTrack, SegmentWriter, segmentsPresent, type SegmentKey } from './audio-segments';
import { InputMissingError, type InputStream } from './input-store';
import { AnalysisCancelled, joinBlocks, StageCache } from './stage-cache';
import { blendChroma, NOTE_CHROMA_WEIGHT, noteChroma } from '../harmony/note-chroma';

/** A note from the ML path, in seconds from the start of the recording. */
export interface TranscribedNote {
  startSeconds: number;
  durationSeconds: number;
  pitchMidi: number;
  confidence: number;
}

/**
 * The ML notes path (Basic Pitch, workers/inference/basic-pitch/streaming-transcription.ts)
 * fed the harmonic stem block by block: memory stays bounded however long the recording.
 */
export interface NoteStream {
  /** Mono 22.05 kHz samples; answers the notes that became final. `checkpoint` runs between model batches. */
  push(samples: Float32Array, checkpoint: () => Promise<void>): Promise<TranscribedNote[]>;
  /** The last windows and notes. */
  finish(checkpoint: () => Promise<void>): Promise<TranscribedNote[]>;
}

/**
 * A user-supplied stem model (workers/inference/user-models/) that replaces
 * the built-in DSP stems while it is loaded.
 */
export interface StemSeparatorModel {
  /** SHA-256 of the model file: part of every cache key, so its stems never mix with the DSP ones. */
  readonly id: string;
  /** What the result and the Jobs panel call it (the file name the user loaded). */
  readonly label: string;
  readonly stemNames: readonly string[];
  /** One mono stem per name at `sampleRate`, aligned with the input; reports 0..1 and awaits `checkpoint` between chunks. */
  separate(channels: readonly Float32Array[], sampleRate: number, onProgress: (fraction: number) => void, checkpoint: () => Promise<void>): Promise<Float32Array[]>;
}

/** Everything the pipeline needs from its host (the worker, or a Node test). */
export interface PipelineEnvironment {
  inputDigest: string;
  cache: ContentCache;
  /** The recording's bytes, streamed in pieces; rejects with InputMissingError when they are gone. */
  openInput(): Promise<InputStream>;
  /** Stages to run on their fallback path (the orchestrator saw their ML path time out). */
  fallbackStages: readonly string[];
  /** The user's stem model, when one is loaded; absent: the built-in DSP stems. */
  stemSeparator?: StemSeparatorModel;
  /** Starts the ML notes path (Basic Pitch) for one recording; absent when no model can run here. */
  openNoteStream?: () => Promise<NoteStream>;
  onProgress(stage: AnalysisStage, percent: number, cached?: boolean): void;
  isCancelled(): boolean;
}

export type PipelineOutcome = { type: 'completed'; resultRef: string; stages: StageOutcome[] } | { type: 'cancelled' };

const CHUNK = 65_536;
/** Bytes pulled (in 64 KB pieces) before a compressed file's length is estimated: enough that the decoder's read-ahead is small beside it. */
const ESTIMATE_AFTER_BYTES = 4 * 1024 * 1024;
/** Variable bit rates and read-ahead make the estimate rough: 15 % spare beats a join of the whole copy. */
const LENGTH_ESTIMATE_MARGIN = 1.15;
/** The analysis copy's track name in the decode stage's segments. */
const MONO_TRACK = 'mono';
/** A dense hour of band is ~40,000 notes; past this the stored list is cut (in time order) rather than grow without bound. */
const MAX_STORED_NOTES = 100_000;
/** Samples handed to the note model at a time: one batch of four windows (~6.6 s), so cancel and progress come every batch. */
const NOTE_BLOCK = 4 * 36_164;

/**
 * decode → stems → notes → rhythm → key/chords → sections → cues. Each stage
 * reports progress, checks for cancel between blocks, and stores its output
 * under its own content key, so a resumed job reports it `cached` and skips
 * the work. The whole result goes under the key without a stage; a second
 * analysis of the same bytes is answered from it at once. Failures throw
 * (AudioDecodeError, InputMissingError, PipelineError); the worker turns them
 * into typed job errors.
 */
export async function runAnalysisPipeline(env: PipelineEnvironment): Promise<PipelineOutcome> {
  try {
    return await new AnalysisRun(env).run();
  } catch (error) {
    if (error instanceof AnalysisCancelled) return { type: 'cancelled' };
    throw error;
  }
}

/** A failure of the analysis itself (not the file, not storage), in words for a musician. */
export class PipelineError extends Error {
  override name = 'PipelineError';
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

class AnalysisRun {
  readonly #env: PipelineEnvironment;
  readonly #stages: StageCache;
  readonly #outcomes: StageOutcome[] = [];
  #decode: DecodeStage | undefined;
  /** The mono analysis copy: the one whole-length array the run holds (318 MB an hour). */
  #mono: Float32Array | undefined;
  #stemModel: string | undefined;
  #chroma: Chromagram | undefined;

  constructor(env: PipelineEnvironment) {
    this.#env = env;
    this.#stages = new StageCache(env.cache, env.inputDigest, env.isCancelled, this.#userModels);
  }

  /** User models that shape the result: their hashes go into every cache key. */
  get #userModels(): Record<string, string> {
    return this.#env.stemSeparator ? { 'stem-separator': this.#env.stemSeparator.id } : {};
  }

  async run(): Promise<PipelineOutcome> {
    const resultRef = await analysisKey(this.#env.inputDigest, undefined, this.#userModels);
    const done = await this.#env.cache.getResult(resultRef, AnalysisResultSchema);
    if (done.hit) return this.#answerFromCache(resultRef, done.value);

    const decode = await this.#decodeStage();
    const stems = await this.#stemsStage(decode);
    const notes = await this.#notesStage(stems);
    const rhythm = await this.#rhythmStage();
    const harmony = await this.#harmonyStage(rhythm, notes);
    const sections = await this.#sectionsStage(rhythm, harmony);
    this.#env.onProgress(AnalysisStage.Cues, 0);
    await this.#stages.checkpoint();
    const result = this.#assemble(decode, stems, notes, rhythm, harmony, sections);
    await this.#stages.store(resultRef, 'analysis', result);
    this.#env.onProgress(AnalysisStage.Cues, 100);
    this.#outcomes.push({ stage: AnalysisStage.Cues, outcome: 'done', cached: false });
    return { type: 'completed', resultRef, stages: this.#outcomes };
  }

  #answerFromCache(resultRef: string, result: AnalysisResult): PipelineOutcome {
    const stages = Object.values(AnalysisStage).map((stage): StageOutcome => {
      this.#env.onProgress(stage, 100, true);
      const fallback = result.fallbacks.find((entry) => entry.stage === stage);
      return fallback ? { stage, outcome: 'fallback', reason: fallback.reason, cached: true } : { stage, outcome: 'done', cached: true };
    });
    return { type: 'completed', resultRef, stages };
  }

  /** Looks a stage up in the cache; on a hit reports it cached and records the outcome. */
  async #cached<T>(stage: AnalysisStage, lookup: () => Promise<T | undefined>): Promise<T | undefined> {
    const value = await lookup();
    if (value === undefined) return undefined;
    this.#env.onProgress(stage, 100, true);
    this.#outcomes.push({ stage, outcome: 'done', cached: true });
    return value;
  }

  /** Like #cached, for stages whose stored value may record that they fell back (`fallbackReason` or `reason`). */
  async #cachedMaybeFallback<T extends { fallbackReason?: string; reason?: string; source?: string }>(stage: AnalysisStage, lookup: () => Promise<T | undefined>): Promise<T | undefined> {
    const value = await lookup();
    if (value === undefined) return undefined;
    this.#env.onProgress(stage, 100, true);
    const reason = value.fallbackReason ?? (value.source !== undefined && value.source !== 'model' ? value.reason : undefined);
    this.#outcomes.push(reason ? { stage, outcome: 'fallback', reason, cached: true } : { stage, outcome: 'done', cached: true });
    return value;
  }

  #finished(stage: AnalysisStage): void {
    this.#env.onProgress(stage, 100);
    this.#outcomes.push({ stage, outcome: 'done', cached: false });
  }

  #segmentKey(stage: AnalysisStage): SegmentKey {
    const userModels = stage === AnalysisStage.Decode ? {} : this.#userModels;
    return (index) => analysisSegmentKey(this.#env.inputDigest, stage, index, userModels);
  }

  /**
   * Decode: the file streams through the decoder and resampler into the mono
   * analysis copy (kept) and its one-minute segments (cached, so a resumed job
   * skips decoding). The stereo image is not kept: the stems stage decodes
   * the file again rather than hold 635 MB of stereo for an hour.
   */
  async #decodeStage(): Promise<DecodeStage> {
    const stage = AnalysisStage.Decode;
    const hit = await this.#cached(stage, async () => {
      const found = await this.#stages.read(stage, DecodeStageSchema, []);
      if (!found) return undefined;
      const mono = await readSegmentedTrack(this.#env.cache, this.#segmentKey(stage), found.result.analysisCopy, MONO_TRACK);
      if (!mono) return undefined;
      this.#mono = mono;
      return found.result;
    });
    if (hit) return (this.#decode = hit);
    this.#env.onProgress(stage, 0);
    const input = await this.#env.openInput();
    const pulled = { bytes: 0 };
    const stream = await openAudioStream(countedPieces(input.pieces, pulled));
    const writer = new SegmentWriter(this.#env.cache, this.#segmentKey(stage), [MONO_TRACK], ANALYSIS_RATE);
    let reserved = false;
    let converter: ChannelResampler | undefined;
    let collector: SampleCollector | undefined;
    let sourceRate = 0;
    let sourceFrames = 0;
    const take = async (channels: Float32Array[]): Promise<void> => {
      const mono = mixToMono(channels);
      collector?.add(mono);
      await writer.push({ [MONO_TRACK]: mono });
    };
    for await (const chunk of stream.chunks) {
      const channels = chunk.channels.slice(0, 2);
      if (!converter || !collector) {
        converter = new ChannelResampler(chunk.sampleRate, ANALYSIS_RATE, channels.length);
        const expected = stream.expectedFrames;
        collector = new SampleCollector(expected === null ? null : Resampler.outputLength(expected, chunk.sampleRate, ANALYSIS_RATE));
      }
      sourceRate = chunk.sampleRate;
      sourceFrames += channels[0]?.length ?? 0;
      await take(converter.push(channels));
      if (!reserved && stream.expectedFrames === null && pulled.bytes >= ESTIMATE_AFTER_BYTES) {
        // MP3/Ogg headers give no length: estimate it from the bytes read so far, so the copy is
        // allocated once instead of joined from blocks at the end (2x its size for a moment).
        reserved = true;
        const estimate = (sourceFrames * input.byteLength * LENGTH_ESTIMATE_MARGIN) / pulled.bytes;
        collector.reserve(Resampler.outputLength(Math.ceil(estimate), chunk.sampleRate, ANALYSIS_RATE));
      }
      const expected = stream.expectedFrames;
      this.#env.onProgress(stage, expected ? Math.min(99, (100 * sourceFrames) / expected) : 50);
      await this.#stages.checkpoint();
    }
    if (!converter || !collector || sourceFrames === 0) throw new PipelineError('no-audio', 'This recording holds no audio at all (zero samples). Check that it plays, then drop it again.');
    await take(converter.flush());
    const { layout, stored } = await writer.finish();
    this.#mono = collector.result();
    const result: DecodeStage = { format: stream.format, duration: sourceFrames / sourceRate, sourceRate, channels: converter.channelCount, warnings: [...stream.warnings], analysisCopy: layout };
    // A track with a segment missing would be a miss anyway: only a whole one marks the stage cached.
    if (stored) await this.#stages.write(stage, result);
    this.#finished(stage);
    return (this.#decode = result);
  }

  #monoCopy(): Float32Array {
    if (!this.#mono) throw new PipelineError('analysis-error', 'The analysis lost its decoded audio between stages. Retry the job.');
    return this.#mono;
  }

  /**
   * The stems stage's input at 22.05 kHz, block by block: the file decoded
   * again for a stereo recording (the centre stem needs both sides), the
   * analysis copy for a mono one, or when the stored recording is gone.
   */
  async *#stemInput(decode: DecodeStage): AsyncGenerator<Float32Array[]> {
    let input: InputStream | undefined;
    if (decode.channels === 2) {
      try {
        input = await this.#env.openInput();
      } catch (error) {
        if (!(error instanceof InputMissingError)) throw error;
      }
    }
    if (!input) {
      const mono = this.#monoCopy();
      for (let at = 0; at < mono.length; at += CHUNK) yield [mono.subarray(at, at + CHUNK)];
      return;
    }
    const stream = await openAudioStream(input.pieces);
    let converter: ChannelResampler | undefined;
    for await (const chunk of stream.chunks) {
      converter ??= new ChannelResampler(chunk.sampleRate, ANALYSIS_RATE, 2);
      yield converter.push(chunk.channels.slice(0, 2));
    }
    if (converter) yield converter.flush();
  }

  async #stemsStage(decode: DecodeStage): Promise<StemsStage> {
    const stage = AnalysisStage.Stems;
    const segments = this.#segmentKey(stage);
    const hit = await this.#cachedMaybeFallback(stage, async () => {
      const found = await this.#stages.read(stage, StemsStageSchema, []);
      return found && (await segmentsPresent(this.#env.cache, segments, found.result.audio, found.result.names)) ? found.result : undefined;
    });
    if (hit) {
      this.#stemModel = hit.model;
      return hit;
    }
    this.#env.onProgress(stage, 0);
    let fallbackReason: string | undefined;
    const model = this.#env.stemSeparator;
    let stored: { result: StemsStage; stored: boolean } | undefined;
    if (model && this.#env.fallbackStages.includes(stage)) {
      fallbackReason = `The stem model ${model.label} took too long, so the built-in stems were used.`;
    } else if (model) {
      try {
        stored = await this.#modelStems(model, decode);
        this.#stemModel = model.label;
      } catch (error) {
        if (error instanceof AnalysisCancelled) throw error;
        fallbackReason = `The stem model ${model.label} failed (${error instanceof Error ? error.message : String(error)}), so the built-in stems were used.`.slice(0, 500);
      }
    }
    stored ??= await this.#dspStems(decode);
    const result: StemsStage = { ...stored.result, ...(this.#stemModel ? { model: this.#stemModel } : {}), ...(fallbackReason ? { fallbackReason } : {}) };
    if (stored.stored) await this.#stages.write(stage, result);
    this.#env.onProgress(stage, 100);
    this.#outcomes.push(fallbackReason === undefined ? { stage, outcome: 'done', cached: false } : { stage, outcome: 'fallback', reason: fallbackReason, cached: false });
    return result;
  }

  /** Streams stems into their segments, metering activity (the notes stage reads them back segment by segment). */
  #stemSink(names: readonly string[]): { take(block: Record<string, Float32Array>): Promise<void>; finish(): Promise<{ result: StemsStage; stored: boolean }> } {
    const meter = new StemActivityMeter(ANALYSIS_RATE, names);
    const writer = new SegmentWriter(this.#env.cache, this.#segmentKey(AnalysisStage.Stems), names, ANALYSIS_RATE);
    return {
      take: async (block) => {
        meter.push(block);
        await writer.push(block);
      },
      finish: async () => {
        const { layout, stored } = await writer.finish();
        const activity = meter.finish();
        const activeShare = Object.fromEntries(
          names.map((name) => {
            const windows = activity.active[name] ?? new Uint8Array(0);
            const on = windows.reduce((sum, value) => sum + value, 0);
            return [name, windows.length === 0 ? 0 : on / windows.length];
          })
        );
        return { result: { names: [...names], activeShare, audio: layout }, stored };
      }
    };
  }

  /** The built-in median-filter stems, streamed block by block. */
  async #dspStems(decode: DecodeStage): Promise<{ result: StemsStage; stored: boolean }> {
    const stage = AnalysisStage.Stems;
    const total = Math.max(1, this.#monoCopy().length);
    const sink = this.#stemSink(STEM_NAMES);
    let separator: DspStemSeparator | undefined;
    let done = 0;
    for await (const channels of this.#stemInput(decode)) {
      separator ??= new DspStemSeparator(ANALYSIS_RATE, channels.length === 2 ? 2 : 1);
      await sink.take(separator.push(channels) as Record<StemName, Float32Array>);
      done += channels[0]?.length ?? 0;
      this.#env.onProgress(stage, Math.min(99, (100 * done) / total));
      await this.#stages.checkpoint();
    }
    if (separator) await sink.take(separator.flush());
    return sink.finish();
  }

  /**
   * The user's stem model over the whole recording (it cuts it into
   * overlapping segments itself). The model needs the whole mix at once, so
   * this path holds the stereo input and the stems: a user's choice, heavier
   * than the built-in streaming stems.
   */
  async #modelStems(model: StemSeparatorModel, decode: DecodeStage): Promise<{ result: StemsStage; stored: boolean }> {
    const blocks: Float32Array[][] = [];
    for await (const channels of this.#stemInput(decode)) blocks.push(channels.map((channel) => channel.slice()));
    const channelCount = Math.max(1, ...blocks.map((block) => block.length));
    const mix = Array.from({ length: channelCount }, (_, c) => joinBlocks(blocks.map((block) => block[c] ?? block[0]!)));
    blocks.length = 0;
    const stems = await model.separate(
      mix,
      ANALYSIS_RATE,
      (fraction) => this.#env.onProgress(AnalysisStage.Stems, Math.min(99, fraction * 100)),
      () => this.#stages.checkpoint()
    );
    const length = mix[0]?.length ?? 0;
    if (stems.length !== model.stemNames.length || stems.some((stem) => stem.length !== length)) {
      throw new Error(`it returned ${stems.length} stems for ${model.stemNames.length} names, or stems of the wrong length`);
    }
    const sink = this.#stemSink(model.stemNames);
    for (let at = 0; at < length; at += CHUNK) {
      await sink.take(Object.fromEntries(model.stemNames.map((name, index) => [name, stems[index]!.subarray(at, at + CHUNK)])));
      await this.#stages.checkpoint();
    }
    return sink.finish();
  }

  /** Which of `names` the stems stage left whole in the cache (a refused write leaves none). */
  async #storedStems(stems: StemsStage, names: readonly string[]): Promise<string[]> {
    const present = names.filter((name) => stems.names.includes(name));
    if (present.length === 0) return [];
    return (await segmentsPresent(this.#env.cache, this.#segmentKey(AnalysisStage.Stems), stems.audio, present)) ? present : [];
  }

  /**
   * The recording one stretch at a time (a cache segment: a minute), as the
   * notes stage reads it: the named stems from their segments, and the mix
   * (the analysis copy) alongside. Never more than a minute of each at once.
   */
  async *#stretches(stems: StemsStage, names: readonly string[]): AsyncGenerator<{ stems: Record<string, Float32Array>; mix: Float32Array }> {
    const mono = this.#monoCopy();
    const segments = this.#segmentKey(AnalysisStage.Stems);
    const step = names.length > 0 ? stems.audio.segmentFrames : 60 * ANALYSIS_RATE;
    for (let from = 0; from < mono.length; from += step) {
      const to = Math.min(mono.length, from + step);
      const read: Record<string, Float32Array> = {};
      for (const name of names) {
        const block = await readSegmentedTrack(this.#env.cache, segments, stems.audio, name, from, to);
        if (!block) throw new PipelineError('analysis-error', 'The stems vanished from the cache while the notes were being found. Retry the job.');
        read[name] = block;
      }
      yield { stems: read, mix: mono.subarray(from, to) };
    }
  }

  /** Notes progress over the whole recording (the analysis copy's length). */
  #notesProgress(done: number): void {
    this.#env.onProgress(AnalysisStage.Notes, Math.min(99, (100 * done) / Math.max(1, this.#monoCopy().length)));
  }

  #recordingSeconds(): number {
    return this.#decode?.duration ?? this.#monoCopy().length / ANALYSIS_RATE;
  }

  async #notesStage(stems: StemsStage): Promise<NotesStage> {
    const stage = AnalysisStage.Notes;
    const hit = await this.#cachedMaybeFallback(stage, () => this.#stages.read(stage, NotesStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    if (this.#env.fallbackStages.includes(stage)) return this.#fallbackNotes(stems, 'The note model took too long');
    const open = this.#env.openNoteStream;
    if (!open) return this.#fallbackNotes(stems, 'The note model is not available in this browser');
    const notes: TranscribedNote[] = [];
    const checkpoint = () => this.#stages.checkpoint();
    try {
      const stream = await open();
      // The harmonic stem (bass + other); the mix when a user's stem model made none or the stems are gone.
      const [harmonic] = await this.#storedStems(stems, ['harmonic']);
      let done = 0;
      for await (const stretch of this.#stretches(stems, harmonic ? [harmonic] : [])) {
        const audio = harmonic ? stretch.stems[harmonic]! : stretch.mix;
        for (let at = 0; at < audio.length; at += NOTE_BLOCK) {
          const block = audio.subarray(at, at + NOTE_BLOCK);
          notes.push(...(await stream.push(block, checkpoint)));
          done += block.length;
          this.#notesProgress(done);
          await checkpoint();
        }
      }
      notes.push(...(await stream.finish(checkpoint)));
    } catch (error) {
      if (error instanceof AnalysisCancelled) throw error;
      return this.#fallbackNotes(stems, `The note model could not run (${error instanceof Error ? error.message : String(error)})`.slice(0, 300));
    }
    await checkpoint();
    const result: NotesStage = { source: 'model', coveredSeconds: this.#recordingSeconds(), count: notes.length, notes: storedNotes(notes) };
    await this.#stages.write(stage, result);
    this.#finished(stage);
    return result;
  }

  /**
   * Monophonic pitch tracking on the bass and centre stems over the whole
   * recording, streamed: fewer notes, lower confidence, but the job still has
   * notes (cached with the reason, so the panel can draw them and a resumed
   * job still says it fell back).
   */
  async #fallbackNotes(stems: StemsStage, why: string): Promise<NotesStage> {
    const stage = AnalysisStage.Notes;
    const done = async (result: Omit<NotesStage, 'reason'>, reason: string): Promise<NotesStage> => {
      const stored: NotesStage = { ...result, reason };
      await this.#stages.write(stage, stored);
      this.#env.onProgress(stage, 100);
      this.#outcomes.push({ stage, outcome: 'fallback', reason, cached: false });
      return stored;
    };
    try {
      const present = await this.#storedStems(stems, ['bass', 'centre', 'vocals']);
      const { tracks, melodyFrom } = fallbackTracks(present);
      const transcriber = new MonophonicStemsTranscriber(tracks, ANALYSIS_RATE);
      let covered = 0;
      for await (const stretch of this.#stretches(stems, present)) {
        const bass = stretch.stems['bass'];
        let melody = stretch.mix;
        if (melodyFrom === 'centre') {
          // The bass usually sits in the centre too and would win the pitch track: take the (DSP) bass band out.
          melody = stretch.stems['centre']!.slice();
          if (bass) for (let i = 0; i < melody.length; i++) melody[i] = melody[i]! - (bass[i] ?? 0);
        } else if (melodyFrom === 'vocals') melody = stretch.stems['vocals']!;
        transcriber.push([bass ?? stretch.mix, melody]);
        covered += stretch.mix.length;
        this.#notesProgress(covered);
        await this.#stages.checkpoint();
      }
      const notes = transcriber.finish();
      const tracked = [...new Set(tracks.map((track) => track.name))].join(' and ');
      return done(
        { source: 'dsp', coveredSeconds: this.#recordingSeconds(), count: notes.length, notes: storedNotes(notes) },
        `${why}, so notes come from the built-in pitch tracker on the ${tracked} (one note at a time, lower confidence).`.slice(0, 500)
      );
    } catch (error) {
      if (error instanceof AnalysisCancelled) throw error;
      const reason = `${why}, and the built-in pitch tracker failed too (${error instanceof Error ? error.message : String(error)}), so notes were skipped.`.slice(0, 500);
      return done({ source: 'skipped', coveredSeconds: 0, count: 0, notes: [] }, reason);
    }
  }

  async #rhythmStage(): Promise<RhythmStage> {
    const stage = AnalysisStage.Rhythm;
    const hit = await this.#cached(stage, () => this.#stages.read(stage, RhythmStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    const mono = this.#monoCopy();
    const analyser = new RhythmAnalyser(ANALYSIS_RATE);
    for (let at = 0; at < mono.length; at += CHUNK) {
      analyser.push(mono.subarray(at, at + CHUNK));
      this.#env.onProgress(stage, Math.min(90, (90 * (at + CHUNK)) / Math.max(1, mono.length)));
      await this.#stages.checkpoint();
    }
    const rhythm = analyser.finish();
    if (rhythm.beats.length < 4 || !(rhythm.bpm > 0)) {
      throw new PipelineError('no-beat', 'Bandroom found no steady beat in this recording (is it silent, or speech only?), so it cannot place bars and sections.');
    }
    const result: RhythmStage = { bpm: rhythm.bpm, confidence: clamp01(rhythm.tempoConfidence), beats: rhythm.beats, downbeats: rhythm.downbeats };
    await this.#stages.write(stage, result);
    this.#finished(stage);
    return result;
  }

  async #chromagram(): Promise<Chromagram> {
    this.#chroma ??= computeChromagram(this.#monoCopy(), ANALYSIS_RATE);
    return this.#chroma;
  }

  /**
   * Key and chords, from the audio chroma blended with the chroma of Basic
   * Pitch's notes (not the fallback's: one bass and one melody line name no
   * chord).
   */
  async #harmonyStage(rhythm: RhythmStage, notes: NotesStage): Promise<HarmonyStage> {
    const stage = AnalysisStage.Harmony;
    const hit = await this.#cached(stage, () => this.#stages.read(stage, HarmonyStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    const audio = await this.#chromagram();
    const chroma = notes.source === 'model' && notes.notes.length > 0 ? blendChroma(audio, noteChroma(notes.notes, audio), NOTE_CHROMA_WEIGHT) : audio;
    this.#env.onProgress(stage, 50);
    await this.#stages.checkpoint();
    const key = estimateKey(chroma);
    const chords = estimateChords(beatSynchronous(chroma, rhythm.beats));
    const candidate = ({ tonic, mode, label, correlation }: typeof key.runnerUp) => ({ tonic, mode, label, correlation: Math.max(-1, Math.min(1, correlation)) });
    const result: HarmonyStage = {
      key: { ...candidate(key), confidence: clamp01(key.confidence), runnerUp: candidate(key.runnerUp) },
      chords: chords.map((chord) => ({ ...chord, confidence: clamp01(chord.confidence) }))
    };
    await this.#stages.write(stage, result);
    this.#finished(stage);
    return result;
  }

  async #sectionsStage(rhythm: RhythmStage, harmony: HarmonyStage): Promise<SectionsStage> {
    const stage = AnalysisStage.Sections;
    const hit = await this.#cached(stage, () => this.#stages.read(stage, SectionsStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    const chroma = await this.#chromagram();
    await this.#stages.checkpoint();
    const estimate = estimateSections(this.#monoCopy(), ANALYSIS_RATE, chroma, chroma.layout.hop, { beats: rhythm.beats });
    const sections = estimate.sections.map((section) => ({ ...section, labelConfidence: clamp01(section.labelConfidence), boundaryConfidence: clamp01(section.boundaryConfidence) }));
    // A section too short to judge keeps the song's key rather than a guess from a few chords.
    const keys = sections.map((section) => (section.end - section.start >= 8 ? estimateKey(chroma, { from: section.start, to: section.end }).label : harmony.key.label));
    const result: SectionsStage = { sections, keys };
    await this.#stages.write(stage, result);
    this.#finished(stage);
    return result;
  }

  #assemble(decode: DecodeStage, stems: StemsStage, notes: NotesStage, rhythm: RhythmStage, harmony: HarmonyStage, sections: SectionsStage): AnalysisResult {
    const cues = assembleRehearsalCues({
      duration: decode.duration,
      rhythm: { bpm: rhythm.bpm, beats: rhythm.beats, downbeats: rhythm.downbeats, confidence: rhythm.confidence, source: 'dsp' },
      key: { estimate: { label: harmony.key.label, confidence: harmony.key.confidence, runnerUp: { ...harmony.key.runnerUp, tonic: harmony.key.runnerUp.tonic as PitchClass } }, source: 'dsp' },
      chords: { segments: harmony.chords, source: 'dsp' },
      sections: { sections: sections.sections, keys: sections.keys, source: 'dsp' }
    });
    const fallbacks = this.#outcomes.flatMap((outcome) => (outcome.outcome === 'fallback' ? [{ stage: outcome.stage, reason: outcome.reason }] : []));
    return {
      version: ANALYSIS_RESULT_VERSION,
      cues,
      summary: {
        duration: decode.duration,
        format: decode.format,
        bpm: rhythm.bpm,
        key: harmony.key.label,
        chordSegments: harmony.chords.length,
        sections: sections.sections.length,
        notes: notes.count,
        notesSource: notes.source,
        ...(stems.model ? { stemModel: stems.model } : {}),
        ...(Object.keys(this.#userModels).length > 0 ? { userModels: this.#userModels } : {}),
        stems: stems.names,
        stemActivity: stems.activeShare,
        warnings: decode.warnings
      },
      fallbacks
    };
  }
}

/**
 * What the fallback tracks: the bass stem (or the mix) for the low line, and a
 * melody from the centre stem (minus the bass), a stem model's vocals, or the mix.
 */
function fallbackTracks(names: readonly string[]): { tracks: FallbackTrack[]; melodyFrom: 'centre' | 'vocals' | 'mix' } {
  const melodyFrom = names.includes('centre') ? 'centre' : names.includes('vocals') ? 'vocals' : 'mix';
  return { tracks: [{ name: names.includes('bass') ? 'bass' : 'mix', role: 'bass' }, { name: melodyFrom, role: 'melody' }], melodyFrom };
}

function storedNotes(notes: readonly (TranscribedNote & { stem?: string })[]): NotesStage['notes'] {
  return notes.slice(0, MAX_STORED_NOTES).map((note) => ({
    start: Math.max(0, note.startSeconds),
    duration: Math.max(0, note.durationSeconds),
    pitch: Math.round(note.pitchMidi),
    confidence: Math.min(1, Math.max(0, note.confidence)),
    ...(note.stem === undefined ? {} : { stem: note.stem })
  }));
}

/** The file in 64 KB pieces, counting what the decoder has pulled. */
async function* countedPieces(pieces: ByteChunks, pulled: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces) {
    for (const part of bytePieces(piece, 64 * 1024)) {
      pulled.bytes += part.length;
      yield part;
    }
  }
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
