/**
 * The rehearsal-cue result as it is cached and read back: a valibot schema
 * with strict objects (unknown fields are rejected, so an entry written by a
 * different pipeline version is a cache miss, not a half-read). Every part
 * says how sure it is and where it came from, so the UI can flag the shaky
 * ones: 'model' (an ML model), 'dsp' (signal processing), 'fallback' (a
 * stage failed or timed out and a cruder estimate stands in).
 */
import * as v from 'valibot';

export const CUES_VERSION = 1;

const Seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const Confidence = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const Bar = v.pipe(v.number(), v.integer(), v.minValue(1));
const Bpm = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(400));
export const PartSourceSchema = v.picklist(['model', 'dsp', 'fallback']);

export const TempoPartSchema = v.strictObject({
  bpm: Bpm,
  beats: v.array(Seconds),
  downbeats: v.array(Seconds),
  beatsPerBar: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)),
  confidence: Confidence,
  source: PartSourceSchema
});

export const KeyPartSchema = v.strictObject({
  label: v.string(),
  runnerUp: v.string(),
  confidence: Confidence,
  source: PartSourceSchema
});

export const ChordSegmentSchema = v.strictObject({ start: Seconds, end: Seconds, label: v.string(), confidence: Confidence });

export const ChordPartSchema = v.strictObject({
  segments: v.array(ChordSegmentSchema),
  confidence: Confidence,
  source: PartSourceSchema
});

export const SectionCueSchema = v.strictObject({
  start: Seconds,
  end: Seconds,
  label: v.string(),
  startBar: Bar,
  bars: v.pipe(v.number(), v.integer(), v.minValue(0)),
  bpm: Bpm,
  key: v.string(),
  /** One chord label per bar, as a chart reads. */
  chordChart: v.array(v.string()),
  labelConfidence: Confidence,
  boundaryConfidence: Confidence
});

export const SectionPartSchema = v.strictObject({
  sections: v.array(SectionCueSchema),
  confidence: Confidence,
  source: PartSourceSchema
});

export const CueSchema = v.strictObject({
  time: Seconds,
  bar: Bar,
  kind: v.picklist(['count-in', 'section', 'key-change', 'tempo-drift']),
  text: v.string(),
  confidence: Confidence
});

export const RehearsalCuesSchema = v.strictObject({
  version: v.literal(CUES_VERSION),
  duration: Seconds,
  tempo: TempoPartSchema,
  key: KeyPartSchema,
  chords: ChordPartSchema,
  sections: SectionPartSchema,
  cues: v.array(CueSchema)
});

export type PartSource = v.InferOutput<typeof PartSourceSchema>;
export type SectionCue = v.InferOutput<typeof SectionCueSchema>;
export type Cue = v.InferOutput<typeof CueSchema>;
export type RehearsalCues = v.InferOutput<typeof RehearsalCuesSchema>;

/** Reads a cached value back; undefined (a cache miss) when it does not match the schema. */
export function readRehearsalCues(value: unknown): RehearsalCues | undefined {
  const result = v.safeParse(RehearsalCuesSchema, value);
  return result.success ? result.output : undefined;
}
