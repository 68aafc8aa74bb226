import type { StageOutcome } from '../../shared/job-protocol';
import type { ContentCache, StemAudio } from '../../../src/lib/storage/content-cache';
import { assembleRehearsalCues } from '../cues/assemble-cues';
import { openAudioStream } from '../decode/decode-stream';
import { ANALYSIS_RATE, mixToMono } from '../dsp/analysis-copy';
import { ChannelResampler } from '../dsp/channel-resampler';
import { beatSynchronous } from '../harmony/chroma-sequence';
import { estimateChords } from '../harmony/chords';
import { computeChromagram, type Chromagram } from '../harmony/chromagram';
import { estimateKey } from '../harmony/key';
import { transcribeMonophonicStems, type FallbackStem } from '../notes/dsp-note-fallback';
import type { PitchClass } from '../harmony/pitch-class';
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
import { AnalysisStage, analysisKey } from './analysis-stages';
import { AnalysisCancelled, joinBlocks, StageCache } from './stage-cache';

/** A note from the ML path, in seconds within the transcribed window. */
export interface TranscribedNote {
  startSeconds: number;
  durationSeconds: number;
  pitchMidi: number;
  confidence: number;
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
  /** The recording's bytes; rejects with InputMissingError when they are gone. */
  readInput(): Promise<Uint8Array>;
  /** Stages to run on their fallback path (the orchestrator saw their ML path time out). */
  fallbackStages: readonly string[];
  /** The ML notes path (Basic Pitch); absent when no model can run here. */
  transcribe?: (audio: Float32Array, onProgress: (fraction: number) => void) => Promise<TranscribedNote[]>;
  /** The user's stem model, when one is loaded; absent: the built-in DSP stems. */
  stemSeparator?: StemSeparatorModel;
  onProgress(stage: AnalysisStage, percent: number, cached?: boolean): void;
  isCancelled(): boolean;
  /** Seconds of the harmonic stem given to the note model (default 15: it runs ~1x real time in WASM). */
  notesWindowSeconds?: number;
}

export type PipelineOutcome = { type: 'completed'; resultRef: string; stages: StageOutcome[] } | { type: 'cancelled' };

const CHUNK = 65_536;
const MAX_STORED_NOTES = 2000;

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
  #mix: StemAudio | undefined;
  #harmonic: Float32Array | undefined;
  /** The stems the notes fallback tracks, cut to the notes window (small, unlike whole stems). */
  #fallbackStems: FallbackStem[] | undefined;
  #stemModel: string | undefined;
  #chroma: Chromagram | undefined;

  constructor(env: PipelineEnvironment) {
    this.#env = env;
    const userModels: Record<string, string> = env.stemSeparator ? { 'stem-separator': env.stemSeparator.id } : {};
    this.#stages = new StageCache(env.cache, env.inputDigest, env.isCancelled, userModels);
  }

  async run(): Promise<PipelineOutcome> {
    const resultRef = await analysisKey(this.#env.inputDigest, undefined, this.#stages.userModels);
    const done = await this.#env.cache.getResult(resultRef, AnalysisResultSchema);
    if (done.hit) return this.#answerFromCache(resultRef, done.value);

    const decode = await this.#decodeStage();
    const stems = await this.#stemsStage();
    const notes = await this.#notesStage();
    const rhythm = await this.#rhythmStage();
    const harmony = await this.#harmonyStage(rhythm);
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

  async #decodeStage(): Promise<DecodeStage> {
    const stage = AnalysisStage.Decode;
    const hit = await this.#cached(stage, async () => {
      const found = await this.#stages.read(stage, DecodeStageSchema, ['mix']);
      if (!found) return undefined;
      this.#mix = found.stems.mix;
      return found.result;
    });
    if (hit) return (this.#decode = hit);
    this.#env.onProgress(stage, 0);
    const stream = await openAudioStream(await this.#env.readInput());
    let converter: ChannelResampler | undefined;
    let sourceRate = 0;
    let sourceFrames = 0;
    const blocks: Float32Array[][] = [];
    for await (const chunk of stream.chunks) {
      const channels = chunk.channels.slice(0, 2);
      converter ??= new ChannelResampler(chunk.sampleRate, ANALYSIS_RATE, channels.length);
      sourceRate = chunk.sampleRate;
      sourceFrames += channels[0]?.length ?? 0;
      blocks.push(converter.push(channels).map((channel) => channel.slice()));
      const expected = stream.expectedFrames;
      this.#env.onProgress(stage, expected ? Math.min(99, (100 * sourceFrames) / expected) : 50);
      await this.#stages.checkpoint();
    }
    if (!converter || sourceFrames === 0) throw new PipelineError('no-audio', 'This recording holds no audio at all (zero samples). Check that it plays, then drop it again.');
    blocks.push(converter.flush());
    const channelCount = converter.channelCount;
    const mix: StemAudio = { sampleRate: ANALYSIS_RATE, channels: Array.from({ length: channelCount }, (_, c) => joinBlocks(blocks.map((block) => block[c] ?? new Float32Array(0)))) };
    const result: DecodeStage = { format: stream.format, duration: sourceFrames / sourceRate, sourceRate, channels: channelCount, warnings: [...stream.warnings] };
    await this.#stages.write(stage, result, { mix });
    this.#mix = mix;
    this.#finished(stage);
    return (this.#decode = result);
  }

  async #mixAudio(): Promise<StemAudio> {
    if (this.#mix) return this.#mix;
    const found = await this.#stages.read(AnalysisStage.Decode, DecodeStageSchema, ['mix']);
    if (found) return (this.#mix = found.stems.mix);
    // Evicted between stages: decode again without reporting (the stage already showed done).
    this.#mix = undefined;
    await this.#decodeStage();
    return this.#mix as unknown as StemAudio;
  }

  async #mono(): Promise<Float32Array> {
    return mixToMono((await this.#mixAudio()).channels);
  }

  async #stemsStage(): Promise<StemsStage> {
    const stage = AnalysisStage.Stems;
    const hit = await this.#cachedMaybeFallback(stage, () => this.#stages.read(stage, StemsStageSchema, []).then((found) => found?.result));
    if (hit) {
      this.#stemModel = hit.model;
      return hit;
    }
    this.#env.onProgress(stage, 0);
    const mix = await this.#mixAudio();
    let stems: Record<string, Float32Array> | undefined;
    let fallbackReason: string | undefined;
    const model = this.#env.stemSeparator;
    if (model && this.#env.fallbackStages.includes(stage)) {
      fallbackReason = `The stem model ${model.label} took too long, so the built-in stems were used.`;
    } else if (model) {
      try {
        stems = await this.#modelStems(model, mix);
        this.#stemModel = model.label;
      } catch (error) {
        if (error instanceof AnalysisCancelled) throw error;
        fallbackReason = `The stem model ${model.label} failed (${error instanceof Error ? error.message : String(error)}), so the built-in stems were used.`.slice(0, 500);
      }
    }
    stems ??= await this.#dspStems(mix);
    const names = Object.keys(stems);
    const meter = new StemActivityMeter(ANALYSIS_RATE, names);
    meter.push(stems);
    const activity = meter.finish();
    this.#harmonic = stems['harmonic'];
    this.#keepFallbackStems(stems);
    const activeShare = Object.fromEntries(
      names.map((name) => {
        const windows = activity.active[name] ?? new Uint8Array(0);
        const on = windows.reduce((sum, value) => sum + value, 0);
        return [name, windows.length === 0 ? 0 : on / windows.length];
      })
    );
    const result: StemsStage = { names, activeShare, ...(this.#stemModel ? { model: this.#stemModel } : {}), ...(fallbackReason ? { fallbackReason } : {}) };
    const audio = Object.fromEntries(names.map((name) => [name, { sampleRate: ANALYSIS_RATE, channels: [stems[name] as Float32Array] }]));
    await this.#stages.write(stage, result, audio);
    this.#env.onProgress(stage, 100);
    this.#outcomes.push(fallbackReason === undefined ? { stage, outcome: 'done', cached: false } : { stage, outcome: 'fallback', reason: fallbackReason, cached: false });
    return result;
  }

  /** The built-in median-filter stems, streamed in chunks. */
  async #dspStems(mix: StemAudio): Promise<Record<string, Float32Array>> {
    const stage = AnalysisStage.Stems;
    const channels = mix.channels;
    const length = channels[0]?.length ?? 0;
    const separator = new DspStemSeparator(ANALYSIS_RATE, channels.length === 2 ? 2 : 1);
    const parts: Record<StemName, Float32Array[]> = Object.fromEntries(STEM_NAMES.map((name) => [name, []])) as unknown as Record<StemName, Float32Array[]>;
    const take = (block: Record<StemName, Float32Array>): void => {
      for (const name of STEM_NAMES) parts[name].push(block[name].slice());
    };
    for (let at = 0; at < length; at += CHUNK) {
      take(separator.push(channels.map((channel) => channel.subarray(at, at + CHUNK))));
      this.#env.onProgress(stage, Math.min(99, (100 * (at + CHUNK)) / Math.max(1, length)));
      await this.#stages.checkpoint();
    }
    take(separator.flush());
    return Object.fromEntries(STEM_NAMES.map((name) => [name, joinBlocks(parts[name])]));
  }

  /** The user's stem model over the whole mix (it chunks internally with overlap-add). */
  async #modelStems(model: StemSeparatorModel, mix: StemAudio): Promise<Record<string, Float32Array>> {
    const stems = await model.separate(
      mix.channels,
      mix.sampleRate,
      (fraction) => this.#env.onProgress(AnalysisStage.Stems, Math.min(99, fraction * 100)),
      () => this.#stages.checkpoint()
    );
    const length = mix.channels[0]?.length ?? 0;
    if (stems.length !== model.stemNames.length || stems.some((stem) => stem.length !== length)) {
      throw new Error(`it returned ${stems.length} stems for ${model.stemNames.length} names, or stems of the wrong length`);
    }
    return Object.fromEntries(model.stemNames.map((name, index) => [name, stems[index] as Float32Array]));
  }

  /** Bass and a melody stem (centre, or vocals from a stem model), or the mix, cut to the notes window. */
  #keepFallbackStems(stems: Readonly<Record<string, Float32Array | undefined>>): void {
    const samples = Math.round(this.#notesWindowSeconds() * ANALYSIS_RATE);
    const cut = (audio: Float32Array): Float32Array => audio.slice(0, samples);
    const bass = stems['bass'];
    const centre = stems['centre'];
    const mix = (): Float32Array => cut(mixToMono(this.#mix?.channels ?? []));
    let melody: FallbackStem;
    if (centre) {
      // The bass usually sits in the centre too and would win the pitch track: take the (DSP) bass band out.
      const audio = cut(centre);
      if (bass) for (let i = 0; i < audio.length; i++) audio[i] = (audio[i] as number) - (bass[i] ?? 0);
      melody = { name: 'centre', audio, role: 'melody' };
    } else if (stems['vocals']) {
      melody = { name: 'vocals', audio: cut(stems['vocals']), role: 'melody' };
    } else {
      melody = { name: 'mix', audio: mix(), role: 'melody' };
    }
    this.#fallbackStems = [bass ? { name: 'bass', audio: cut(bass), role: 'bass' } : { name: 'mix', audio: mix(), role: 'bass' }, melody];
  }

  #notesWindowSeconds(): number {
    return Math.min(this.#env.notesWindowSeconds ?? 15, this.#decode?.duration ?? Infinity);
  }

  async #fallbackStemAudio(): Promise<FallbackStem[]> {
    if (this.#fallbackStems) return this.#fallbackStems;
    // A resumed job: the stems stage came from the cache.
    const found = await this.#stages.read(AnalysisStage.Stems, StemsStageSchema, []);
    const stems: Record<string, Float32Array> = {};
    for (const name of ['bass', 'centre', 'vocals']) {
      if (!found?.result.names.includes(name)) continue;
      const stem = await this.#stages.readStem(AnalysisStage.Stems, name);
      if (stem) stems[name] = stem.channels[0] ?? new Float32Array(0);
    }
    await this.#mixAudio();
    this.#keepFallbackStems(stems);
    return this.#fallbackStems ?? [];
  }

  async #harmonicStem(): Promise<Float32Array> {
    if (this.#harmonic) return this.#harmonic;
    const found = await this.#stages.read(AnalysisStage.Stems, StemsStageSchema, ['harmonic']);
    // The harmonic stem is the mix minus drums; without it the mix is a usable stand-in for notes.
    this.#harmonic = found?.stems.harmonic?.channels[0] ?? (await this.#mono());
    return this.#harmonic;
  }

  async #notesStage(): Promise<NotesStage> {
    const stage = AnalysisStage.Notes;
    const hit = await this.#cachedMaybeFallback(stage, () => this.#stages.read(stage, NotesStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    const windowSeconds = this.#notesWindowSeconds();
    if (this.#env.fallbackStages.includes(stage)) return this.#fallbackNotes(windowSeconds, 'The note model took too long');
    const transcribe = this.#env.transcribe;
    if (!transcribe) return this.#fallbackNotes(windowSeconds, 'The note model is not available in this browser');
    const audio = (await this.#harmonicStem()).subarray(0, Math.round(windowSeconds * ANALYSIS_RATE));
    let notes: TranscribedNote[];
    try {
      notes = await transcribe(audio, (fraction) => this.#env.onProgress(stage, Math.min(99, fraction * 100)));
    } catch (error) {
      if (error instanceof AnalysisCancelled) throw error;
      return this.#fallbackNotes(windowSeconds, `The note model could not run (${error instanceof Error ? error.message : String(error)})`.slice(0, 300));
    }
    await this.#stages.checkpoint();
    const result: NotesStage = { source: 'model', windowSeconds, count: notes.length, notes: storedNotes(notes) };
    await this.#stages.write(stage, result);
    this.#finished(stage);
    return result;
  }

  /**
   * Monophonic pitch tracking on the bass and centre stems: fewer notes, lower
   * confidence, but the job still has notes (cached with the reason, so the
   * panel can draw them and a resumed job still says it fell back).
   */
  async #fallbackNotes(windowSeconds: number, why: string): Promise<NotesStage> {
    const stage = AnalysisStage.Notes;
    const done = async (result: Omit<NotesStage, 'reason'>, reason: string): Promise<NotesStage> => {
      const stored: NotesStage = { ...result, reason };
      await this.#stages.write(stage, stored);
      this.#env.onProgress(stage, 100);
      this.#outcomes.push({ stage, outcome: 'fallback', reason, cached: false });
      return stored;
    };
    try {
      const stems = await this.#fallbackStemAudio();
      await this.#stages.checkpoint();
      const notes = transcribeMonophonicStems(stems, ANALYSIS_RATE);
      const tracked = [...new Set(stems.map((stem) => stem.name))].join(' and ');
      return done(
        { source: 'dsp', windowSeconds, count: notes.length, notes: storedNotes(notes) },
        `${why}, so notes come from the built-in pitch tracker on the ${tracked} (one note at a time, lower confidence).`.slice(0, 500)
      );
    } catch (error) {
      if (error instanceof AnalysisCancelled) throw error;
      const reason = `${why}, and the built-in pitch tracker failed too (${error instanceof Error ? error.message : String(error)}), so notes were skipped.`.slice(0, 500);
      return done({ source: 'skipped', windowSeconds: 0, count: 0, notes: [] }, reason);
    }
  }

  async #rhythmStage(): Promise<RhythmStage> {
    const stage = AnalysisStage.Rhythm;
    const hit = await this.#cached(stage, () => this.#stages.read(stage, RhythmStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    const mono = await this.#mono();
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
    this.#chroma ??= computeChromagram(await this.#mono(), ANALYSIS_RATE);
    return this.#chroma;
  }

  async #harmonyStage(rhythm: RhythmStage): Promise<HarmonyStage> {
    const stage = AnalysisStage.Harmony;
    const hit = await this.#cached(stage, () => this.#stages.read(stage, HarmonyStageSchema, []).then((found) => found?.result));
    if (hit) return hit;
    this.#env.onProgress(stage, 0);
    const chroma = await this.#chromagram();
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
    const estimate = estimateSections(await this.#mono(), ANALYSIS_RATE, chroma, chroma.layout.hop, { beats: rhythm.beats });
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
        stems: stems.names,
        ...(stems.model ? { stemModel: stems.model } : {}),
        stemActivity: stems.activeShare,
        warnings: decode.warnings
      },
      fallbacks
    };
  }
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

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
