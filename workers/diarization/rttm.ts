// RTTM, the diarization interchange format NIST and pyannote read:
// "SPEAKER <file> 1 <start> <duration> <NA> <NA> <speaker> <NA> <NA>", one turn a line.
import type { SpeakerTurn } from './types.ts';

export interface RttmSegment {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly speaker: string;
}

/** RTTM fields are space-separated, so spaces in names (a renamed "Sam — drums") become underscores. */
const field = (text: string): string => text.trim().replace(/\s+/g, '_') || '_';

export function formatRttm(fileId: string, turns: readonly Pick<SpeakerTurn, 'start' | 'end' | 'speaker'>[]): string {
  return turns
    .map((t) => `SPEAKER ${field(fileId)} 1 ${t.start.toFixed(3)} ${(t.end - t.start).toFixed(3)} <NA> <NA> ${field(t.speaker)} <NA> <NA>\n`)
    .join('');
}

/** Reads SPEAKER lines; other record types and comments (";;") are skipped, malformed SPEAKER lines are errors. */
export function parseRttm(text: string): RttmSegment[] {
  const segments: RttmSegment[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const parts = line.trim().split(/\s+/);
    if (parts[0] !== 'SPEAKER') return;
    const start = Number(parts[3]);
    const duration = Number(parts[4]);
    const speaker = parts[7];
    if (!Number.isFinite(start) || !Number.isFinite(duration) || duration < 0 || !speaker) {
      throw new Error(`RTTM line ${index + 1} is not "SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> ...": ${line}`);
    }
    segments.push({ file: parts[1] ?? '', start, end: start + duration, speaker });
  });
  return segments;
}
