import { describe, expect, it } from 'vitest';
import { ChannelResampler } from '$workers/analysis/dsp/channel-resampler';
import { resample, Resampler } from '$workers/analysis/dsp/resampler';
import { concatFloat32, dominantFrequency, sine, toneAmplitude } from '../../fixtures/analysis-signals';

const RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000];

describe('resampler', () => {
  it.each(RATES.flatMap((from) => [22050, 16000].map((to) => [from, to] as const)))('keeps a tone at its frequency from %i Hz to %i Hz', (from, to) => {
    const frequency = Math.min(from, to) * 0.2; // inside every pass band
    const out = resample(sine(frequency, 0.5, from), from, to);
    expect(out.length).toBe(Resampler.outputLength(Math.round(0.5 * from), from, to));
    const measured = dominantFrequency(out.subarray(1000, out.length - 1000), to, frequency - 20, frequency + 20);
    expect(Math.abs(measured - frequency)).toBeLessThan(0.05);
    expect(toneAmplitude(out, frequency, to, 1000, out.length - 1000)).toBeCloseTo(0.5, 2);
  });

  it.each([
    [44100, 22050, 13000],
    [48000, 22050, 12500],
    [96000, 16000, 9000],
    [44100, 16000, 8800]
  ])('rejects a tone above the new Nyquist by more than 80 dB (the floor asked for is 60) (%i → %i Hz, %i Hz tone)', (from, to, frequency) => {
    const out = resample(sine(frequency, 0.5, from), from, to);
    const alias = to - frequency; // where the tone would fold to
    const level = toneAmplitude(out, alias, to, 500, out.length - 500) / 0.5;
    const db = 20 * Math.log10(level + 1e-12);
    expect(db).toBeLessThan(-80);
  });

  it('keeps the pass band flat within 0.1 dB up to 80 % of the new Nyquist', () => {
    for (const frequency of [50, 1000, 4000, 8000, 8800]) {
      const out = resample(sine(frequency, 0.5, 44100), 44100, 22050);
      const db = 20 * Math.log10(toneAmplitude(out, frequency, 22050, 500, out.length - 500) / 0.5);
      expect(Math.abs(db)).toBeLessThan(0.1);
    }
  });

  it('gives the same samples in chunks as in one piece', () => {
    const input = sine(440, 1, 44100);
    for (let i = 0; i < input.length; i++) input[i] = (input[i] ?? 0) + 0.1 * Math.sin(i * 0.37) * Math.cos(i * 0.011);
    const whole = resample(input, 44100, 22050);
    const resampler = new Resampler(44100, 22050);
    const pieces: Float32Array[] = [];
    for (let at = 0, size = 1; at < input.length; at += size, size = (size * 7 + 3) % 5000 + 1) pieces.push(resampler.push(input.subarray(at, at + size)));
    pieces.push(resampler.flush());
    expect(Array.from(concatFloat32(pieces))).toEqual(Array.from(whole));
  });

  it('does not shift a click in time', () => {
    const input = new Float32Array(48000);
    input[24000] = 1;
    const out = resample(input, 48000, 16000);
    let peak = 0;
    for (let i = 0; i < out.length; i++) if (Math.abs(out[i] ?? 0) > Math.abs(out[peak] ?? 0)) peak = i;
    expect(peak).toBe(8000);
  });
});

describe('channel resampler', () => {
  it('resamples each stereo channel on its own, as the mono resampler would', () => {
    const left = sine(300, 0.3, 48000);
    const right = sine(500, 0.3, 48000);
    const stereo = new ChannelResampler(48000, 22050, 2);
    const head = stereo.push([left, right]);
    const tail = stereo.flush();
    expect(Array.from(concatFloat32([head[0] ?? new Float32Array(0), tail[0] ?? new Float32Array(0)]))).toEqual(Array.from(resample(left, 48000, 22050)));
    expect(Array.from(concatFloat32([head[1] ?? new Float32Array(0), tail[1] ?? new Float32Array(0)]))).toEqual(Array.from(resample(right, 48000, 22050)));
  });

  it('passes audio through untouched when the rates match', () => {
    const mono = sine(300, 0.1, 22050);
    expect(new ChannelResampler(22050, 22050, 1).push([mono])[0]).toBe(mono);
  });
});
