import { BiquadFilter } from './biquad-filter';
import { BypassCrossfade } from './bypass-crossfade';
import { Chorus } from './chorus';
import { Delay } from './delay';
import {
  clampFxParam,
  defaultFxParamValues,
  fxParamSpec,
  type FilterType,
  type FxParamId,
  type FxParamValues
} from './fx-params';
import { Pan } from './pan';
import { PitchShifter } from './pitch-shifter';
import { Reverb } from './reverb';
import { Volume } from './volume';

/**
 * The synth's stereo effects, in a fixed order:
 * volume → filter → pitch → chorus → delay → reverb → pan.
 *
 * Owned by the producer worker. `process` runs once per block on the render
 * path and allocates nothing: every buffer is sized in the constructor from
 * the sample rate and the largest block. Parameters arrive between blocks via
 * `setParam`, are clamped to the table in fx-params.ts and glide to their new
 * value inside the effects. A sample-rate change builds a new chain and hands
 * it the old one's `snapshot()` through `restore()`.
 */

const MIN_SAMPLE_RATE = 8000;
const MAX_SAMPLE_RATE = 384000;

export class FxChain {
  readonly sampleRate: number;
  readonly maxBlockFrames: number;

  private readonly values: FxParamValues = defaultFxParamValues();
  private readonly volume: Volume;
  private readonly filter: BiquadFilter;
  private readonly pitch: PitchShifter;
  private readonly chorus: Chorus;
  private readonly delay: Delay;
  private readonly reverb: Reverb;
  private readonly pan: Pan;
  private readonly filterSlot: BypassCrossfade;
  private readonly pitchSlot: BypassCrossfade;
  private readonly chorusSlot: BypassCrossfade;
  private readonly delaySlot: BypassCrossfade;
  private readonly reverbSlot: BypassCrossfade;

  constructor(sampleRate: number, maxBlockFrames: number) {
    if (!Number.isFinite(sampleRate) || sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
      throw new RangeError(`FX chain: sample rate ${String(sampleRate)} Hz is outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz.`);
    }
    if (!Number.isInteger(maxBlockFrames) || maxBlockFrames < 1) {
      throw new RangeError(`FX chain: the largest block must be a whole number of frames ≥ 1, got ${String(maxBlockFrames)}.`);
    }
    this.sampleRate = sampleRate;
    this.maxBlockFrames = maxBlockFrames;
    const v = this.values;
    this.volume = new Volume(sampleRate, v['volume.gain']);
    this.filter = new BiquadFilter(sampleRate, v['filter.type'] as FilterType, v['filter.cutoff'], v['filter.resonance']);
    this.pitch = new PitchShifter(sampleRate, maxBlockFrames, v['pitch.semitones']);
    this.chorus = new Chorus(sampleRate, maxBlockFrames, v['chorus.rate'], v['chorus.depth'], v['chorus.mix']);
    this.delay = new Delay(sampleRate, v['delay.time'], v['delay.feedback'], v['delay.mix'], v['delay.pingPong'] === 1);
    this.reverb = new Reverb(sampleRate, maxBlockFrames, v['reverb.size'], v['reverb.damping'], v['reverb.mix']);
    this.pan = new Pan(sampleRate, v['pan.position']);
    this.filterSlot = new BypassCrossfade(this.filter, sampleRate, maxBlockFrames, v['filter.enabled'] === 1);
    this.pitchSlot = new BypassCrossfade(this.pitch, sampleRate, maxBlockFrames, v['pitch.enabled'] === 1);
    this.chorusSlot = new BypassCrossfade(this.chorus, sampleRate, maxBlockFrames, v['chorus.enabled'] === 1);
    this.delaySlot = new BypassCrossfade(this.delay, sampleRate, maxBlockFrames, v['delay.enabled'] === 1);
    this.reverbSlot = new BypassCrossfade(this.reverb, sampleRate, maxBlockFrames, v['reverb.enabled'] === 1);
  }

  /** Sets one parameter, clamped to its range (switches and choices are rounded). Unknown ids and non-finite values throw. */
  setParam(id: FxParamId, value: number): void {
    const clamped = clampFxParam(fxParamSpec(id), value);
    this.values[id] = clamped;
    this.apply(id, clamped);
  }

  /** The value last set (the target, even while the sound is still gliding towards it). */
  getParam(id: FxParamId): number {
    return this.values[fxParamSpec(id).id as FxParamId];
  }

  snapshot(): FxParamValues {
    return { ...this.values };
  }

  /**
   * Applies saved parameters at once, with no glide: meant for a fresh chain
   * (after a sample-rate change) or a silent one. Missing ids keep their
   * current value. The whole snapshot is checked first, so an unknown id or a
   * non-finite value throws and changes nothing. For a live change while
   * playing, call setParam per id instead (it glides).
   */
  restore(snapshot: Readonly<Partial<Record<FxParamId, number>>>): void {
    const checked: [FxParamId, number][] = [];
    for (const [id, value] of Object.entries(snapshot)) {
      if (value === undefined) continue;
      const spec = fxParamSpec(id);
      checked.push([spec.id as FxParamId, clampFxParam(spec, value)]);
    }
    for (const [id, value] of checked) this.setParam(id, value);
    this.settle();
  }

  /**
   * Processes `frames` frames of both channels in place. Never allocates and
   * never throws: frames beyond either array's length are ignored, and a block
   * longer than maxBlockFrames is processed in maxBlockFrames pieces.
   */
  process(left: Float32Array, right: Float32Array, frames: number): void {
    const total = Math.min(frames | 0, left.length, right.length);
    for (let start = 0; start < total; start += this.maxBlockFrames) {
      const end = Math.min(total, start + this.maxBlockFrames);
      this.volume.process(left, right, start, end);
      this.filterSlot.process(left, right, start, end);
      this.pitchSlot.process(left, right, start, end);
      this.chorusSlot.process(left, right, start, end);
      this.delaySlot.process(left, right, start, end);
      this.reverbSlot.process(left, right, start, end);
      this.pan.process(left, right, start, end);
    }
  }

  /** Clears every tail (delay lines, reverb, filter state); parameters are kept. */
  reset(): void {
    this.volume.reset();
    this.filterSlot.reset();
    this.pitchSlot.reset();
    this.chorusSlot.reset();
    this.delaySlot.reset();
    this.reverbSlot.reset();
    this.pan.reset();
  }

  private settle(): void {
    this.volume.settle();
    this.filterSlot.settle();
    this.pitchSlot.settle();
    this.chorusSlot.settle();
    this.delaySlot.settle();
    this.reverbSlot.settle();
    this.pan.settle();
  }

  private apply(id: FxParamId, value: number): void {
    switch (id) {
      case 'volume.gain':
        return this.volume.setGain(value);
      case 'filter.enabled':
        return this.filterSlot.setEnabled(value === 1);
      case 'filter.type':
        return this.filter.setType(value as FilterType);
      case 'filter.cutoff':
        return this.filter.setCutoff(value);
      case 'filter.resonance':
        return this.filter.setResonance(value);
      case 'pitch.enabled':
        return this.pitchSlot.setEnabled(value === 1);
      case 'pitch.semitones':
        return this.pitch.setSemitones(value);
      case 'chorus.enabled':
        return this.chorusSlot.setEnabled(value === 1);
      case 'chorus.rate':
        return this.chorus.setRate(value);
      case 'chorus.depth':
        return this.chorus.setDepth(value);
      case 'chorus.mix':
        return this.chorus.setMix(value);
      case 'delay.enabled':
        return this.delaySlot.setEnabled(value === 1);
      case 'delay.time':
        return this.delay.setTime(value);
      case 'delay.feedback':
        return this.delay.setFeedback(value);
      case 'delay.mix':
        return this.delay.setMix(value);
      case 'delay.pingPong':
        return this.delay.setPingPong(value === 1);
      case 'reverb.enabled':
        return this.reverbSlot.setEnabled(value === 1);
      case 'reverb.size':
        return this.reverb.setSize(value);
      case 'reverb.damping':
        return this.reverb.setDamping(value);
      case 'reverb.mix':
        return this.reverb.setMix(value);
      case 'pan.position':
        return this.pan.setPosition(value);
    }
  }
}
