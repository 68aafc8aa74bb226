import { describe, expect, it } from 'vitest';
import { PortQueueReader } from '$workers/worklet/port-queue-reader';

function block(frames: number, value: number): Float32Array {
  return new Float32Array(frames * 2).fill(value);
}

describe('the message-port fallback queue', () => {
  it('asks for enough blocks to reach its target, counting blocks already requested', () => {
    const queue = new PortQueueReader(1024, 128);
    expect(queue.blocksToRequest()).toBe(8);
    expect(queue.blocksToRequest()).toBe(0);
    for (let i = 0; i < 8; i++) queue.enqueue(block(128, 0.1));
    expect(queue.stats.framesQueued).toBe(0); // updated on read
    const left = new Float32Array(128);
    const right = new Float32Array(128);
    queue.read(left, right, 128);
    expect(queue.stats.framesQueued).toBe(896);
    expect(queue.blocksToRequest()).toBe(1);
  });

  it('plays frames in order and counts an underrun only after audio has started', () => {
    const queue = new PortQueueReader(256, 128);
    const left = new Float32Array(128);
    const right = new Float32Array(128);
    queue.read(left, right, 128);
    expect(queue.stats.underruns).toBe(0);
    queue.enqueue(block(128, 0.25));
    queue.read(left, right, 128);
    expect(left.every((value) => value === 0.25)).toBe(true);
    expect(queue.stats.peakLeft).toBeCloseTo(0.25);
    queue.read(left, right, 128);
    expect(queue.stats.underruns).toBe(1);
    expect(left.every((value) => value === 0)).toBe(true);
  });

  it('drops a block that would overflow instead of overwriting queued audio', () => {
    const queue = new PortQueueReader(128, 128);
    for (let i = 0; i < 20; i++) queue.enqueue(block(128, i));
    const left = new Float32Array(128);
    const right = new Float32Array(128);
    queue.read(left, right, 128);
    expect(left[0]).toBe(0); // the first block is still first
  });
});
