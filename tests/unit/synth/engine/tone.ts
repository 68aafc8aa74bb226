import type { InstrumentBank, Zone } from '$workers/synth/instruments/instrument-model';
import { DEFAULT_ENVELOPE } from '$workers/synth/instruments/instrument-model';

/** A looped sine instrument with a known pitch: one cycle of A4 at 44.1 kHz is not whole, so use 441 Hz × 100 cycles. */
export function sineBank(envelope = DEFAULT_ENVELOPE, extra: Partial<Zone> = {}): InstrumentBank {
  const rate = 44100;
  const data = new Float32Array(rate / 441 * 100);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin((2 * Math.PI * 441 * i) / rate) * 0.5;
  const zone: Zone = {
    sample: { name: 'sine', data, sampleRate: rate, loop: { start: 0, end: data.length } },
    keyLow: 0,
    keyHigh: 127,
    velocityLow: 1,
    velocityHigh: 127,
    rootKey: 69,
    // 441 Hz recorded, played as 440 Hz at the root key.
    tuneCents: 1200 * Math.log2(440 / 441),
    keyTrackCents: 100,
    gain: 1,
    pan: 0,
    loopMode: 'loop_continuous',
    offset: 0,
    envelope,
    trigger: 'attack',
    velocityTrack: 0,
    ...extra
  };
  return { kind: 'built-in', name: 'Sine', presets: [{ name: 'Sine', bank: 0, program: 0, zones: [zone] }] };
}

/** Strongest frequency of a signal, by a fine DFT scan around `near` (Hz). */
export function dominantFrequency(signal: Float32Array, sampleRate: number, from: number, to: number, step = 0.5): number {
  let best = from;
  let bestPower = -1;
  for (let f = from; f <= to; f += step) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * f) / sampleRate;
    for (let i = 0; i < signal.length; i++) {
      re += signal[i]! * Math.cos(w * i);
      im += signal[i]! * Math.sin(w * i);
    }
    const power = re * re + im * im;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}

export function rms(signal: Float32Array, from = 0, to = signal.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += signal[i]! * signal[i]!;
  return Math.sqrt(sum / Math.max(1, to - from));
}
