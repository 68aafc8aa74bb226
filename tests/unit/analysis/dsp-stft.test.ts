import { describe, expect, it } from 'vitest';
import { FrameStream, OverlapAddStream } from '$workers/analysis/dsp/stft-stream';
import { istft, stft } from '$workers/analysis/dsp/stft';
import { concatFloat32, seededRandom } from '../../fixtures/analysis-signals';

function noise(length: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length }, () => random() * 2 - 1);
}

function maxError(a: Float32Array, b: Float32Array): number {
  let error = 0;
  for (let i = 0; i < a.length; i++) error = Math.max(error, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return error;
}

describe('STFT', () => {
  it.each([
    [1024, 256],
    [2048, 512],
    [512, 256]
  ])('reconstructs the signal exactly (size %i, hop %i)', (size, hop) => {
    const signal = noise(10_007, 3);
    const back = istft(stft(signal, size, hop), size, hop, signal.length);
    expect(maxError(signal, back)).toBeLessThan(1e-5);
  });

  it('finds a tone in the bin of its frequency', () => {
    const size = 1024;
    const signal = Float32Array.from({ length: 8192 }, (_, i) => Math.sin((2 * Math.PI * 64 * i) / size));
    const frame = stft(signal, size, 256)[10];
    const magnitude = Array.from(frame?.re ?? [], (re, k) => Math.hypot(re, frame?.im[k] ?? 0));
    expect(magnitude.indexOf(Math.max(...magnitude))).toBe(64);
    expect(magnitude.length).toBe(513);
  });

  it('streams frames and overlap-adds back to the same samples, chunk boundaries anywhere', () => {
    const size = 1024;
    const hop = 256;
    const signal = noise(20_000, 9);
    const frames = new FrameStream(size, hop);
    const ola = new OverlapAddStream(size, hop);
    const pieces: Float32Array[] = [];
    let count = 0;
    const onFrame = (spectrum: Parameters<OverlapAddStream['add']>[0]): void => {
      ola.add(spectrum);
      count++;
    };
    for (let at = 0, n = 100; at < signal.length; at += n, n = (n * 13) % 3001 + 1) {
      frames.push(signal.subarray(at, at + n), onFrame);
      pieces.push(ola.take());
    }
    frames.flush(onFrame);
    pieces.push(ola.finish(signal.length));
    expect(count).toBe(FrameStream.frameCount(signal.length, hop));
    const back = concatFloat32(pieces);
    expect(back.length).toBe(signal.length);
    expect(maxError(signal, back)).toBeLessThan(1e-5);
  });
});
