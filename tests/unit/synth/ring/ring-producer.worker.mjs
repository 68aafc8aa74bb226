// Test producer for the SPSC ring: writes the sequence 0, 1, 2… in random
// block sizes, waiting (Atomics.wait, no spinning) whenever the ring is full.
import { workerData, parentPort } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';

const { ring: memory, signal: signalMemory, total, seed } = workerData;
const ring = new RingBuffer(memory, Float32Array);
const signal = new Int32Array(signalMemory);
let state = seed >>> 0;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const block = new Float32Array(512);
let next = 0;
while (next < total) {
  const size = Math.min(total - next, 1 + Math.floor(random() * 511));
  for (let i = 0; i < size; i++) block[i] = next + i;
  let written = 0;
  while (written < size) {
    const mark = Atomics.load(signal, 0);
    const n = ring.push(block.subarray(written, size), size - written);
    written += n;
    if (written < size) Atomics.wait(signal, 0, mark, 100);
  }
  next += size;
  Atomics.add(signal, 1, 1);
  Atomics.notify(signal, 1);
}
parentPort.postMessage('done');
