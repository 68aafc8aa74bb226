import * as Comlink from 'comlink';
import type { InstrumentLoader, InstrumentSummary } from '$workers/instrument-loader/instrument-loader.worker';
import type { InstrumentFileFormat } from '$workers/synth/instruments/parse-instrument-file';
import { createAudioRingMemory, createEngineChannel, AudioRingViews, Counter, type AudioRingMemory } from '$workers/shared/audio-ring';
import { bankBuffers } from '$workers/shared/instrument-schema';
import { CommandWriter, RealtimeOp } from '$workers/shared/synth-commands';
import { FX_PARAM_IDS, type FxParamId } from '$workers/synth/fx/fx-params';
import { VELOCITY_CURVES, type VelocityCurve } from '$workers/synth/engine/velocity-curve';
import { PART_PARAMS, PARTS, type PartParam } from '$workers/synth/engine/part-params';
import { ProducerEventSchema, SHUTTING_DOWN, type ProducerCommand, type ProducerEvent, type EngineSetup } from '$workers/shared/synth-protocol';
import { RING_READER_PROCESSOR } from '$workers/worklet/ring-reader.worklet-name';
import ringReaderUrl from '$workers/worklet/ring-reader.worklet.ts?worker&url';
import * as v from 'valibot';
import type { AppLog } from '$lib/log/app-log';
import { PRODUCER_BLOCK_FRAMES, ringFramesFor, type AudioConfig } from './audio-config';

export interface EngineStats {
  underruns: number;
  framesPlayed: number;
  peakLeft: number;
  peakRight: number;
  framesQueued: number;
  /** Tight timing since the engine (re)started: notes placed at their frame, late ones, ones that overflowed the queue. */
  timedScheduled?: number;
  timedLate?: number;
  timedOverflowed?: number;
}

interface Graph {
  context: AudioContext;
  node: AudioWorkletNode;
  config: AudioConfig;
  /** Frames the transport keeps queued ahead of the output (ring, or twice that for the fallback). */
  queueFrames: number;
  /** Shared-ring transport: the counters live in shared memory. */
  views?: AudioRingViews;
  /** Message-port transport: the producer's end of the channel, and the stats the worklet posts. */
  producerPort?: MessagePort;
  portStats?: EngineStats;
  /** Made on first use by `playbackInput()`: other players' way into the output. */
  playback?: GainNode;
  /** Underruns while the engine was still loading its instruments (see `markReady`). */
  startupUnderruns?: number;
}

/** How audio travels from the producer to the worklet. */
export type AudioTransport = 'shared-ring' | 'message-port';

type Pending = { resolve: (detail: string | undefined) => void; reject: (error: Error) => void };

/**
 * The main-thread side of the audio engine: owns the AudioContext, the
 * worklet and the producer worker, and gives the UI and (later) the MIDI
 * router a small synchronous API. Note and FX calls post a message and
 * return at once: nothing on the way to sound awaits anything.
 */
export class AudioEngine {
  #worker: Worker | undefined;
  #loader: Comlink.Remote<InstrumentLoader> | undefined;
  #loaderWorker: Worker | undefined;
  #graph: Graph | undefined;
  /** Lives as long as the engine: a reconfigure keeps the queue, so no note-off is lost. */
  readonly #channel = typeof SharedArrayBuffer === 'function' ? createEngineChannel() : undefined;
  readonly #commands = this.#channel ? new CommandWriter(this.#channel.commands) : undefined;
  readonly #mailbox = this.#channel ? new Int32Array(this.#channel.mailbox) : undefined;
  #messagesPosted = 0;
  #nextRequest = 1;
  readonly #pending = new Map<number, Pending>();
  #starting: Promise<void> | undefined;
  /** Tapped output for tests and meters: an analyser in parallel with the destination. */
  analyser: AnalyserNode | undefined;

  constructor(private readonly log: AppLog) {}

  get running(): boolean {
    return this.#graph !== undefined;
  }

  /** Shared memory when cross-origin isolated; otherwise the slower message-port fallback. */
  get transport(): AudioTransport {
    return this.#channel && globalThis.crossOriginIsolated ? 'shared-ring' : 'message-port';
  }

  get sampleRate(): number | undefined {
    return this.#graph?.context.sampleRate;
  }

  /** The running AudioContext, for other players (diarization turns) that share the app's output. */
  get context(): AudioContext | undefined {
    return this.#graph?.context;
  }

  get config(): AudioConfig | undefined {
    return this.#graph?.config;
  }

  /** Creates everything; call from a user gesture (browsers only start audio after one). */
  start(config: AudioConfig): Promise<void> {
    this.#starting ??= this.#start(config).catch((error: unknown) => {
      this.#starting = undefined;
      throw error;
    });
    return this.#starting;
  }

  async #start(config: AudioConfig): Promise<void> {
    const worker = new Worker(new URL('../../../workers/synth/producer.worker.ts', import.meta.url), { type: 'module', name: 'synth-producer' });
    worker.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
    // A fresh worker has handled no message yet.
    this.#messagesPosted = 0;
    if (this.#mailbox) Atomics.store(this.#mailbox, 0, 0);
    worker.onerror = (event) => this.log.error('audio', `The synth worker crashed: ${event.message}`);
    this.#worker = worker;
    const graph = await this.#buildGraph(config);
    try {
      await this.#request({ type: 'start', requestId: 0, setup: this.#setupFor(graph) }, graph.producerPort ? [graph.producerPort] : []);
    } catch (error) {
      await graph.context.close();
      throw error;
    }
    this.#graph = graph;
    this.setMasterVolume(config.masterVolume);
    this.setVelocityCurve(config.velocityCurve);
    this.setTightTiming(config.tightTiming, config.tightTimingDelayMs);
    this.#applyPartParams(config);
    this.log.info('audio', 'Audio engine started', {
      sampleRate: graph.context.sampleRate,
      transport: this.transport,
      ringFrames: graph.views?.memory.capacityFrames ?? null,
      baseLatencyMs: Math.round(graph.context.baseLatency * 1000 * 10) / 10
    });
  }

  /**
   * `part`: 0 keys (keyboards, piano panel), 1 pads (pad panels).
   * `timestamp`: when the event happened (a MIDI event's time, on this page's
   * performance.now() clock). It travels as shared wall time (workers have
   * their own timeOrigin); with tight timing on, the producer plays the note
   * at that time + the tight-timing delay instead of as soon as it wakes.
   */
  noteOn(note: number, velocity: number, part = 0, timestamp?: number): void {
    this.#realtime(RealtimeOp.NoteOn, note, velocity, part, sharedTime(timestamp));
  }

  noteOff(note: number, part = 0, timestamp?: number): void {
    this.#realtime(RealtimeOp.NoteOff, note, 0, part, sharedTime(timestamp));
  }

  /** Tight timing (shared-ring transport only: the message-port fallback has no frame clock and plays at once). */
  setTightTiming(enabled: boolean, delayMs: number): void {
    this.#realtime(RealtimeOp.TightTiming, enabled ? 1 : 0, delayMs);
  }

  setSustain(down: boolean): void {
    this.#realtime(RealtimeOp.Sustain, down ? 1 : 0);
  }

  setPitchBend(amount: number): void {
    this.#realtime(RealtimeOp.PitchBend, amount);
  }

  setFx(id: FxParamId, value: number): void {
    this.#realtime(RealtimeOp.SetFx, FX_PARAM_IDS.indexOf(id), value);
  }

  setMasterVolume(gain: number): void {
    this.#realtime(RealtimeOp.MasterVolume, gain);
  }

  /** A part's volume, attack or release as a knob position (0…1); the producer maps it (part-params.ts). */
  setPartParam(part: number, param: PartParam, position: number): void {
    this.#realtime(RealtimeOp.PartParam, part, PART_PARAMS.indexOf(param), position);
  }

  #applyPartParams(config: AudioConfig): void {
    PARTS.forEach((name, part) => {
      for (const param of PART_PARAMS) this.setPartParam(part, param, config.parts[name][param]);
    });
  }

  setVelocityCurve(curve: VelocityCurve): void {
    this.#realtime(RealtimeOp.VelocityCurve, VELOCITY_CURVES.indexOf(curve));
  }

  stopAll(): void {
    this.#realtime(RealtimeOp.StopAll);
  }

  /** Commands dropped because the producer's queue was full (floods). */
  get droppedCommands(): number {
    return this.#commands?.dropped ?? 0;
  }

  /** Builds a built-in instrument in the loader worker and hands it to the producer. */
  async selectBuiltIn(instrument: string, part = 0): Promise<string | undefined> {
    const bank = await this.#loaderApi().builtIn(instrument);
    return this.#request({ type: 'loadInstrument', requestId: 0, bank, presetIndex: 0, part }, bankBuffers(bank));
  }

  /** Parses an imported file in the loader worker and plays preset `presetIndex` of it. */
  async selectImported(bytes: Uint8Array, fileName: string, format: InstrumentFileFormat, presetIndex: number): Promise<string | undefined> {
    const bank = await this.#loaderApi().load(bytes, fileName, format);
    return this.#request({ type: 'loadInstrument', requestId: 0, bank, presetIndex, part: 0 }, bankBuffers(bank));
  }

  /** Checks an instrument file without playing it (works before audio starts). */
  inspectInstrument(bytes: Uint8Array, fileName: string, format: InstrumentFileFormat): Promise<InstrumentSummary> {
    return this.#loaderApi().inspect(bytes, fileName, format);
  }

  #loaderApi(): Comlink.Remote<InstrumentLoader> {
    this.#loaderWorker ??= new Worker(new URL('../../../workers/instrument-loader/instrument-loader.worker.ts', import.meta.url), {
      type: 'module',
      name: 'instrument-loader'
    });
    this.#loader ??= Comlink.wrap<InstrumentLoader>(this.#loaderWorker);
    return this.#loader;
  }

  /** What the engine adds before the device: frames queued in the ring (or fallback queue) plus one quantum. */
  latency(): { sampleRate: number; queueFrames: number; quantumFrames: number; baseLatencyMs: number; outputLatencyMs: number } | undefined {
    const graph = this.#graph;
    if (!graph) return undefined;
    const rate = graph.context.sampleRate;
    return {
      sampleRate: rate,
      queueFrames: graph.queueFrames,
      quantumFrames: PRODUCER_BLOCK_FRAMES,
      baseLatencyMs: graph.context.baseLatency * 1000,
      outputLatencyMs: (graph.context.outputLatency || 0) * 1000
    };
  }

  /** The transport's counters; underruns counted from `markReady`. */
  stats(): EngineStats | undefined {
    const raw = this.#transportStats();
    return raw && { ...raw, underruns: raw.underruns - (this.#graph?.startupUnderruns ?? 0) };
  }

  #transportStats(): EngineStats | undefined {
    const graph = this.#graph;
    return graph?.views ? { ...graph.views.stats(), framesQueued: graph.views.framesQueued() } : graph?.portStats;
  }

  /**
   * Called once the first start has loaded its instruments. Underruns before
   * it are start-up: output was silence either way (nothing can sound before
   * an instrument is in), while on a 2-core machine the instrument loader and
   * the page competed with the producer. A reconfigured graph counts from its
   * first frame, since held notes sound across it.
   */
  markReady(): void {
    const graph = this.#graph;
    if (graph) graph.startupUnderruns = this.#transportStats()?.underruns ?? 0;
  }

  /**
   * Applies a new audio configuration without a reload. Sample rate and
   * latency need a new context, worklet and ring; the producer moves its
   * voices' instrument and every FX setting to them. On failure the old
   * graph keeps playing and the error is thrown for the UI to show.
   */
  async reconfigure(config: AudioConfig): Promise<void> {
    const old = this.#graph;
    if (!old) throw new Error('The audio engine is not started');
    const needsNewGraph = config.sampleRate !== old.config.sampleRate || config.latencyMode !== old.config.latencyMode || config.maxVoices !== old.config.maxVoices;
    if (!needsNewGraph) {
      if (config.outputDeviceId !== old.config.outputDeviceId) await this.#setSink(old.context, config.outputDeviceId);
      this.setMasterVolume(config.masterVolume);
      this.setVelocityCurve(config.velocityCurve);
      this.setTightTiming(config.tightTiming, config.tightTimingDelayMs);
    this.#applyPartParams(config);
      this.#graph = { ...old, config };
      return;
    }
    const next = await this.#buildGraph(config);
    try {
      await this.#request({ type: 'reconfigure', requestId: 0, setup: this.#setupFor(next) }, next.producerPort ? [next.producerPort] : []);
    } catch (error) {
      await next.context.close().catch(() => undefined);
      throw error;
    }
    this.#graph = next;
    this.setMasterVolume(config.masterVolume);
    this.setVelocityCurve(config.velocityCurve);
    this.setTightTiming(config.tightTiming, config.tightTimingDelayMs);
    this.#applyPartParams(config);
    await old.context.close().catch(() => undefined);
    this.log.info('audio', 'Audio reconfigured', { sampleRate: next.context.sampleRate, latencyMode: config.latencyMode, maxVoices: config.maxVoices });
  }

  /**
   * A second way into the output, beside the synth (stem playback): its own
   * gain node into the same destination and meter tap. It never passes
   * through the synth's ring, so playing stems cannot delay or starve live
   * notes. A reconfigure builds a new context: callers compare `context` and
   * rebuild their nodes.
   */
  playbackInput(): { context: AudioContext; input: GainNode } | undefined {
    const graph = this.#graph;
    if (!graph) return undefined;
    if (!graph.playback) {
      const input = graph.context.createGain();
      input.connect(graph.context.destination);
      if (this.analyser?.context === graph.context) input.connect(this.analyser);
      graph.playback = input;
    }
    return { context: graph.context, input: graph.playback };
  }

  /** Stops audio; every request still waiting is answered "engine shutting down". */
  async shutdown(): Promise<void> {
    if (this.#worker) await this.#request({ type: 'shutdown', requestId: 0 }).catch(() => undefined);
    for (const [id, pending] of this.#pending) {
      pending.reject(new Error(SHUTTING_DOWN));
      this.#pending.delete(id);
    }
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#loader?.[Comlink.releaseProxy]();
    this.#loaderWorker?.terminate();
    this.#loader = undefined;
    this.#loaderWorker = undefined;
    await this.#graph?.context.close().catch(() => undefined);
    this.#graph = undefined;
    this.#starting = undefined;
  }

  async #buildGraph(config: AudioConfig): Promise<Graph> {
    const failed = (error: unknown) => new Error(`Could not open audio at ${config.sampleRate || 'the device'} Hz: ${error instanceof Error ? error.message : String(error)}`);
    let context: AudioContext;
    try {
      // Throws at once when the device refuses the rate (NotSupportedError).
      context = new AudioContext({ latencyHint: config.latencyMode, ...(config.sampleRate ? { sampleRate: config.sampleRate } : {}) });
    } catch (error) {
      throw failed(error);
    }
    try {
      await context.audioWorklet.addModule(ringReaderUrl);
      const ringFrames = ringFramesFor(config.latencyMode, context.baseLatency, context.sampleRate);
      const shared = this.transport === 'shared-ring';
      const memory: AudioRingMemory | undefined = shared ? createAudioRingMemory(ringFrames, this.#channel) : undefined;
      // Messages arrive less punctually than shared-memory writes: twice the queue.
      const queueFrames = shared ? ringFrames : ringFrames * 2;
      const node = new AudioWorkletNode(context, RING_READER_PROCESSOR, {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [2],
        processorOptions: shared ? { memory } : { queueFrames, blockFrames: PRODUCER_BLOCK_FRAMES }
      });
      let producerPort: MessagePort | undefined;
      const graph: Graph = { context, node, config, queueFrames, ...(memory ? { views: new AudioRingViews(memory) } : {}) };
      if (!shared) {
        const channel = new MessageChannel();
        node.port.postMessage({ producer: channel.port1 }, [channel.port1]);
        node.port.onmessage = (event: MessageEvent<EngineStats>) => (graph.portStats = event.data);
        producerPort = channel.port2;
        graph.producerPort = producerPort;
      }
      node.connect(context.destination);
      const analyser = context.createAnalyser();
      analyser.fftSize = 32768;
      // No averaging with the previous spectrum: each read describes what is playing now.
      analyser.smoothingTimeConstant = 0;
      node.connect(analyser);
      this.analyser = analyser;
      if (config.outputDeviceId) await this.#setSink(context, config.outputDeviceId);
      if (context.state !== 'running') await context.resume();
      return graph;
    } catch (error) {
      await context.close().catch(() => undefined);
      throw failed(error);
    }
  }

  async #setSink(context: AudioContext, deviceId: string): Promise<void> {
    const sinkable = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    if (!sinkable.setSinkId) throw new Error('This browser cannot choose an audio output device');
    try {
      await sinkable.setSinkId(deviceId);
    } catch (error) {
      const gone = error instanceof DOMException && error.name === 'NotFoundError';
      throw new Error(gone ? 'That audio output is not connected any more (unplugged?)' : `The audio output could not be used: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #setupFor(graph: Graph): EngineSetup {
    return {
      ...(graph.views ? { memory: graph.views.memory } : {}),
      ...(graph.producerPort ? { port: graph.producerPort } : {}),
      sampleRate: graph.context.sampleRate,
      maxVoices: graph.config.maxVoices,
      blockFrames: PRODUCER_BLOCK_FRAMES
    };
  }

  /** Queues a real-time command and wakes the producer; never waits. */
  #realtime(op: RealtimeOp, a = 0, b = 0, c = 0, t = 0): void {
    const graph = this.#graph;
    if (!graph) return;
    if (graph.views && this.#commands) {
      this.#commands.write(op, a, b, c, t);
      Atomics.notify(graph.views.counters, Counter.Consumed);
    } else {
      this.#worker?.postMessage({ type: 'realtime', op, a, b, c });
    }
  }

  #request(command: ProducerCommand & { requestId: number }, transfer: Transferable[] = []): Promise<string | undefined> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error('The audio engine is not started'));
    const requestId = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, { resolve, reject });
      worker.postMessage({ ...command, requestId }, transfer);
      // The producer reads messages only when told there is one (it is parked in
      // Atomics.wait). 'start' is the exception: nothing is looping yet.
      if (this.#messagesPosted++ > 0 && this.#mailbox && this.transport === 'shared-ring') {
        Atomics.add(this.#mailbox, 0, 1);
        const counters = this.#graph?.views?.counters;
        if (counters) Atomics.notify(counters, Counter.Consumed);
      }
    });
  }

  #receive(data: unknown): void {
    const parsed = v.safeParse(ProducerEventSchema, data);
    if (!parsed.success) {
      this.log.warn('audio', 'Ignored a malformed message from the synth worker');
      return;
    }
    const event: ProducerEvent = parsed.output;
    if (event.type === 'log') {
      this.log.write(event.level, 'synth', event.message);
      return;
    }
    const pending = this.#pending.get(event.requestId);
    if (!pending) return;
    this.#pending.delete(event.requestId);
    if (event.ok) pending.resolve(event.detail);
    else pending.reject(new Error(event.error));
  }
}

/** A page-clock timestamp as shared wall time (ms since the epoch); 0 = none. */
function sharedTime(timestamp: number | undefined): number {
  return timestamp === undefined || !Number.isFinite(timestamp) || timestamp <= 0 ? 0 : performance.timeOrigin + timestamp;
}
