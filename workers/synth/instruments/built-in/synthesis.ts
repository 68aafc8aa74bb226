import { DEFAULT_ENVELOPE, type Envelope, type Sample, type Zone } from '../instrument-model';

/** Built-in instruments are rendered at this rate; voices resample to the output rate. */
export const BUILT_IN_RATE = 44100;

export function midiToHz(note: number): number {
  return 440 * Math.pow(2, (note - 69) / 12);
}

/** Small deterministic PRNG (mulberry32) so built-in sounds are identical every start. */
export function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** Scales a sample so its peak is `peak` (keeps every built-in at a consistent loudness). */
export function normalise(data: Float32Array, peak = 0.8): Float32Array {
  let max = 0;
  for (const value of data) max = Math.max(max, Math.abs(value));
  if (max > 0) for (let i = 0; i < data.length; i++) data[i] = (data[i]! / max) * peak;
  return data;
}

/** A zone covering keys [keyLow, keyHigh] with the defaults of a plain, pitched sample. */
export function pitchedZone(sample: Sample, rootKey: number, keyLow: number, keyHigh: number, envelope: Partial<Envelope>, extra: Partial<Zone> = {}): Zone {
  return {
    sample,
    keyLow,
    keyHigh,
    velocityLow: 1,
    velocityHigh: 127,
    rootKey,
    tuneCents: 0,
    keyTrackCents: 100,
    gain: 1,
    pan: 0,
    loopMode: sample.loop ? 'loop_continuous' : 'no_loop',
    offset: 0,
    envelope: { ...DEFAULT_ENVELOPE, ...envelope },
    trigger: 'attack',
    velocityTrack: 1,
    ...extra
  };
}

/**
 * Multi-samples a pitched generator every `step` semitones across [low, high]:
 * each zone plays its sample within ±step/2, so no note is resampled by more
 * than a few semitones (which would change its timbre audibly).
 */
export function multiSample(
  low: number,
  high: number,
  step: number,
  render: (rootKey: number) => Sample,
  envelope: Partial<Envelope>,
  extra: Partial<Zone> = {}
): Zone[] {
  const zones: Zone[] = [];
  for (let root = low; root <= high; root += step) {
    const keyLow = root === low ? 0 : root - Math.floor(step / 2);
    const keyHigh = root + step > high ? 127 : root + Math.ceil(step / 2) - 1;
    zones.push(pitchedZone(render(root), root, keyLow, keyHigh, envelope, extra));
  }
  return zones;
}
