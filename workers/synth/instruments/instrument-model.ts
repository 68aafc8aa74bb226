/**
 * The one shape every instrument takes inside the synth producer, whatever it
 * was loaded from (built-in generator, SF2, SFZ). Parsers produce it; the
 * voice engine only ever reads it. Sample data is mono Float32 in -1…1 at the
 * sample's own rate; the voice resamples.
 */
export interface Sample {
  name: string;
  data: Float32Array;
  sampleRate: number;
  /** Loop points in frames, start inclusive, end exclusive; absent when the sample has no loop. */
  loop?: { start: number; end: number };
}

export type LoopMode = 'no_loop' | 'one_shot' | 'loop_continuous' | 'loop_sustain';

export interface Envelope {
  /** Seconds. */
  delay: number;
  attack: number;
  hold: number;
  decay: number;
  /** Sustain level, linear 0…1. */
  sustain: number;
  release: number;
}

export interface Zone {
  sample: Sample;
  keyLow: number;
  keyHigh: number;
  velocityLow: number;
  velocityHigh: number;
  /** MIDI key at which the sample plays at its recorded pitch. */
  rootKey: number;
  /** Fine tuning in cents (includes transpose × 100 and SF2 coarse/fine tune). */
  tuneCents: number;
  /** Cents per key away from rootKey; 100 is normal keyboard tracking, 0 a fixed pitch (drums). */
  keyTrackCents: number;
  /** Linear gain applied to the zone (from attenuation / volume dB). */
  gain: number;
  /** -1 (left) … 1 (right). */
  pan: number;
  loopMode: LoopMode;
  /** Overrides the sample's own loop when set (SFZ loop_start/loop_end, SF2 loop offsets). */
  loop?: { start: number; end: number };
  /** Playback start offset in frames. */
  offset: number;
  /** Playback end in frames (exclusive); defaults to the sample length. */
  end?: number;
  envelope: Envelope;
  /** Note-on plays this zone on note-off instead (SFZ trigger=release). */
  trigger: 'attack' | 'release';
  /** Exclusive groups: a new note in `group` silences voices whose `offBy` equals it (SFZ group/off_by, SF2 exclusiveClass). */
  group?: number;
  offBy?: number;
  /** Velocity tracking 0…1: 1 means gain follows velocity fully. */
  velocityTrack: number;
}

export interface Preset {
  name: string;
  bank: number;
  program: number;
  zones: Zone[];
}

export interface InstrumentBank {
  /** Where it came from, for the UI: 'built-in', 'sf2', 'sfz'. */
  kind: 'built-in' | 'sf2' | 'sfz';
  name: string;
  presets: Preset[];
}

export const DEFAULT_ENVELOPE: Envelope = { delay: 0, attack: 0.001, hold: 0, decay: 0, sustain: 1, release: 0.05 };

/** An error a musician can act on: names the file and what is wrong with it. */
export class InstrumentLoadError extends Error {
  override name = 'InstrumentLoadError';
  constructor(
    readonly fileName: string,
    readonly problem: string
  ) {
    super(`${fileName}: ${problem}`);
  }
}
