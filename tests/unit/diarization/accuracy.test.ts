// The whole core pipeline (real Silero VAD v5 → DSP embeddings → clustering →
// smoothing) on the espeak-ng fixtures, scored with our DER. The thresholds in
// pipeline.ts were calibrated on these same files, so these figures say the
// pipeline works as designed on clean synthetic voices, not how it does on a
// real rehearsal (ML-FACTS: DSP baselines land at 25–40 % on real chatter).
import { beforeAll, describe, expect, it } from 'vitest';
import { diarizationErrorRate } from '../../../workers/diarization/metrics/der.ts';
import { diarize, diarizeWithProbabilities } from '../../../workers/diarization/pipeline.ts';
import { readCachedResult } from '../../../workers/diarization/result-schema.ts';
import { runSileroVad, type VadSession } from '../../../workers/diarization/silero-vad.ts';
import type { DiarizationResult } from '../../../workers/diarization/types.ts';
import { ensureDiarizationFixtures, loadFixture, openSileroSession, ortTensors, type DiarizationFixture } from './silero-session.ts';

let session: VadSession;
const vadCache = new Map<string, Float32Array>();

beforeAll(async () => {
  ensureDiarizationFixtures();
  session = await openSileroSession();
}, 60_000);

/** VAD once per file (it is the slow stage); the rest of the pipeline runs per test. */
async function probabilities(fixture: DiarizationFixture): Promise<Float32Array> {
  const cached = vadCache.get(fixture.name);
  if (cached) return cached;
  const computed = await runSileroVad(session, ortTensors, fixture.audio);
  vadCache.set(fixture.name, computed);
  return computed;
}

async function diarizeFixture(fixture: DiarizationFixture, extra: { music?: boolean; speakerCount?: number } = {}): Promise<DiarizationResult> {
  return diarizeWithProbabilities(
    { audio: fixture.audio, music: extra.music === false ? [] : fixture.music, speakerCount: extra.speakerCount },
    await probabilities(fixture)
  );
}

function report(fixture: DiarizationFixture, result: DiarizationResult): { forgiving: number; strict: number; countError: number } {
  const forgiving = diarizationErrorRate(fixture.reference, result.turns, { collar: 0.25 });
  const strict = diarizationErrorRate(fixture.reference, result.turns, { collar: 0 });
  console.log(
    `DER ${fixture.name}: collar 0.25 ${(forgiving.der * 100).toFixed(1)} % ` +
      `(missed ${forgiving.missed.toFixed(2)} s, false alarm ${forgiving.falseAlarm.toFixed(2)} s, confusion ${forgiving.confusion.toFixed(2)} s ` +
      `of ${forgiving.referenceSpeech.toFixed(1)} s); collar 0 with overlap ${(strict.der * 100).toFixed(1)} %; ` +
      `speakers ${forgiving.hypothesisSpeakers} for ${forgiving.referenceSpeakers} (error ${forgiving.speakerCountError})`
  );
  return { forgiving: forgiving.der, strict: strict.der, countError: forgiving.speakerCountError };
}

describe('diarization accuracy on generated rehearsal talk', () => {
  for (const name of ['two-speakers', 'three-speakers', 'four-speakers']) {
    it(`finds who speaks when in ${name} with DER at most 10 % (collar 0.25 s)`, async () => {
      const fixture = loadFixture(name);
      const { forgiving, strict, countError } = report(fixture, await diarizeFixture(fixture));
      expect(forgiving).toBeLessThanOrEqual(0.1);
      // Collar 0 scores every boundary frame and the overlaps we never label twice.
      expect(strict).toBeLessThanOrEqual(0.2);
      expect(countError).toBe(0);
    }, 30_000);
  }

  it('keeps the speakers apart in 8 kHz telephone-band audio (bound: DER ≤ 10 % at collar 0.25)', async () => {
    const fixture = loadFixture('telephone-three-speakers');
    const { forgiving } = report(fixture, await diarizeFixture(fixture));
    expect(forgiving).toBeLessThanOrEqual(0.1);
  }, 30_000);

  it('runs end to end from samples and a session, and its result passes the cache schema', async () => {
    const fixture = loadFixture('two-speakers');
    const stages: number[] = [];
    const result = await diarize({ audio: fixture.audio, session, tensors: ortTensors, vad: { onProgress: (f) => stages.push(f) } });
    expect(result.speakers).toEqual(['S1', 'S2']);
    expect(stages[stages.length - 1]).toBe(1);
    expect(readCachedResult(JSON.parse(JSON.stringify(result)))).toEqual(result);
  }, 30_000);

  it('labels a single speaker as one speaker', async () => {
    const fixture = loadFixture('single-speaker');
    const result = await diarizeFixture(fixture);
    report(fixture, result);
    expect(result.speakers).toEqual(['S1']);
  }, 30_000);

  it('keeps one voice as one speaker over a minute and a half of different sentences', async () => {
    const fixture = loadFixture('single-speaker-long');
    const result = await diarizeFixture(fixture);
    report(fixture, result);
    expect(result.speakers).toEqual(['S1']);
  }, 30_000);

  it('reports no turns for a recording of room tone', async () => {
    const result = await diarizeFixture(loadFixture('silence-only'));
    expect(result.turns).toEqual([]);
    expect(result.regions.every((r) => r.kind === 'silence')).toBe(true);
  }, 30_000);

  it('finds no speech in music when the music map is given, and marks it as music', async () => {
    const fixture = loadFixture('music-only');
    const withMap = await diarizeFixture(fixture);
    const withoutMap = await diarizeFixture(fixture, { music: false });
    console.log(`music-only without a music map: ${withoutMap.turns.length} turns (Silero alone)`);
    expect(withMap.turns).toEqual([]);
    expect(withMap.regions.some((r) => r.kind === 'music')).toBe(true);
  }, 30_000);

  it('drops speech inside the music map and reports it as treated as music', async () => {
    const fixture = loadFixture('two-speakers');
    const first = fixture.reference[0];
    if (!first) throw new Error('two-speakers.rttm has no turns');
    const music = [{ start: first.start - 0.2, end: first.end + 0.2 }];
    const result = await diarizeWithProbabilities({ audio: fixture.audio, music }, await probabilities(fixture));
    expect(result.turns.some((t) => t.start < first.end && t.end > first.start)).toBe(false);
    expect(result.suppressedAsMusic.length).toBeGreaterThan(0);
    expect(result.suppressedAsMusic[0]?.start ?? 0).toBeGreaterThanOrEqual(music[0]?.start ?? 0);
  }, 30_000);

  it("follows the user's number of speakers over the automatic count", async () => {
    const result = await diarizeFixture(loadFixture('four-speakers'), { speakerCount: 2 });
    expect(result.speakers).toHaveLength(2);
  }, 30_000);
});
