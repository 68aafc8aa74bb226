import * as v from 'valibot';
import { ChordSegmentSchema, RehearsalCuesSchema } from '../cues/rehearsal-cues-schema';
import { JobStageIdSchema } from '../../shared/job-protocol';
import { SegmentLayoutSchema } from './audio-segments';

/**
 * What each stage leaves in the cache (so a resumed job skips it) and the
 * final analysis result the Analysis panel reads. Every shape is strict: a
 * cached value that no longer fits is a miss and the stage runs again.
 * Nothing here holds the recording's file name.
 */
const Seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const Unit = v.pipe(v.number(), v.finite(), v.minValue(-1), v.maxValue(1));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const DecodeStageSchema = v.strictObject({
  format: v.string(),
  duration: Seconds,
  sourceRate: v.pipe(v.number(), v.minValue(1)),
  channels: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2)),
  warnings: v.array(v.string()),
  /** The mono 22.05 kHz analysis copy, stored in segments (track "mono"). */
  analysisCopy: SegmentLayoutSchema
});
export type DecodeStage = v.InferOutput<typeof DecodeStageSchema>;

export const StemsStageSchema = v.strictObject({
  names: v.array(v.string()),
  /** Share of half-second windows in which each stem plays, 0…1. */
  activeShare: v.record(v.string(), v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** The user-supplied stem model that made these stems; absent: the built-in DSP stems. */
  model: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Set when the stem model failed and the built-in stems stand in. */
  fallbackReason: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(500))),
  /** The stems themselves, stored in segments (one track per name). */
  audio: SegmentLayoutSchema
});
export type StemsStage = v.InferOutput<typeof StemsStageSchema>;

export const NoteSchema = v.strictObject({
  start: Seconds,
  duration: Seconds,
  pitch: v.pipe(v.number(), v.integer()),
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** The stem the note was heard in (the DSP fallback tracks bass and centre separately). */
  stem: v.optional(v.string())
});
/** model: Basic Pitch; dsp: the fallback pitch tracker (lower confidence); skipped: neither could run. */
export const NotesSourceSchema = v.picklist(['model', 'dsp', 'skipped']);
export const NotesStageSchema = v.strictObject({
  source: NotesSourceSchema,
  /** Seconds of the recording the notes cover: all of it (0 when notes were skipped). */
  coveredSeconds: Seconds,
  count: Count,
  notes: v.array(NoteSchema),
  /** Why the note model was not used (source dsp or skipped). */
  reason: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(500)))
});
export type NotesStage = v.InferOutput<typeof NotesStageSchema>;

export const RhythmStageSchema = v.strictObject({
  bpm: v.pipe(v.number(), v.finite(), v.minValue(0)),
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  beats: v.array(Seconds),
  downbeats: v.array(Seconds)
});
export type RhythmStage = v.InferOutput<typeof RhythmStageSchema>;

const KeyCandidateSchema = v.strictObject({ tonic: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(11)), mode: v.picklist(['major', 'minor']), label: v.string(), correlation: Unit });
export const HarmonyStageSchema = v.strictObject({
  key: v.strictObject({ ...KeyCandidateSchema.entries, confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)), runnerUp: KeyCandidateSchema }),
  chords: v.array(ChordSegmentSchema)
});
export type HarmonyStage = v.InferOutput<typeof HarmonyStageSchema>;

export const SectionsStageSchema = v.strictObject({
  sections: v.array(
    v.strictObject({
      start: Seconds,
      end: Seconds,
      label: v.string(),
      labelConfidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
      boundaryConfidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1))
    })
  ),
  keys: v.array(v.string())
});
export type SectionsStage = v.InferOutput<typeof SectionsStageSchema>;

export const ANALYSIS_RESULT_VERSION = 1;

export const AnalysisResultSchema = v.strictObject({
  version: v.literal(ANALYSIS_RESULT_VERSION),
  cues: RehearsalCuesSchema,
  summary: v.strictObject({
    duration: Seconds,
    format: v.string(),
    bpm: v.pipe(v.number(), v.finite(), v.minValue(0)),
    key: v.string(),
    chordSegments: Count,
    sections: Count,
    notes: Count,
    notesSource: NotesSourceSchema,
    stems: v.array(v.string()),
    /** The user-supplied stem model that made the stems; absent: the built-in DSP stems. */
    stemModel: v.optional(v.pipe(v.string(), v.maxLength(200))),
    /** The user models that shaped this analysis (slot → content hash): part of every cache key of its stems and later stages. */
    userModels: v.optional(v.record(v.pipe(v.string(), v.maxLength(64)), v.pipe(v.string(), v.maxLength(128)))),
    stemActivity: v.record(v.string(), v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
    warnings: v.array(v.string())
  }),
  /** Stages that took their simpler path, and why (shown as lower confidence). */
  fallbacks: v.array(v.strictObject({ stage: JobStageIdSchema, reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500)) }))
});
export type AnalysisResult = v.InferOutput<typeof AnalysisResultSchema>;
