import type { RehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import { stemPlays } from './section-levels';

/**
 * One row per section of the cue sheet, as a band rehearses it: where it
 * starts (bar), how long, key, tempo, the count-in to start there, the chord
 * chart, which stems come in or drop out against the section before, and
 * how much louder or softer it is. Levels come later than the analysis
 * (they are measured from the cached stems), so rows without them leave
 * those columns undefined rather than guessing.
 */
export interface MeasuredLevels {
  /** Whole-mix level per section, dBFS. */
  mix: number[];
  /** Each stem's level per section, dBFS. */
  stems: Record<string, number[]>;
}

export interface SectionSheetRow {
  index: number;
  label: string;
  start: number;
  end: number;
  startBar: number;
  bars: number;
  key: string;
  bpm: number;
  countIn: { beats: number; bpm: number };
  /** Chord labels, one per bar (analysis spelling: "A:min"). */
  chordChart: string[];
  /** Stems that play here; undefined until levels are measured. */
  playing: string[] | undefined;
  stemsIn: string[] | undefined;
  stemsOut: string[] | undefined;
  loudnessDb: number | undefined;
  /** Against the section before; undefined for the first one. */
  loudnessChangeDb: number | undefined;
}

export function sectionSheet(cues: RehearsalCues, stemOrder: readonly string[], levels?: MeasuredLevels): SectionSheetRow[] {
  const playingIn = (index: number): string[] | undefined => {
    const mixDb = levels?.mix[index];
    if (!levels || mixDb === undefined) return undefined;
    return stemOrder.filter((stem) => {
      const db = levels.stems[stem]?.[index];
      return db !== undefined && stemPlays(db, mixDb);
    });
  };
  return cues.sections.sections.map((section, index) => {
    const playing = playingIn(index);
    const before = index > 0 ? playingIn(index - 1) : [];
    const loudnessDb = levels?.mix[index];
    const previousDb = index > 0 ? levels?.mix[index - 1] : undefined;
    return {
      index,
      label: section.label,
      start: section.start,
      end: section.end,
      startBar: section.startBar,
      bars: section.bars,
      key: section.key,
      bpm: section.bpm,
      countIn: { beats: cues.tempo.beatsPerBar, bpm: Math.round(section.bpm) },
      chordChart: section.chordChart,
      playing,
      stemsIn: playing && before ? playing.filter((stem) => !before.includes(stem)) : undefined,
      stemsOut: playing && before ? before.filter((stem) => !playing.includes(stem)) : undefined,
      loudnessDb,
      loudnessChangeDb: loudnessDb !== undefined && previousDb !== undefined ? Math.round((loudnessDb - previousDb) * 10) / 10 : undefined
    };
  });
}

/** "+3.2 dB" / "−1.0 dB" / "±0 dB", for the sheet. */
export function signedDb(value: number): string {
  if (Math.abs(value) < 0.05) return '±0 dB';
  return `${value > 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} dB`;
}
