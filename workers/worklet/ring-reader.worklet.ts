import type { AudioRingMemory } from '../shared/audio-ring';
import { PortQueueReader } from './port-queue-reader';
import { RingReader } from './ring-reader';
import { RING_READER_PROCESSOR } from './ring-reader.worklet-name';

interface ReaderOptions {
  /** Shared-ring transport (cross-origin isolated). */
  memory?: AudioRingMemory;
  /** Message-port transport: frames to keep queued, and the producer's block size. */
  queueFrames?: number;
  blockFrames?: number;
}

/** Quanta between stats messages in message-port mode (there are no shared counters to read). */
const STATS_EVERY = 16;

/** AudioWorklet glue: hands each render quantum's output to the reader of the active transport. */
class RingReaderProcessor extends AudioWorkletProcessor {
  readonly #ring: RingReader | undefined;
  readonly #queue: PortQueueReader | undefined;
  #producer: MessagePort | undefined;
  #quanta = 0;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const settings = options.processorOptions as ReaderOptions;
    if (settings.memory) {
      this.#ring = new RingReader(settings.memory);
      return;
    }
    // Fallback: the main thread hands us a port to the producer.
    this.#queue = new PortQueueReader(settings.queueFrames ?? 4096, settings.blockFrames ?? 128);
    this.port.onmessage = (event: MessageEvent<{ producer?: MessagePort }>) => {
      const producer = event.data.producer;
      if (!producer) return;
      this.#producer = producer;
      producer.onmessage = (message: MessageEvent<Float32Array>) => this.#queue?.enqueue(message.data);
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const left = outputs[0]?.[0];
    if (!left) return true;
    const right = outputs[0]![1] ?? left;
    if (this.#ring) {
      this.#ring.read(left, right, left.length);
      return true;
    }
    const queue = this.#queue!;
    queue.read(left, right, left.length);
    const blocks = this.#producer ? queue.blocksToRequest() : 0;
    if (blocks > 0) this.#producer!.postMessage({ need: blocks });
    if (++this.#quanta % STATS_EVERY === 0) this.port.postMessage(queue.stats);
    return true;
  }
}

registerProcessor(RING_READER_PROCESSOR, RingReaderProcessor);
