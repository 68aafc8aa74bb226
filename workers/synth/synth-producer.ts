import { AudioRingViews, CHANNELS } from '../shared/audio-ring';
import { CommandReader, RealtimeOp } from '../shared/synth-commands';
import type { EngineSetup } from '../shared/synth-protocol';
import { FxChain } from './fx/fx-chain';
import { FX_PARAM_IDS } from './fx/fx-params';
import type { InstrumentBank } from './instruments/instrument-model';
import { KEYS, PADS, SynthEngine } from './engine/synth-engine';
import { VELOCITY_CURVES } from './engine/velocity-curve';

/**
 * Owns one engine generation: voices, FX and the transport it feeds. With a
 * shared ring, rendering is `fill()` (as many blocks as the ring has room
 * for; waiting for room is the worker's job). Without cross-origin isolation
 * there is no ring: the worker calls `renderBlock()` when the worklet asks.
 * Every buffer is allocated here, once per (re)configuration.
 */
export class SynthProducer {
  readonly engine: SynthEngine;
  readonly fx: FxChain;
  /** The shared ring, command queue and mailbox; undefined in message-port mode. */
  readonly views: AudioRingViews | undefined;
  readonly commands: CommandReader | undefined;
  /** Counts control messages the main thread has posted (see producer.worker.ts). */
  readonly mailbox: Int32Array | undefined;
  readonly #left: Float32Array;
  readonly #right: Float32Array;
  readonly #interleaved: Float32Array;
  blocksRendered = 0;

  constructor(readonly setup: EngineSetup) {
    const memory = setup.memory;
    this.views = memory ? new AudioRingViews(memory) : undefined;
    this.commands = memory ? new CommandReader(memory.commands) : undefined;
    this.mailbox = memory ? new Int32Array(memory.mailbox) : undefined;
    this.fx = new FxChain(setup.sampleRate, setup.blockFrames);
    this.engine = new SynthEngine({ sampleRate: setup.sampleRate, maxVoices: setup.maxVoices, maxBlockFrames: setup.blockFrames }, this.fx);
    this.#left = new Float32Array(setup.blockFrames);
    this.#right = new Float32Array(setup.blockFrames);
    this.#interleaved = new Float32Array(setup.blockFrames * CHANNELS);
  }

  /**
   * Builds the next generation for a new configuration, carrying over what
   * the musician set: every FX parameter, master volume and the instrument.
   * Throws (and leaves `this` untouched) when the new setup can't be built.
   */
  successor(setup: EngineSetup): SynthProducer {
    const next = new SynthProducer(setup);
    next.fx.restore(this.fx.snapshot());
    next.engine.setMasterVolume(this.engine.masterVolume);
    next.engine.setVelocityCurve(this.engine.velocityCurve);
    for (const part of [KEYS, PADS]) {
      const { bank, preset } = this.engine.instrumentOf(part);
      if (bank && preset) next.engine.selectInstrument(bank, Math.max(0, bank.presets.indexOf(preset)), part);
    }
    // Keys still held keep sounding on the new configuration (restruck, since
    // voice positions don't translate across sample rates).
    for (const voice of this.engine.pool.voices) {
      if (voice.active && !voice.released && voice.zone?.trigger === 'attack' && voice.part === KEYS) next.engine.noteOn(voice.note, voice.velocity);
    }
    return next;
  }

  /**
   * Applies queued commands, then renders blocks while the ring has room for
   * a whole one, applying commands that arrive in between. Returns blocks rendered.
   */
  fill(): number {
    const ring = this.views?.ring;
    const commands = this.commands;
    if (!ring || !commands) return 0;
    const samples = this.setup.blockFrames * CHANNELS;
    let blocks = 0;
    commands.drain(this.applyRealtime);
    while (ring.available_write() >= samples) {
      if (blocks > 0) commands.drain(this.applyRealtime);
      ring.push(this.renderBlock(), samples);
      blocks++;
    }
    return blocks;
  }

  /** Renders one block and returns it interleaved (the producer's own scratch: copy or push it before the next call). */
  renderBlock(): Float32Array {
    const frames = this.setup.blockFrames;
    const left = this.#left;
    const right = this.#right;
    const interleaved = this.#interleaved;
    this.engine.render(left, right, frames);
    for (let i = 0, j = 0; i < frames; i++, j += 2) {
      interleaved[j] = left[i]!;
      interleaved[j + 1] = right[i]!;
    }
    this.blocksRendered++;
    return interleaved;
  }

  /** One real-time command from the ring (see synth-commands.ts for the record layout). */
  readonly applyRealtime = (op: number, a: number, b: number, c = 0): void => {
    const engine = this.engine;
    switch (op) {
      case RealtimeOp.NoteOn:
        return engine.noteOn(a & 127, b & 127, c & 1);
      case RealtimeOp.NoteOff:
        return engine.noteOff(a & 127, c & 1);
      case RealtimeOp.Sustain:
        return engine.setSustain(a !== 0);
      case RealtimeOp.PitchBend:
        return engine.setPitchBend(a);
      case RealtimeOp.MasterVolume:
        return engine.setMasterVolume(a);
      case RealtimeOp.StopAll:
        return engine.stopAll();
      case RealtimeOp.VelocityCurve: {
        const curve = VELOCITY_CURVES[a];
        if (curve) engine.setVelocityCurve(curve);
        return;
      }
      case RealtimeOp.SetFx: {
        const id = FX_PARAM_IDS[a];
        if (id !== undefined && Number.isFinite(b)) this.fx.setParam(id, b);
        return;
      }
    }
  };

  selectInstrument(bank: InstrumentBank, presetIndex = 0, part = KEYS): void {
    this.engine.selectInstrument(bank, presetIndex, part);
  }

}
