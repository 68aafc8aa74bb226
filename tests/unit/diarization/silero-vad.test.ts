import { beforeAll, describe, expect, it } from 'vitest';
import { runSileroVad, VAD_FRAME_SECONDS, type TensorFactory, type VadSession } from '../../../workers/diarization/silero-vad.ts';
import { ensureDiarizationFixtures, loadFixture, openSileroSession, ortTensors } from './silero-session.ts';

let session: VadSession;
beforeAll(async () => {
  ensureDiarizationFixtures();
  session = await openSileroSession();
}, 60_000);

describe('Silero VAD v5 frame runner', () => {
  it('hears speech where the fixture placed it and not in the pauses', async () => {
    const fixture = loadFixture('single-speaker');
    const probabilities = await runSileroVad(session, ortTensors, fixture.audio);
    expect(probabilities).toHaveLength(Math.ceil(fixture.audio.length / 512));
    const mean = (from: number, to: number): number => {
      const frames = probabilities.subarray(Math.ceil(from / VAD_FRAME_SECONDS), Math.floor(to / VAD_FRAME_SECONDS));
      return frames.reduce((sum, p) => sum + p, 0) / frames.length;
    };
    // Words have short gaps inside a turn, so compare averages, not single frames.
    const inside = fixture.reference.map((r) => mean(r.start, r.end));
    const pauses = fixture.reference.slice(1).map((r, i) => mean((fixture.reference[i]?.end ?? 0) + 0.1, r.start - 0.1));
    expect(Math.min(...inside)).toBeGreaterThan(0.6);
    expect(Math.max(...pauses)).toBeLessThan(0.2);
  }, 30_000);

  it('makes its three tensors once and reuses them for every frame', async () => {
    let made = 0;
    const counting: TensorFactory = {
      float32: (data, dims) => (made++, ortTensors.float32(data, dims)),
      int64: (data, dims) => (made++, ortTensors.int64(data, dims))
    };
    await runSileroVad(session, counting, new Float32Array(512 * 20));
    expect(made).toBe(3);
  });

  it('stops between frames when the job is cancelled', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const run = runSileroVad(session, ortTensors, new Float32Array(512 * 200), {
      signal: controller.signal,
      progressEveryFrames: 10,
      onProgress: (fraction) => {
        progress.push(fraction);
        if (progress.length === 2) controller.abort(new Error('cancelled by the user'));
      }
    });
    await expect(run).rejects.toThrow('cancelled by the user');
    expect(progress).toEqual([0.05, 0.1]);
  });

  it('names the model contract when a session returns something else', async () => {
    const wrong: VadSession = { run: async () => ({ output: { data: new Float32Array(1), dims: [1, 1] } }) };
    await expect(runSileroVad(wrong, ortTensors, new Float32Array(512))).rejects.toThrow(/Silero VAD v5/);
  });
});
