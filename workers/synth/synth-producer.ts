import { AudioRingViews, CHANNELS, Counter } from '../shared/audio-ring';
import { CommandReader, RealtimeOp } from '../shared/synth-commands';
import type { EngineSetup } from '../shared/synth-protocol';
import { FxChain } from './fx/fx-chain';
import { FX_PARAM_IDS } from './fx/fx-params';
import type { InstrumentBank } from './instruments/instrument-model';
import { KEYS, PADS, SynthEngine } from './engine/synth-engine';
import { PART_PARAMS } from './engine/part-params';
import { VELOCITY_CURVES } from './engine/velocity-curve';
import { NoteScheduler, PlaybackClock } from './note-scheduler';
import { blockBuffers } from './engine/block-buffers';

/** The shared wall clock every thread agrees on (each has its own timeOrigin). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Timed events waiting for their block; a MIDI flood beyond this plays at once (counted). */
const PENDING_CAPACITY = 256;

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
  /** Frames this generation has written: the timeline timed events are placed on. */
  framesWritten = 0;
  /** Maps wall time to the worklet's position in the ring (shared-ring transport only). */
  readonly clock: PlaybackClock;
  readonly scheduler = new NoteScheduler(PENDING_CAPACITY);
  /** Tight timing: timed note events play at their timestamp + `tightDelayMs`, sample-accurately. */
  tightTiming = false;
  tightDelayMs = 5;
  #leadFrames = 0;

  constructor(
    readonly setup: EngineSetup,
    /** Wall clock in ms on the shared origin; injectable for tests. */
    readonly now: () => number = wallClockMs
  ) {
    const memory = setup.memory;
    this.views = memory ? new AudioRingViews(memory) : undefined;
    this.commands = memory ? new CommandReader(memory.commands) : undefined;
    this.mailbox = memory ? new Int32Array(memory.mailbox) : undefined;
    this.fx = new FxChain(setup.sampleRate, setup.blockFrames);
    this.engine = new SynthEngine({ sampleRate: setup.sampleRate, maxVoices: setup.maxVoices, maxBlockFrames: setup.blockFrames }, this.fx);
    [this.#left, this.#right] = blockBuffers(setup.blockFrames, 2);
    this.#interleaved = new Float32Array(setup.blockFrames * CHANNELS);
    this.clock = new PlaybackClock(setup.sampleRate);
    this.#updateLead();
  }

  /**
   * Switches tight timing. Off plays everything pending at once (nothing is
   * lost, a note-off least of all).
   */
  setTightTiming(enabled: boolean, delayMs = this.tightDelayMs): void {
    this.tightTiming = enabled;
    this.tightDelayMs = Math.min(100, Math.max(0, Number.isFinite(delayMs) ? delayMs : 5));
    this.#updateLead();
    if (!enabled) this.scheduler.flush(this.#applyNow);
  }

  /**
   * Frames from "the worklet's position at the event's timestamp" to the
   * frame the event plays on: what the ring keeps queued (the latency every
   * note has anyway) plus the fixed delay that absorbs main-thread lateness.
   */
  #updateLead(): void {
    const queued = this.setup.memory?.capacityFrames ?? 0;
    this.#leadFrames = queued + Math.round((this.tightDelayMs * this.setup.sampleRate) / 1000);
  }

  /**
   * Builds the next generation for a new configuration, carrying over what
   * the musician set: every FX parameter, master volume, part volumes and times, and the instrument.
   * Throws (and leaves `this` untouched) when the new setup can't be built.
   */
  successor(setup: EngineSetup): SynthProducer {
    const next = new SynthProducer(setup, this.now);
    // Frame positions do not carry over: pending events play now, so held notes move and released ones stay released.
    this.scheduler.flush(this.#applyNow);
    next.setTightTiming(this.tightTiming, this.tightDelayMs);
    next.fx.restore(this.fx.snapshot());
    next.engine.setMasterVolume(this.engine.masterVolume);
    next.engine.setVelocityCurve(this.engine.velocityCurve);
    next.engine.adoptPartParams(this.engine);
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
    this.#observeClock();
    commands.drain(this.applyRealtime);
    while (ring.available_write() >= samples) {
      if (blocks > 0) {
        this.#observeClock();
        commands.drain(this.applyRealtime);
      }
      ring.push(this.renderBlock(), samples);
      blocks++;
    }
    if (blocks > 0) this.#publishTimingStats();
    return blocks;
  }

  /** Tight-timing counters into the shared control block (this thread is their only writer). */
  #publishTimingStats(): void {
    const counters = this.views?.counters;
    if (!counters) return;
    const stats = this.scheduler.stats;
    Atomics.store(counters, Counter.TimedScheduled, stats.scheduled);
    Atomics.store(counters, Counter.TimedLate, stats.late);
    Atomics.store(counters, Counter.TimedOverflowed, stats.overflowed);
  }

  /** The worklet has consumed what was written minus what is still queued. */
  #observeClock(): void {
    const views = this.views;
    if (views) this.clock.observe(this.now(), this.framesWritten - views.framesQueued());
  }

  /** Renders one block and returns it interleaved (the producer's own scratch: copy or push it before the next call). */
  renderBlock(): Float32Array {
    const frames = this.setup.blockFrames;
    const left = this.#left;
    const right = this.#right;
    const interleaved = this.#interleaved;
    const engine = this.engine;
    const scheduler = this.scheduler;
    const blockStart = this.framesWritten;
    left.fill(0, 0, frames);
    right.fill(0, 0, frames);
    // Split the block at each timed event: voices up to its frame, the event, then the rest.
    let position = 0;
    for (let at = scheduler.nextOffset(blockStart, frames); at >= 0; at = scheduler.nextOffset(blockStart, frames)) {
      engine.renderVoices(left, right, position, at);
      if (at > position) position = at;
      scheduler.release(blockStart, this.#applyNow);
    }
    engine.renderVoices(left, right, position, frames);
    engine.finishBlock(left, right, frames);
    this.framesWritten += frames;
    for (let i = 0, j = 0; i < frames; i++, j += 2) {
      interleaved[j] = left[i]!;
      interleaved[j + 1] = right[i]!;
    }
    this.blocksRendered++;
    return interleaved;
  }

  /**
   * One real-time command from the ring (see synth-commands.ts for the
   * record layout). With tight timing, a note event carrying a timestamp
   * waits for its frame; everything else applies before the next block.
   */
  readonly applyRealtime = (op: number, a: number, b: number, c = 0, t = 0): void => {
    if (t > 0 && this.tightTiming && (op === RealtimeOp.NoteOn || op === RealtimeOp.NoteOff) && this.clock.synced) {
      this.scheduler.schedule(this.clock.consumedAt(t) + this.#leadFrames, op, a, b, c, this.#applyNow);
      return;
    }
    this.#applyNow(op, a, b, c);
  };

  readonly #applyNow = (op: number, a: number, b: number, c: number): void => {
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
      case RealtimeOp.TightTiming:
        return this.setTightTiming(a !== 0, b);
      case RealtimeOp.VelocityCurve: {
        const curve = VELOCITY_CURVES[a];
        if (curve) engine.setVelocityCurve(curve);
        return;
      }
      case RealtimeOp.PartParam: {
        const param = PART_PARAMS[b];
        if (param !== undefined && Number.isFinite(c)) engine.setPartParam(a, param, c);
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
