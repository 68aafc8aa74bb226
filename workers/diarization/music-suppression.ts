// Silero fires on singing and on some instruments. When the analysis has a
// music map for the same file, speech inside it is dropped, and what was
// dropped is reported so the UI can say "treated as music" instead of hiding it.
import { intersectRanges, mergeRanges, subtractRanges } from './intervals.ts';
import type { AudioRegion, TimeRange } from './types.ts';

export interface MusicSuppression {
  readonly speech: TimeRange[];
  /** The parts of VAD speech that fell inside music (or were left too short by it). */
  readonly treatedAsMusic: TimeRange[];
}

/** Removes `music` from `speech`; fragments shorter than `minSpeechSeconds` left at the edges go too. */
export function suppressMusic(speech: readonly TimeRange[], music: readonly TimeRange[], minSpeechSeconds: number): MusicSuppression {
  const remaining = subtractRanges(speech, music);
  const kept = remaining.filter((r) => r.end - r.start >= minSpeechSeconds);
  const shortScraps = remaining.filter((r) => r.end - r.start < minSpeechSeconds);
  return { speech: kept, treatedAsMusic: mergeRanges([...intersectRanges(speech, music), ...shortScraps]) };
}

/** The speech/music/silence map: speech wins over music, and silence is whatever is left. */
export function regionMap(durationSeconds: number, speech: readonly TimeRange[], music: readonly TimeRange[]): AudioRegion[] {
  const whole = [{ start: 0, end: durationSeconds }];
  const speechParts = intersectRanges(whole, speech).map((r) => ({ ...r, kind: 'speech' as const }));
  const musicParts = subtractRanges(intersectRanges(whole, music), speech).map((r) => ({ ...r, kind: 'music' as const }));
  const silence = subtractRanges(whole, [...speech, ...music]).map((r) => ({ ...r, kind: 'silence' as const }));
  return [...speechParts, ...musicParts, ...silence].sort((a, b) => a.start - b.start);
}
