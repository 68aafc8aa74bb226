import type { AudioRingMemory } from '../shared/audio-ring';
import { RingReader } from './ring-reader';
import { RING_READER_PROCESSOR } from './ring-reader.worklet-name';

/** AudioWorklet glue: hands each render quantum's output to the RingReader. */
class RingReaderProcessor extends AudioWorkletProcessor {
  readonly #reader: RingReader;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.#reader = new RingReader((options.processorOptions as { memory: AudioRingMemory }).memory);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const left = outputs[0]?.[0];
    if (left) this.#reader.read(left, outputs[0]![1] ?? left, left.length);
    return true;
  }
}

registerProcessor(RING_READER_PROCESSOR, RingReaderProcessor);
