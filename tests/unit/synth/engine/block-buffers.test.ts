import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockBuffers } from '$workers/synth/engine/block-buffers';

describe('block buffers', () => {
  it('are separate, full-length, and never a multiple of 4 KiB apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8192 }), fc.integer({ min: 1, max: 6 }), (frames, count) => {
        const buffers = blockBuffers(frames, count);
        expect(buffers).toHaveLength(count);
        for (const buffer of buffers) expect(buffer.length).toBe(frames);
        const starts = buffers.map((buffer) => buffer.byteOffset);
        for (let a = 0; a < count; a++) {
          for (let b = a + 1; b < count; b++) {
            // No overlap…
            expect(starts[b]! - starts[a]!).toBeGreaterThanOrEqual(frames * 4);
            // …and at least a cache line away from 4 KiB aliasing.
            const distance = (starts[b]! - starts[a]!) % 4096;
            expect(Math.min(distance, 4096 - distance)).toBeGreaterThanOrEqual(64);
          }
        }
        buffers[0]!.fill(1);
        for (const buffer of buffers.slice(1)) expect(buffer.every((x) => x === 0)).toBe(true);
      })
    );
  });
});
