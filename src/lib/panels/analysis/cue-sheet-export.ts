import * as v from 'valibot';
import type { RehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import type { SectionSheetRow } from './section-sheet';

/**
 * The cue sheet as a file a band can keep or feed to another tool: the
 * sections (with chord chart, stems in/out and loudness change), the cue
 * list and the song-wide tempo, key and count-in. The schema is strict and
 * the export is checked against it before it is offered, so a file we write
 * is always one we (and anyone with the schema) can read back.
 */
export const CUE_SHEET_FORMAT = 'bandroom-cue-sheet';
export const CUE_SHEET_VERSION = 1;

const Seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const Bar = v.pipe(v.number(), v.integer(), v.minValue(1));
const Bpm = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(400));
const Confidence = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const Decibels = v.pipe(v.number(), v.finite(), v.minValue(-200), v.maxValue(200));
const CountIn = v.strictObject({ beats: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)), bpm: Bpm });

export const CueSheetSchema = v.strictObject({
  format: v.literal(CUE_SHEET_FORMAT),
  version: v.literal(CUE_SHEET_VERSION),
  duration: Seconds,
  tempo: v.strictObject({ bpm: Bpm, beatsPerBar: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)), confidence: Confidence }),
  key: v.strictObject({ label: v.string(), runnerUp: v.string(), confidence: Confidence }),
  countIn: CountIn,
  sections: v.array(
    v.strictObject({
      label: v.pipe(v.string(), v.minLength(1)),
      start: Seconds,
      end: Seconds,
      startBar: Bar,
      bars: v.pipe(v.number(), v.integer(), v.minValue(0)),
      key: v.string(),
      bpm: Bpm,
      countIn: CountIn,
      chordChart: v.array(v.string()),
      stemsIn: v.array(v.string()),
      stemsOut: v.array(v.string()),
      loudnessDb: v.nullable(Decibels),
      loudnessChangeDb: v.nullable(Decibels)
    })
  ),
  cues: v.array(v.strictObject({ time: Seconds, bar: Bar, kind: v.picklist(['count-in', 'section', 'key-change', 'tempo-drift']), text: v.string(), confidence: Confidence }))
});
export type CueSheet = v.InferOutput<typeof CueSheetSchema>;

export function cueSheet(cues: RehearsalCues, rows: readonly SectionSheetRow[]): CueSheet {
  const sheet: CueSheet = {
    format: CUE_SHEET_FORMAT,
    version: CUE_SHEET_VERSION,
    duration: cues.duration,
    tempo: { bpm: cues.tempo.bpm, beatsPerBar: cues.tempo.beatsPerBar, confidence: cues.tempo.confidence },
    key: { label: cues.key.label, runnerUp: cues.key.runnerUp, confidence: cues.key.confidence },
    countIn: { beats: cues.tempo.beatsPerBar, bpm: Math.round(cues.tempo.bpm) },
    sections: rows.map((row) => ({
      label: row.label,
      start: row.start,
      end: row.end,
      startBar: row.startBar,
      bars: row.bars,
      key: row.key,
      bpm: row.bpm,
      countIn: row.countIn,
      chordChart: [...row.chordChart],
      stemsIn: row.stemsIn ?? [],
      stemsOut: row.stemsOut ?? [],
      loudnessDb: row.loudnessDb ?? null,
      loudnessChangeDb: row.loudnessChangeDb ?? null
    })),
    cues: cues.cues.map((cue) => ({ ...cue }))
  };
  // Refuse to hand out a file that its own schema would reject, and say which field.
  const checked = v.safeParse(CueSheetSchema, sheet);
  if (!checked.success) throw new Error(`The cue sheet could not be exported: ${checked.issues[0]?.message ?? 'invalid'} at ${v.getDotPath(checked.issues[0]!) ?? 'the top'}.`);
  return checked.output;
}

/** Reads a cue sheet file back (for tools and tests); a clear error names the first problem. */
export function readCueSheet(text: string): CueSheet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('This is not a cue sheet: the file is not JSON.');
  }
  const checked = v.safeParse(CueSheetSchema, value);
  if (!checked.success) throw new Error(`This is not a Bandroom cue sheet: ${checked.issues[0]?.message ?? 'invalid'} at ${v.getDotPath(checked.issues[0]!) ?? 'the top'}.`);
  return checked.output;
}
