import type { InstrumentBank, Preset, Zone } from '../instruments/instrument-model';
import { partParamValue, PART_PARAM_DEFAULT_POSITION, type PartParam } from './part-params';
import { velocityGain, type VelocityCurve } from './velocity-curve';
import { createStealFade } from './voice';
import { VoicePool } from './voice-pool';

/** The keys part (keyboards, the piano panel) and the pads part (pad panels, drum kit). */
export const KEYS = 0;
export const PADS = 1;

export interface EngineConfig {
  sampleRate: number;
  maxVoices: number;
  /** Largest block `render` will be asked for; sizes nothing per call. */
  maxBlockFrames: number;
}

/** Per-block effect processing, supplied by the FX chain (kept apart so each is testable alone). */
export interface BlockEffect {
  process(left: Float32Array, right: Float32Array, frames: number): void;
}

/**
 * The producer's instrument: voices playing zones of the selected preset,
 * sustain pedal, pitch bend, master volume. Every method runs between blocks
 * in the producer worker; `render` allocates nothing.
 */
export class SynthEngine {
  readonly pool: VoicePool;
  /** Two parts, like a keyboard's split: keys (0) and pads (1), each with its own instrument. */
  readonly #parts: Array<{ bank?: InstrumentBank; preset?: Preset }> = [{}, {}];
  #sustainDown = false;
  #bendCents = 0;
  #bendRangeSemitones = 2;
  #masterGain = 0.8;
  #velocityCurve: VelocityCurve = 'linear';
  readonly #stealFade = createStealFade();
  /** Note-on velocities, remembered for release-triggered zones. */
  readonly #noteVelocity = new Uint8Array(128);
  /** Per part: the volume knob's gain, and the gain in use, which glides to it block by block (no zipper steps). */
  readonly #partGainTarget = new Float32Array([1, 1]);
  readonly #partGain = new Float32Array([1, 1]);
  /** Per part: how much the knobs stretch the instrument's attack and release times. */
  readonly #attackScale = new Float32Array([1, 1]);
  readonly #releaseScale = new Float32Array([1, 1]);

  constructor(
    readonly config: EngineConfig,
    private readonly effect?: BlockEffect
  ) {
    this.pool = new VoicePool(config.maxVoices);
  }

  /** The keys part's instrument. */
  get instrument(): InstrumentBank | undefined {
    return this.#parts[KEYS]!.bank;
  }

  get preset(): Preset | undefined {
    return this.#parts[KEYS]!.preset;
  }

  instrumentOf(part: number): { bank?: InstrumentBank; preset?: Preset } {
    return this.#parts[part] ?? {};
  }

  selectInstrument(bank: InstrumentBank, presetIndex = 0, part = KEYS): void {
    const preset = bank.presets[presetIndex];
    if (!preset) throw new Error(`"${bank.name}" has no preset number ${presetIndex + 1}`);
    const slot = this.#parts[part];
    if (!slot) throw new Error(`There is no part ${part}`);
    for (const voice of this.pool.voices) if (voice.active && voice.part === part) voice.choke();
    slot.bank = bank;
    slot.preset = preset;
  }

  setMasterVolume(gain: number): void {
    this.#masterGain = Math.min(1.5, Math.max(0, gain));
  }

  get masterVolume(): number {
    return this.#masterGain;
  }

  /** A part's volume, attack or release from a knob position (0…1); see part-params.ts. */
  setPartParam(part: number, param: PartParam, position: number): void {
    if (part !== KEYS && part !== PADS) return;
    const value = partParamValue(param, position);
    if (param === 'volume') this.#partGainTarget[part] = value;
    else if (param === 'attack') this.#attackScale[part] = value;
    else this.#releaseScale[part] = value;
  }

  /** Takes over another engine's part volumes and times (a reconfiguration keeps what the knobs set). */
  adoptPartParams(previous: SynthEngine): void {
    this.#partGainTarget.set(previous.#partGainTarget);
    this.#partGain.set(previous.#partGainTarget);
    this.#attackScale.set(previous.#attackScale);
    this.#releaseScale.set(previous.#releaseScale);
  }

  /** The value a part parameter has now (volume: target gain; times: scale). */
  partParam(part: number, param: PartParam): number {
    if (param === 'volume') return this.#partGainTarget[part] ?? partParamValue(param, PART_PARAM_DEFAULT_POSITION[param]);
    return (param === 'attack' ? this.#attackScale : this.#releaseScale)[part] ?? 1;
  }

  setVelocityCurve(curve: VelocityCurve): void {
    this.#velocityCurve = curve;
  }

  get velocityCurve(): VelocityCurve {
    return this.#velocityCurve;
  }

  noteOn(note: number, velocity: number, part = KEYS): void {
    if (velocity === 0) return this.noteOff(note, part);
    const preset = this.#parts[part]?.preset;
    if (!preset) return;
    this.#noteVelocity[note & 127] = velocity;
    // Retriggering a held note releases the old voice, like a piano's damper lifting and striking again.
    for (const voice of this.pool.voices) if (voice.active && voice.part === part && voice.note === note && !voice.released) voice.release(this.#releaseScale[part]);
    for (const zone of preset.zones) if (zone.trigger === 'attack' && matches(zone, note, velocity)) this.#startZone(zone, note, velocity, part);
  }

  noteOff(note: number, part = KEYS): void {
    for (const voice of this.pool.voices) {
      if (!voice.active || voice.part !== part || voice.note !== note || voice.released) continue;
      if (this.#sustainDown && part === KEYS) voice.heldByPedal = true;
      else voice.release(this.#releaseScale[part]);
    }
    const preset = this.#parts[part]?.preset;
    if (!preset) return;
    const velocity = this.#noteVelocity[note & 127] ?? 64;
    for (const zone of preset.zones) if (zone.trigger === 'release' && matches(zone, note, velocity)) this.#startZone(zone, note, velocity, part);
  }

  /** CC64: while down, note-offs are held; lifting it releases them. */
  setSustain(down: boolean): void {
    this.#sustainDown = down;
    if (down) return;
    for (const voice of this.pool.voices) {
      if (voice.active && voice.heldByPedal) {
        voice.heldByPedal = false;
        voice.release(this.#releaseScale[voice.part]);
      }
    }
  }

  /** Pitch bend in -1…1 of the bend range (default ±2 semitones). */
  setPitchBend(amount: number, rangeSemitones = this.#bendRangeSemitones): void {
    this.#bendRangeSemitones = rangeSemitones;
    this.#bendCents = Math.max(-1, Math.min(1, amount)) * rangeSemitones * 100;
    for (const voice of this.pool.voices) if (voice.active) voice.bend(this.#bendCents);
  }

  stopAll(): void {
    for (const voice of this.pool.voices) if (voice.active) voice.choke();
    this.#sustainDown = false;
  }

  /** Renders one block: voices summed, then effects, then master volume. */
  render(left: Float32Array, right: Float32Array, frames: number): void {
    left.fill(0, 0, frames);
    right.fill(0, 0, frames);
    this.renderVoices(left, right, 0, frames);
    this.finishBlock(left, right, frames);
  }

  /**
   * Adds the voices into frames [from, to) of a block the caller has
   * cleared. A block may be rendered in segments with note events applied
   * in between (sample-accurate timing); effects then run once over the
   * whole block in `finishBlock`.
   */
  renderVoices(left: Float32Array, right: Float32Array, from: number, to: number): void {
    if (to <= from) return;
    const partGain = this.#partGain;
    for (const voice of this.pool.voices) if (voice.active) voice.render(left, right, from, to - from, this.#stealFade, partGain);
  }

  /** Effects and master volume over a block whose voices are summed. */
  finishBlock(left: Float32Array, right: Float32Array, frames: number): void {
    this.effect?.process(left, right, frames);
    // Part volumes glide a quarter of the way per block: ~10 ms to settle at 48 kHz, no steps heard.
    for (let part = 0; part < 2; part++) {
      const target = this.#partGainTarget[part]!;
      const now = this.#partGain[part]!;
      this.#partGain[part] = Math.abs(target - now) < 1e-4 ? target : now + (target - now) * 0.25;
    }
    const gain = this.#masterGain;
    for (let i = 0; i < frames; i++) {
      left[i] = left[i]! * gain;
      right[i] = right[i]! * gain;
    }
  }

  #startZone(zone: Zone, note: number, velocity: number, part: number): void {
    if (zone.group !== undefined) {
      for (const voice of this.pool.voices) if (voice.active && voice.part === part && voice.zone?.offBy === zone.group) voice.choke();
    }
    const gain = velocityGain(velocity, this.#velocityCurve, zone.velocityTrack);
    this.pool.allocate().start(zone, note, velocity, gain, this.config.sampleRate, this.pool.nextOrder(), this.#bendCents, part, this.#attackScale[part]);
  }
}

function matches(zone: Zone, note: number, velocity: number): boolean {
  return note >= zone.keyLow && note <= zone.keyHigh && velocity >= zone.velocityLow && velocity <= zone.velocityHigh;
}
