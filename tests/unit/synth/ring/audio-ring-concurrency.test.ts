import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RingBuffer } from 'ringbuf.js';
import { createAudioRingMemory } from '$workers/shared/audio-ring';
import { CommandReader, CommandWriter, COMMAND_CAPACITY, RealtimeOp, createCommandMemory } from '$workers/shared/synth-commands';

describe('the audio ring between two threads', () => {
  it.each([1, 2, 3])('delivers every frame exactly once and in order under random block sizes (seed %i)', async (seed) => {
    const total = 300_000;
    const memory = RingBuffer.getStorageForCapacity(1024, Float32Array);
    const signalMemory = new SharedArrayBuffer(8);
    const signal = new Int32Array(signalMemory);
    const ring = new RingBuffer(memory, Float32Array);
    const worker = new Worker(new URL('./ring-producer.worker.mjs', import.meta.url), { workerData: { ring: memory, signal: signalMemory, total, seed } });
    const out = new Float32Array(700);
    let expected = 0;
    let state = seed * 7919;
    const random = () => ((state = (Math.imul(state, 22695477) + 1) >>> 0) / 2 ** 32);
    let problem: string | undefined;
    while (expected < total && !problem) {
      const got = ring.pop(out, 1 + Math.floor(random() * 699));
      for (let i = 0; i < got; i++) {
        if (out[i] !== expected) {
          problem = `frame ${expected} arrived as ${out[i]}`;
          break;
        }
        expected++;
      }
      // Consumer side: signal space, then wait briefly for more (like the worklet's notify).
      Atomics.add(signal, 0, 1);
      Atomics.notify(signal, 0);
      if (got === 0) Atomics.wait(signal, 1, Atomics.load(signal, 1), 5);
    }
    await worker.terminate();
    expect(problem).toBeUndefined();
    expect(expected).toBe(total);
    expect(ring.available_read()).toBe(0);
  }, 30_000);

  it('sizes the ring in frames of interleaved stereo', () => {
    const memory = createAudioRingMemory(640);
    expect(new RingBuffer(memory.ring, Float32Array).capacity()).toBe(1280);
  });
});

describe('the real-time command ring', () => {
  it('delivers commands in order with their arguments', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.double({ noNaN: true }), fc.double({ noNaN: true })), { maxLength: 300 }), (commands) => {
        const memory = createCommandMemory();
        const writer = new CommandWriter(memory);
        const reader = new CommandReader(memory);
        for (const [op, a, b] of commands) writer.write(op as RealtimeOp, a, b);
        const seen: Array<[number, number, number]> = [];
        reader.drain((op, a, b) => seen.push([op, a, b]));
        expect(seen).toEqual(commands);
      })
    );
  });

  it('drops and counts commands when a flood fills it, without corrupting the ones kept', () => {
    const memory = createCommandMemory();
    const writer = new CommandWriter(memory);
    for (let i = 0; i < COMMAND_CAPACITY + 100; i++) writer.write(RealtimeOp.NoteOn, i % 128, 100);
    expect(writer.dropped).toBe(100);
    let count = 0;
    new CommandReader(memory).drain((op, a) => {
      expect(op).toBe(RealtimeOp.NoteOn);
      expect(a).toBe(count % 128);
      count++;
    });
    expect(count).toBe(COMMAND_CAPACITY);
  });
});
