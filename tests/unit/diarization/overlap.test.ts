// Overlapping speech on the fixtures that have it (two voices at once for
// 0.5–0.7 s where one speaker cuts in): the result must mark a stretch as
// overlapping there, and must not mark overlap all over single-voice talk.
import { beforeAll, describe, expect, it } from 'vitest';
import { intersectRanges, mergeRanges, totalSeconds } from '../../../workers/diarization/intervals.ts';
import { diarizeWithProbabilities } from '../../../workers/diarization/pipeline.ts';
import { runSileroVad, type VadSession } from '../../../workers/diarization/silero-vad.ts';
import type { TimeRange } from '../../../workers/diarization/types.ts';
import { ensureDiarizationFixtures, loadFixture, openSileroSession, ortTensors } from './silero-session.ts';

let session: VadSession;
beforeAll(async () => {
  ensureDiarizationFixtures();
  session = await openSileroSession();
}, 60_000);

/** Where two reference speakers talk at once. */
function referenceOverlaps(turns: readonly { start: number; end: number; speaker: string }[]): TimeRange[] {
  const out: TimeRange[] = [];
  turns.forEach((a, i) =>
    turns.slice(i + 1).forEach((b) => {
      if (a.speaker !== b.speaker && a.start < b.end && b.start < a.end) out.push({ start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) });
    })
  );
  return mergeRanges(out);
}

describe('overlapping speech', () => {
  for (const name of ['two-speakers', 'three-speakers', 'four-speakers']) {
    it(`is marked where two voices talk at once in ${name}`, async () => {
      const fixture = loadFixture(name);
      const result = await diarizeWithProbabilities({ audio: fixture.audio, music: fixture.music }, await runSileroVad(session, ortTensors, fixture.audio));
      const truth = referenceOverlaps(fixture.reference);
      // A marked stretch within half a second of the true overlap counts: the mark sits on the cut-in.
      const marked = result.turns.filter((t) => t.overlap).map((t) => ({ start: t.start - 0.5, end: t.end + 0.5 }));
      const found = truth.filter((o) => intersectRanges([o], marked).length > 0).length;
      const markedSeconds = totalSeconds(result.turns.filter((t) => t.overlap));
      const speech = totalSeconds(fixture.reference);
      console.log(`${name}: ${found} of ${truth.length} overlaps marked; ${markedSeconds.toFixed(1)} s marked of ${speech.toFixed(1)} s of speech`);
      expect(truth.length).toBeGreaterThan(0);
      expect(found / truth.length).toBeGreaterThanOrEqual(0.5);
      expect(markedSeconds / speech).toBeLessThan(0.15);
    }, 30_000);
  }
});
