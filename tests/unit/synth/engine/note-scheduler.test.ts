import { describe, expect, it } from 'vitest';
import { NoteScheduler, PlaybackClock } from '$workers/synth/note-scheduler';

type Played = [op: number, a: number, b: number, c: number];

function recorder(): { played: Played[]; handle: (op: number, a: number, b: number, c: number) => void } {
  const played: Played[] = [];
  return { played, handle: (op, a, b, c) => void played.push([op, a, b, c]) };
}

describe('the note scheduler', () => {
  it('places an event on its exact frame inside the block', () => {
    const scheduler = new NoteScheduler(8);
    const { played, handle } = recorder();
    scheduler.schedule(1000 + 37.6, 1, 60, 100, 0, handle);
    expect(scheduler.nextOffset(1000, 128)).toBe(37);
    scheduler.release(1000, handle);
    expect(played).toEqual([[1, 60, 100, 0]]);
    expect(scheduler.nextOffset(1000, 128)).toBe(-1);
    expect(scheduler.stats).toEqual({ scheduled: 1, late: 0, overflowed: 0 });
  });

  it('plays an event whose frame was already rendered at frame 0 of the next block, and counts it late', () => {
    const scheduler = new NoteScheduler(8);
    const { handle } = recorder();
    scheduler.schedule(900, 1, 60, 100, 0, handle);
    expect(scheduler.nextOffset(1000, 128)).toBe(0);
    scheduler.release(1000, handle);
    expect(scheduler.stats.late).toBe(1);
  });

  it('holds an early event across blocks until the block that contains its frame', () => {
    const scheduler = new NoteScheduler(8);
    const { played, handle } = recorder();
    scheduler.schedule(1300, 2, 64, 0, 1, handle);
    expect(scheduler.nextOffset(1000, 128)).toBe(-1);
    expect(scheduler.nextOffset(1128, 128)).toBe(-1);
    expect(scheduler.nextOffset(1256, 128)).toBe(44);
    scheduler.release(1256, handle);
    expect(played).toEqual([[2, 64, 0, 1]]);
    expect(scheduler.pending).toBe(0);
  });

  it('releases events in frame order whatever order they arrived in, equal frames in arrival order', () => {
    const scheduler = new NoteScheduler(8);
    const { played, handle } = recorder();
    scheduler.schedule(50, 1, 3, 0, 0, handle);
    scheduler.schedule(10, 1, 1, 0, 0, handle);
    scheduler.schedule(50, 2, 4, 0, 0, handle);
    scheduler.schedule(20, 1, 2, 0, 0, handle);
    for (let at = scheduler.nextOffset(0, 128); at >= 0; at = scheduler.nextOffset(0, 128)) scheduler.release(0, handle);
    expect(played.map(([op, note]) => [op, note])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 4]
    ]);
  });

  it('plays an event at once and counts it when the pending queue is full, never dropping it', () => {
    const scheduler = new NoteScheduler(4);
    const { played, handle } = recorder();
    for (let i = 0; i < 4; i++) scheduler.schedule(10_000 + i, 1, 60 + i, 100, 0, handle);
    expect(played).toEqual([]);
    scheduler.schedule(20_000, 2, 60, 0, 0, handle);
    expect(played).toEqual([[2, 60, 0, 0]]);
    expect(scheduler.stats.overflowed).toBe(1);
    expect(scheduler.pending).toBe(4);
  });

  it('reuses its fixed storage: thousands of events through a 4-slot queue come out in order', () => {
    const scheduler = new NoteScheduler(4);
    const { played, handle } = recorder();
    let blockStart = 0;
    for (let i = 0; i < 10_000; i++) {
      scheduler.schedule(i * 100 + 5, 1, i % 128, 100, 0, handle);
      // Some blocks release nothing; the queue wraps around its storage thousands of times.
      for (let at = scheduler.nextOffset(blockStart, 128); at >= 0; at = scheduler.nextOffset(blockStart, 128)) scheduler.release(blockStart, handle);
      blockStart += 100;
    }
    expect(played).toHaveLength(10_000);
    expect(played.every(([, note], i) => note === i % 128)).toBe(true);
    expect(scheduler.stats).toEqual({ scheduled: 10_000, late: 0, overflowed: 0 });
  });

  it('plays everything pending at once when flushed', () => {
    const scheduler = new NoteScheduler(4);
    const { played, handle } = recorder();
    scheduler.schedule(5000, 1, 60, 100, 0, handle);
    scheduler.schedule(6000, 2, 60, 0, 0, handle);
    scheduler.flush(handle);
    expect(played).toEqual([
      [1, 60, 100, 0],
      [2, 60, 0, 0]
    ]);
    expect(scheduler.pending).toBe(0);
  });
});

describe('the playback clock', () => {
  const rate = 48000;
  const burstFrames = 480; // Chrome renders a 10 ms device buffer in one burst

  /** Frames consumed by time `ms` when the consumer takes a whole burst every 10 ms. */
  const consumedBy = (ms: number) => Math.floor(ms / 10) * burstFrames + burstFrames;

  it('maps wall time to frames without the burst staircase or the producer being woken late', () => {
    const clock = new PlaybackClock(rate);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const origin = 1.7e12; // shared-clock milliseconds are large: precision must survive them
    // Observe at random moments, often well after the burst (a deprioritised worker).
    for (let ms = 0; ms < 2000; ms += 0.5 + random() * 6) clock.observe(origin + ms, consumedBy(ms));
    // The estimate is a straight line: one frame per frame of wall time, whatever the phase inside a burst.
    const at = (ms: number) => clock.consumedAt(origin + ms);
    for (const ms of [2000, 2003.3, 2007.1, 2009.9]) expect(at(ms) - at(2000)).toBeCloseTo(((ms - 2000) * rate) / 1000, 1);
    // ... on the upper envelope of the staircase (within the phase of the luckiest observation, < 0.5 ms):
    // the consumer has never taken more than it says, and right after a burst it took that much.
    for (const ms of [2000, 2003.3, 2007.1, 2009.9]) expect(at(ms)).toBeGreaterThanOrEqual(consumedBy(ms) - 24);
    expect(Math.abs(at(2000) - consumedBy(2000))).toBeLessThan(24);
  });

  it('starts over when the consumer stalls, instead of scheduling notes far in the future', () => {
    const clock = new PlaybackClock(rate);
    for (let ms = 0; ms < 500; ms += 2.5) clock.observe(ms, (ms * rate) / 1000);
    // The device paused for 1 s: frames consumed stood still.
    clock.observe(1500, (500 * rate) / 1000);
    expect(clock.consumedAt(1500)).toBeCloseTo((500 * rate) / 1000, 3);
  });
});
