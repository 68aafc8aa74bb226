/** Test signals and measurements for the FX tests: real waveforms, measured the way an audio engineer would. */

import type { StereoEffect } from '$workers/synth/fx/stereo-effect';

export const RATE = 48000;

export function sine(frequency: number, frames: number, amplitude = 1, sampleRate = RATE): Float32Array {
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

export function impulse(frames: number, at = 0): Float32Array {
  const out = new Float32Array(frames);
  out[at] = 1;
  return out;
}

export function rms(signal: Float32Array, from = 0, to = signal.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (signal[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

export function toDb(ratio: number): number {
  return 20 * Math.log10(ratio);
}

export function peakIndex(signal: Float32Array, from = 0, to = signal.length): number {
  let best = from;
  for (let i = from; i < to; i++) if (Math.abs(signal[i] as number) > Math.abs(signal[best] as number)) best = i;
  return best;
}

/** Largest sample-to-sample change: a click shows up as a step far above what the waveform itself does. */
export function largestStep(signal: Float32Array, from = 1, to = signal.length): number {
  let largest = 0;
  for (let i = Math.max(1, from); i < to; i++) largest = Math.max(largest, Math.abs((signal[i] as number) - (signal[i - 1] as number)));
  return largest;
}

function hannWindowed(signal: Float32Array, from: number, to: number): Float64Array {
  const n = to - from;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (signal[from + i] as number) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  return out;
}

function goertzel(windowed: Float64Array, frequency: number, sampleRate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < windowed.length; i++) {
    const s0 = (windowed[i] as number) + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coefficient * s1 * s2));
}

/** Goertzel magnitude of one frequency over a Hann-windowed segment. */
export function magnitudeAt(signal: Float32Array, frequency: number, sampleRate = RATE, from = 0, to = signal.length): number {
  return goertzel(hannWindowed(signal, from, to), frequency, sampleRate);
}

/** The strongest frequency between lowHz and highHz: a 5 Hz scan, then 1 Hz steps around the best bin. */
export function dominantFrequency(signal: Float32Array, lowHz: number, highHz: number, sampleRate = RATE, from = 0, to = signal.length): number {
  const windowed = hannWindowed(signal, from, to);
  const strongest = (low: number, high: number, step: number): number => {
    let best = low;
    let bestMagnitude = -1;
    for (let f = low; f <= high; f += step) {
      const magnitude = goertzel(windowed, f, sampleRate);
      if (magnitude > bestMagnitude) {
        bestMagnitude = magnitude;
        best = f;
      }
    }
    return best;
  };
  const coarse = strongest(lowHz, highHz, 5);
  return strongest(Math.max(lowHz, coarse - 5), Math.min(highHz, coarse + 5), 1);
}

/** Runs an effect over whole buffers in blocks, the way the producer does. */
export function runEffect(effect: StereoEffect, left: Float32Array, right: Float32Array, block = 128): void {
  for (let start = 0; start < left.length; start += block) effect.process(left, right, start, Math.min(left.length, start + block));
}

export interface ChainLike {
  process(left: Float32Array, right: Float32Array, frames: number): void;
}

/** Runs a chain over whole buffers in blocks of `block` frames. */
export function runChain(chain: ChainLike, left: Float32Array, right: Float32Array, block = 128): void {
  for (let start = 0; start < left.length; start += block) {
    const end = Math.min(left.length, start + block);
    chain.process(left.subarray(start, end), right.subarray(start, end), end - start);
  }
}
