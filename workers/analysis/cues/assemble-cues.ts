/**
 * Rehearsal cues from the analysis parts: sections placed on the bar grid with
 * their tempo, key and a chord per bar, and a cue list a band can rehearse
 * with ("bar 17: section B starts (G major)", "tempo drifts +4 BPM in section
 * C"). Pure assembly: every number here comes from an upstream estimate, and
 * each cue carries the confidence of the estimate it rests on.
 */
import type { ChordSegment } from '../harmony/chords';
import type { KeyEstimate } from '../harmony/key';
import type { Section } from '../structure/sections';
import { barAt, beatsPerBar, tempoBetween, tempoDrift, type BeatGrid } from './bar-grid';
import { CUES_VERSION, RehearsalCuesSchema, type Cue, type PartSource, type RehearsalCues, type SectionCue } from './rehearsal-cues-schema';
import * as v from 'valibot';

/** What the tempo/beat stage provides (built elsewhere); times in seconds. */
export interface RhythmInput extends BeatGrid {
  bpm: number;
  confidence: number;
  source: PartSource;
}

export interface CueInputs {
  duration: number;
  rhythm: RhythmInput;
  key: { estimate: Pick<KeyEstimate, 'label' | 'confidence' | 'runnerUp'>; source: PartSource };
  chords: { segments: readonly ChordSegment[]; source: PartSource };
  sections: {
    sections: readonly Section[];
    source: PartSource;
    /** Key label per section (e.g. from estimateKey with from/to); the global key when absent. */
    keys?: readonly string[];
  };
}

export interface CueOptions {
  /** Smallest within-section tempo change worth a cue (default 3 BPM: below it a band does not feel it). */
  driftBpm?: number;
}

export function assembleRehearsalCues(input: CueInputs, options: CueOptions = {}): RehearsalCues {
  const grid = input.rhythm;
  const meter = beatsPerBar(grid);
  const sections = input.sections.sections.map((section, i): SectionCue => {
    const startBar = barAt(grid, section.start);
    const endBar = i + 1 < input.sections.sections.length ? barAt(grid, section.end) : barAt(grid, input.duration) + 1;
    return {
      start: section.start,
      end: section.end,
      label: section.label,
      startBar,
      bars: Math.max(0, endBar - startBar),
      bpm: round1(tempoBetween(grid, section.start, section.end) ?? input.rhythm.bpm),
      key: input.sections.keys?.[i] ?? input.key.estimate.label,
      chordChart: chordChart(grid, input.chords.segments, section.start, section.end),
      labelConfidence: clamp01(section.labelConfidence),
      boundaryConfidence: clamp01(section.boundaryConfidence)
    };
  });
  const cues: Cue[] = [];
  const firstDownbeat = grid.downbeats[0];
  if (firstDownbeat !== undefined && input.rhythm.bpm > 0) {
    cues.push({ time: firstDownbeat, bar: 1, kind: 'count-in', text: `count-in: ${meter} beats at ${Math.round(input.rhythm.bpm)} BPM`, confidence: clamp01(input.rhythm.confidence) });
  }
  sections.forEach((section, i) => {
    const previous = sections[i - 1];
    cues.push({
      time: section.start,
      bar: section.startBar,
      kind: 'section',
      text: `bar ${section.startBar}: section ${section.label} starts (${section.key}), ${section.bars} bars`,
      confidence: Math.min(section.boundaryConfidence, section.labelConfidence)
    });
    if (previous && previous.key !== section.key) {
      cues.push({ time: section.start, bar: section.startBar, kind: 'key-change', text: `bar ${section.startBar}: key changes to ${section.key}`, confidence: clamp01(input.key.estimate.confidence) });
    }
    const drift = tempoDrift(grid, section.start, section.end);
    if (drift !== undefined && Math.abs(drift) >= (options.driftBpm ?? 3)) {
      const signed = `${drift > 0 ? '+' : '−'}${Math.round(Math.abs(drift))}`;
      cues.push({ time: section.start, bar: section.startBar, kind: 'tempo-drift', text: `tempo drifts ${signed} BPM in section ${section.label} (bar ${section.startBar})`, confidence: clamp01(input.rhythm.confidence) });
    }
  });
  const result: RehearsalCues = {
    version: CUES_VERSION,
    duration: input.duration,
    tempo: { bpm: round1(input.rhythm.bpm), beats: [...grid.beats], downbeats: [...grid.downbeats], beatsPerBar: meter, confidence: clamp01(input.rhythm.confidence), source: input.rhythm.source },
    key: { label: input.key.estimate.label, runnerUp: input.key.estimate.runnerUp.label, confidence: clamp01(input.key.estimate.confidence), source: input.key.source },
    chords: { segments: input.chords.segments.map((s) => ({ ...s, confidence: clamp01(s.confidence) })), confidence: durationWeightedConfidence(input.chords.segments), source: input.chords.source },
    sections: { sections, confidence: sectionConfidence(sections), source: input.sections.source },
    cues
  };
  // The result is cached: check it against the schema it will be read back with, so a bad upstream value fails here, by name.
  return v.parse(RehearsalCuesSchema, result);
}

/** One label per bar: the chord sounding longest in that bar ("N" when nothing is known). */
function chordChart(grid: BeatGrid, segments: readonly ChordSegment[], from: number, to: number): string[] {
  const bars = grid.downbeats.filter((t) => t >= from - 1e-3 && t < to - 1e-3);
  return bars.map((start) => {
    const next = grid.downbeats.find((t) => t > start + 1e-3) ?? to;
    const end = Math.min(next, to);
    let best = 'N';
    let longest = 0;
    for (const s of segments) {
      const overlap = Math.min(end, s.end) - Math.max(start, s.start);
      if (overlap > longest) {
        longest = overlap;
        best = s.label;
      }
    }
    return best;
  });
}

function durationWeightedConfidence(segments: readonly ChordSegment[]): number {
  let weighted = 0;
  let total = 0;
  for (const s of segments) {
    weighted += (s.end - s.start) * s.confidence;
    total += s.end - s.start;
  }
  return total > 0 ? clamp01(weighted / total) : 0;
}

/** The weakest link: a form is only as sure as its least certain boundary or label. */
function sectionConfidence(sections: readonly SectionCue[]): number {
  if (sections.length === 0) return 0;
  return Math.min(...sections.map((s) => Math.min(s.boundaryConfidence, s.labelConfidence)));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
