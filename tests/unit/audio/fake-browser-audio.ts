/**
 * Just enough of the browser's Web Audio and Worker APIs for the main-thread
 * audio controller to run in Node: contexts that can refuse a sample rate or an
 * output device, and a producer worker whose replies the test releases by hand
 * (so races can be staged in a chosen order).
 */
import { vi } from 'vitest';

export interface FakeAudioWorld {
  contexts: FakeAudioContext[];
  workers: FakeWorker[];
  /** Sample rates the "device" refuses (the constructor throws, as Chrome does). */
  refusedRates: Set<number>;
  /** Output device ids that exist; setSinkId to any other rejects. */
  outputs: Set<string>;
  restore(): void;
}

let world: FakeAudioWorld;

class FakeParam {
  value = 0;
}

class FakeNode {
  connect<T>(target: T): T {
    return target;
  }
  disconnect(): void {}
}

export class FakeAudioContext {
  readonly sampleRate: number;
  readonly baseLatency = 0.01;
  readonly outputLatency = 0.02;
  state: 'running' | 'suspended' | 'closed' = 'suspended';
  sinkId = '';
  readonly destination = new FakeNode();
  readonly audioWorklet = { addModule: vi.fn(async () => undefined) };

  constructor(options: { sampleRate?: number; latencyHint?: string } = {}) {
    if (options.sampleRate !== undefined && world.refusedRates.has(options.sampleRate)) {
      throw new DOMException(`The sample rate ${options.sampleRate} is not supported`, 'NotSupportedError');
    }
    this.sampleRate = options.sampleRate ?? 48000;
    world.contexts.push(this);
  }
  createAnalyser(): FakeNode & { fftSize: number; smoothingTimeConstant: number } {
    return Object.assign(new FakeNode(), { fftSize: 2048, smoothingTimeConstant: 0.8 });
  }
  createGain(): FakeNode & { gain: FakeParam } {
    return Object.assign(new FakeNode(), { gain: new FakeParam() });
  }
  async resume(): Promise<void> {
    if (this.state !== 'closed') this.state = 'running';
  }
  async close(): Promise<void> {
    this.state = 'closed';
  }
  async setSinkId(id: string): Promise<void> {
    if (id !== '' && !world.outputs.has(id)) throw new DOMException('The requested device was not found', 'NotFoundError');
    this.sinkId = id;
  }
}

class FakeAudioWorkletNode extends FakeNode {
  readonly port = { postMessage() {}, onmessage: null as unknown };
  constructor(readonly context: FakeAudioContext) {
    super();
  }
}

/** A producer worker stand-in: records commands; the test answers requests with `reply`/`replyAll`. */
export class FakeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  readonly received: Array<{ type: string; requestId?: number }> = [];
  terminated = false;
  /** Answer 'start' at once (the engine can't do anything before it). */
  constructor() {
    world.workers.push(this);
  }
  postMessage(message: { type: string; requestId?: number }): void {
    this.received.push(message);
    if (message.type === 'start') queueMicrotask(() => this.reply(message.requestId!, true));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Requests not answered yet, oldest first. */
  pending(type?: string): Array<{ type: string; requestId: number }> {
    return this.received.filter((message): message is { type: string; requestId: number } => message.requestId !== undefined && (type === undefined || message.type === type) && !this.#answered.has(message.requestId));
  }
  readonly #answered = new Set<number>();
  reply(requestId: number, ok: boolean, error = 'refused'): void {
    this.#answered.add(requestId);
    this.onmessage?.({ data: ok ? { type: 'reply', requestId, ok: true } : { type: 'reply', requestId, ok: false, error } });
  }
}

export function installFakeBrowserAudio(): FakeAudioWorld {
  const globals = globalThis as Record<string, unknown>;
  const saved = { AudioContext: globals.AudioContext, AudioWorkletNode: globals.AudioWorkletNode, Worker: globals.Worker, crossOriginIsolated: globals.crossOriginIsolated };
  globals.AudioContext = FakeAudioContext;
  globals.AudioWorkletNode = FakeAudioWorkletNode;
  globals.Worker = FakeWorker;
  globals.crossOriginIsolated = true;
  world = {
    contexts: [],
    workers: [],
    refusedRates: new Set(),
    outputs: new Set(['usb-interface']),
    restore() {
      Object.assign(globals, saved);
    }
  };
  return world;
}
