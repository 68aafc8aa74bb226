/**
 * The timeline as positions: one lane per speaker, then a music lane and a
 * silence lane, every block placed as a share of the recording's length.
 * Seconds map to x the same way as the analysis waveform (x = seconds /
 * duration of the panel's width), so the two line up when both are shown at
 * the same width.
 */
import type { AudioRegion, TimeRange } from '$workers/diarization/types';
import type { EditedDiarization, EditedTurn } from './speaker-edits';

export interface PlacedBlock {
  /** Percent of the timeline width. */
  readonly left: number;
  readonly width: number;
}

export interface SpeakerLane {
  readonly kind: 'speaker';
  readonly id: string;
  readonly label: string;
  readonly colour: string;
  readonly turns: readonly (PlacedBlock & { readonly turn: EditedTurn; readonly index: number })[];
}

export interface RegionLane {
  readonly kind: 'music' | 'silence';
  readonly label: string;
  readonly blocks: readonly (PlacedBlock & TimeRange)[];
}

export type TimelineLane = SpeakerLane | RegionLane;

/** Eight colours that stay apart for common colour blindness (Okabe–Ito, then two more). */
export const SPEAKER_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#7f7f7f'];

export function placeRange(range: TimeRange, duration: number): PlacedBlock {
  if (!(duration > 0)) return { left: 0, width: 0 };
  const left = Math.min(100, Math.max(0, (range.start / duration) * 100));
  const right = Math.min(100, Math.max(left, (range.end / duration) * 100));
  return { left, width: right - left };
}

export function timelineLanes(edited: EditedDiarization, regions: readonly AudioRegion[], duration: number, suppressedAsMusic: readonly TimeRange[] = []): TimelineLane[] {
  const colourOf = new Map(edited.speakers.map((speaker, i) => [speaker.id, SPEAKER_COLOURS[i % SPEAKER_COLOURS.length] as string]));
  const speakers: SpeakerLane[] = edited.speakers.map((speaker) => ({
    kind: 'speaker',
    id: speaker.id,
    label: speaker.label,
    colour: colourOf.get(speaker.id) ?? '#7f7f7f',
    turns: edited.turns.flatMap((turn, index) => (turn.speaker === speaker.id ? [{ ...placeRange(turn, duration), turn, index }] : []))
  }));
  const blocks = (ranges: readonly TimeRange[]) => ranges.map((r) => ({ start: r.start, end: r.end, ...placeRange(r, duration) }));
  // Speech the VAD heard inside music is shown on the music lane: "treated as music", not hidden.
  const music = [...regions.filter((r) => r.kind === 'music'), ...suppressedAsMusic].sort((a, b) => a.start - b.start);
  return [
    ...speakers,
    { kind: 'music', label: 'Music', blocks: blocks(music) },
    { kind: 'silence', label: 'Silence', blocks: blocks(regions.filter((r) => r.kind === 'silence')) }
  ];
}

/** Ruler ticks at a round step giving about `target` marks. */
export function rulerTicks(duration: number, target = 8): { seconds: number; left: number; label: string }[] {
  if (!(duration > 0)) return [];
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800];
  const step = steps.find((s) => duration / s <= target) ?? 3600;
  const ticks = [];
  // A mark in the last 5 % would have its label cut off at the right edge.
  for (let t = 0; t <= duration + 1e-9; t += step) if (t === 0 || t / duration <= 0.95) ticks.push({ seconds: t, left: (t / duration) * 100, label: clock(t) });
  return ticks;
}

/** m:ss (h:mm:ss past an hour), with tenths when asked. */
export function clock(seconds: number, tenths = false): string {
  const total = Math.max(0, seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const sec = tenths ? s.toFixed(1).padStart(4, '0') : String(Math.floor(s)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
