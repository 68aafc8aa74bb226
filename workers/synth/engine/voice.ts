import type { Zone } from '../instruments/instrument-model';
import { EnvelopeState, Stage } from './envelope';

/** Frames of the fade applied to a stolen voice: 2 ms at 48 kHz, long enough to avoid a click. */
export const STEAL_FADE_FRAMES = 96;

/** One playing sample: position, pitch, envelope and pan. Owned and reused by the voice pool. */
export class Voice {
  zone: Zone | undefined;
  note = -1;
  velocity = 0;
  /** Which part (keys 0, pads 1) started this voice. */
  part = 0;
  /** Monotonic start order, for "steal the oldest". */
  startedAt = 0;
  /** Note-off arrived while the sustain pedal was down. */
  heldByPedal = false;
  /** Key is up (or pedal released): the envelope is in release. */
  released = false;
  /** Frames left of a steal fade; 0 when not being stolen. */
  fadeRemaining = 0;
  readonly envelope = new EnvelopeState();

  #position = 0;
  #baseIncrement = 1;
  #increment = 1;
  #gainLeft = 0;
  #gainRight = 0;
  #loopStart = 0;
  #loopEnd = 0;
  #end = 0;
  #loops = false;
  #loopUntilRelease = false;

  get active(): boolean {
    return this.zone !== undefined;
  }

  get releasing(): boolean {
    return this.released || this.envelope.stage === Stage.Release || this.fadeRemaining > 0;
  }

  start(zone: Zone, note: number, velocity: number, gain: number, outputRate: number, order: number, bendCents: number, part = 0, attackScale = 1): void {
    const sample = zone.sample;
    this.zone = zone;
    this.part = part;
    this.note = note;
    this.velocity = velocity;
    this.startedAt = order;
    this.heldByPedal = false;
    this.released = false;
    this.fadeRemaining = 0;
    this.#end = Math.min(zone.end ?? sample.data.length, sample.data.length);
    this.#position = Math.min(zone.offset, Math.max(0, this.#end - 1));
    const loop = zone.loop ?? sample.loop;
    const loopValid = loop !== undefined && loop.end - loop.start >= 2 && loop.end <= this.#end;
    this.#loops = loopValid && (zone.loopMode === 'loop_continuous' || zone.loopMode === 'loop_sustain');
    this.#loopUntilRelease = zone.loopMode === 'loop_sustain';
    this.#loopStart = loop?.start ?? 0;
    this.#loopEnd = loop?.end ?? 0;
    const cents = (note - zone.rootKey) * zone.keyTrackCents + zone.tuneCents;
    this.#baseIncrement = (sample.sampleRate / outputRate) * Math.pow(2, cents / 1200);
    this.bend(bendCents);
    // Constant-power pan of the zone.
    const angle = ((zone.pan + 1) * Math.PI) / 4;
    this.#gainLeft = gain * zone.gain * Math.cos(angle);
    this.#gainRight = gain * zone.gain * Math.sin(angle);
    this.envelope.start(zone.envelope, outputRate, attackScale);
  }

  bend(cents: number): void {
    this.#increment = this.#baseIncrement * Math.pow(2, cents / 1200);
  }

  release(timeScale = 1): void {
    this.released = true;
    // One-shots play to the end of the sample whatever the key does.
    if (this.zone?.loopMode !== 'one_shot') this.envelope.release(timeScale);
  }

  choke(): void {
    this.released = true;
    this.envelope.choke();
  }

  /** Starts the pre-computed steal fade; the voice frees itself when it ends. */
  steal(): void {
    this.fadeRemaining = STEAL_FADE_FRAMES;
  }

  free(): void {
    this.zone = undefined;
    this.note = -1;
    this.fadeRemaining = 0;
  }

  /**
   * Adds `frames` of this voice into the outputs starting at `offset`, scaled
   * by its part's gain (`partGains[part]`: an array, because a double passed
   * as an argument is boxed on the heap on every call).
   */
  render(left: Float32Array, right: Float32Array, offset: number, frames: number, stealFade: Float32Array, partGains?: Float32Array): void {
    const data = this.zone!.sample.data;
    const envelope = this.envelope;
    const partGain = partGains ? partGains[this.part]! : 1;
    const gainLeft = this.#gainLeft * partGain;
    const gainRight = this.#gainRight * partGain;
    const increment = this.#increment;
    const loops = this.#loops && !(this.#loopUntilRelease && this.released);
    const loopStart = this.#loopStart;
    const loopEnd = this.#loopEnd;
    const loopLength = loopEnd - loopStart;
    const end = this.#end;
    let position = this.#position;
    if (this.fadeRemaining === 0) {
      // The envelope at control rate: one segment per stage (or block), a linear gain ramp inside it.
      let i = offset;
      const last = offset + frames;
      while (i < last) {
        const count = envelope.advance(last - i);
        const from = envelope.segmentStart;
        const step = (envelope.level - from) / count;
        let level = from;
        const stop = i + count;
        while (i < stop) {
          // Wrap or end at the boundary, then run branch-free up to the next one.
          let boundary: number;
          if (loops) {
            if (position >= loopEnd) position -= loopLength * Math.floor((position - loopStart) / loopLength);
            boundary = loopEnd - 1;
          } else {
            if (position >= end - 1) {
              this.free();
              return;
            }
            boundary = end - 1;
          }
          if (position >= boundary) {
            // The last frame of a loop interpolates towards its start.
            level += step;
            const index = position | 0;
            const a = data[index]!;
            const value = (a + (data[loopStart]! - a) * (position - index)) * level;
            left[i]! += value * gainLeft;
            right[i]! += value * gainRight;
            position += increment;
            i++;
            continue;
          }
          // Frames whose position stays below the boundary (a hair short, never over: the sum drifts by rounding).
          const run = Math.min(stop, i + Math.max(1, Math.ceil((boundary - position - 1e-7) / increment)));
          // Pan gains folded into two ramps: one multiply fewer per frame.
          let levelLeft = level * gainLeft;
          let levelRight = level * gainRight;
          const stepLeft = step * gainLeft;
          const stepRight = step * gainRight;
          const runStart = i;
          for (; i < run; i++) {
            levelLeft += stepLeft;
            levelRight += stepRight;
            const index = position | 0;
            const a = data[index]!;
            const value = a + (data[index + 1]! - a) * (position - index);
            left[i]! += value * levelLeft;
            right[i]! += value * levelRight;
            position += increment;
          }
          level += step * (run - runStart);
        }
        if (!envelope.active) {
          this.free();
          return;
        }
      }
      this.#position = position;
      return;
    }
    // A stolen voice fades out over STEAL_FADE_FRAMES, sample by sample.
    for (let i = offset, last = offset + frames; i < last; i++) {
      if (loops) {
        if (position >= loopEnd) position -= loopLength * Math.floor((position - loopStart) / loopLength);
      } else if (position >= end - 1) {
        this.free();
        return;
      }
      const index = position | 0;
      const fraction = position - index;
      const a = data[index]!;
      const next = loops && index + 1 >= loopEnd ? data[loopStart]! : data[index + 1]!;
      let value = (a + (next - a) * fraction) * envelope.next();
      if (this.fadeRemaining > 0) {
        value *= stealFade[STEAL_FADE_FRAMES - this.fadeRemaining]!;
        if (--this.fadeRemaining === 0) {
          this.free();
          return;
        }
      }
      left[i]! += value * gainLeft;
      right[i]! += value * gainRight;
      position += increment;
      if (!envelope.active) {
        this.free();
        return;
      }
    }
    this.#position = position;
  }
}

/** The fade curve stolen voices follow: a raised-cosine from 1 to 0, computed once. */
export function createStealFade(): Float32Array {
  const fade = new Float32Array(STEAL_FADE_FRAMES);
  for (let i = 0; i < STEAL_FADE_FRAMES; i++) fade[i] = 0.5 * (1 + Math.cos((Math.PI * (i + 1)) / STEAL_FADE_FRAMES));
  return fade;
}
