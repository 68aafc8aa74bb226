import { describe, expect, it } from 'vitest';
import { clampPosition, loopWithin, positionAt, reachedEnd, type TransportState } from '$lib/playback/transport-clock';

const playing = (over: Partial<TransportState> = {}): TransportState => ({ playing: true, anchorTime: 10, anchorPosition: 5, loop: undefined, duration: 60, ...over });

describe('transport clock', () => {
  it('advances the playhead with the audio clock from where playback started', () => {
    expect(positionAt(playing(), 10)).toBe(5);
    expect(positionAt(playing(), 12.5)).toBe(7.5);
  });

  it('holds the playhead before the scheduled start and while paused', () => {
    expect(positionAt(playing(), 9.9)).toBe(5);
    expect(positionAt(playing({ playing: false }), 100)).toBe(5);
  });

  it('wraps inside a loop the way a looping buffer source does', () => {
    const state = playing({ anchorPosition: 4, loop: { start: 4, end: 8 } });
    expect(positionAt(state, 10 + 3)).toBeCloseTo(7);
    expect(positionAt(state, 10 + 4)).toBeCloseTo(4);
    expect(positionAt(state, 10 + 9)).toBeCloseTo(5);
  });

  it('stops at the end of the recording without a loop, and says it got there', () => {
    expect(positionAt(playing(), 10 + 100)).toBe(60);
    expect(reachedEnd(playing(), 10 + 54)).toBe(false);
    expect(reachedEnd(playing(), 10 + 55)).toBe(true);
    expect(reachedEnd(playing({ loop: { start: 0, end: 10 } }), 10 + 100)).toBe(false);
  });

  it('keeps seeks and loops inside the recording and refuses loops too short to repeat', () => {
    expect(clampPosition(-3, 60)).toBe(0);
    expect(clampPosition(75, 60)).toBe(60);
    expect(clampPosition(Number.NaN, 60)).toBe(0);
    expect(loopWithin({ start: 50, end: 70 }, 60)).toEqual({ start: 50, end: 60 });
    expect(loopWithin({ start: 10, end: 10.1 }, 60)).toBeUndefined();
  });
});
