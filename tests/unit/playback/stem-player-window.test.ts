import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HANDOVER_FADE_SECONDS, nextWindow, windowFor, covers, refillDue, handoverPosition } from '$lib/playback/playback-window';
import { StemPlayer, type PlaybackOutput, type StemSamples } from '$lib/playback/stem-player';

/**
 * The player holds a window of the recording, not the whole of it: what it
 * reads, when it reads ahead, and how the next window takes over (one context
 * time for every stem, a crossfade of the same samples) — on a Web Audio
 * stand-in that records what was scheduled.
 */

const RATE = 100;

interface Scheduled {
  kind: 'start' | 'stop';
  stem: string;
  when: number;
  offset?: number;
  bufferStart: number;
}

class RecordingParam {
  value = 1;
  readonly events: Array<[string, number, number]> = [];
  setValueAtTime(value: number, time: number): void {
    this.events.push(['set', value, time]);
  }
  linearRampToValueAtTime(value: number, time: number): void {
    this.events.push(['ramp', value, time]);
  }
  setTargetAtTime(value: number): void {
    this.value = value;
  }
}

class FakeBuffer {
  readonly length: number;
  readonly numberOfChannels: number;
  readonly sampleRate: number;
  readonly channels: Float32Array[];
  stem = '';
  start = 0;
  constructor(options: { length: number; numberOfChannels: number; sampleRate: number }) {
    this.length = options.length;
    this.numberOfChannels = options.numberOfChannels;
    this.sampleRate = options.sampleRate;
    this.channels = Array.from({ length: options.numberOfChannels }, () => new Float32Array(options.length));
  }
  get duration(): number {
    return this.length / this.sampleRate;
  }
  copyToChannel(source: Float32Array, channel: number): void {
    this.channels[channel]!.set(source);
  }
}

function fakeContext(log: Scheduled[]) {
  const node = () => ({ connect: (target: unknown) => target, disconnect: () => undefined });
  const context = {
    currentTime: 0,
    state: 'running',
    addEventListener: () => undefined,
    createGain: () => ({ ...node(), gain: new RecordingParam() }),
    createBufferSource: () => {
      const source = {
        ...node(),
        buffer: undefined as FakeBuffer | undefined,
        loop: false,
        loopStart: 0,
        loopEnd: 0,
        onended: null as null | (() => void),
        start(when: number, offset: number) {
          log.push({ kind: 'start', stem: source.buffer!.stem, when, offset, bufferStart: source.buffer!.start });
        },
        stop(when = context.currentTime) {
          log.push({ kind: 'stop', stem: source.buffer!.stem, when, bufferStart: source.buffer!.start });
        }
      };
      return source;
    }
  };
  return context;
}

function setup(duration: number, stems = ['bass', 'drums']) {
  const log: Scheduled[] = [];
  const reads: Array<{ stem: string; start: number; end: number }> = [];
  const context = fakeContext(log);
  const player = new StemPlayer({
    stems: stems.map((id) => ({ id, label: id, inMix: true })),
    duration,
    output: async () => ({ context, input: context.createGain() }) as unknown as PlaybackOutput,
    load: async (stem, range): Promise<StemSamples> => {
      reads.push({ stem, ...range });
      const frames = Math.round((range.end - range.start) * RATE);
      // The first two samples say which stem and which window this is (read back by the fake buffer).
      const samples = new Float32Array(frames);
      samples[0] = stems.indexOf(stem) + 1;
      samples[1] = range.start;
      return { sampleRate: RATE, start: range.start, channels: [samples] };
    }
  });
  return { player, context, log, reads };
}

beforeEach(() => {
  vi.useFakeTimers();
  // Tag each buffer with the stem and window it holds, so the log can say what played.
  vi.stubGlobal(
    'AudioBuffer',
    class extends FakeBuffer {
      override copyToChannel(source: Float32Array, channel: number): void {
        super.copyToChannel(source, channel);
        this.stem = source[0] === 1 ? 'bass' : 'drums';
        this.start = source[1]!;
      }
    }
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('playback windows', () => {
  it('hold a loop whole, and otherwise a couple of minutes from the playhead', () => {
    expect(windowFor(30, undefined, 3600)).toEqual({ start: 30, end: 150 });
    expect(windowFor(3590, undefined, 3600)).toEqual({ start: 3590, end: 3600 });
    expect(windowFor(12, { start: 10, end: 20 }, 3600)).toEqual({ start: 10, end: 130 });
    expect(windowFor(12, { start: 10, end: 400 }, 3600)).toEqual({ start: 10, end: 400 });
    expect(covers({ start: 10, end: 130 }, 100, undefined, 3600)).toBe(true);
    expect(covers({ start: 10, end: 130 }, 115, undefined, 3600)).toBe(false);
    expect(covers({ start: 10, end: 130 }, 125, undefined, 130)).toBe(true);
    expect(covers({ start: 10, end: 130 }, 5, undefined, 3600)).toBe(false);
    expect(refillDue({ start: 0, end: 120 }, 99, 3600)).toBe(false);
    expect(refillDue({ start: 0, end: 120 }, 101, 3600)).toBe(true);
    expect(refillDue({ start: 0, end: 120 }, 119, 120)).toBe(false);
    expect(nextWindow({ start: 0, end: 120 }, 3600)).toEqual({ start: 118, end: 238 });
    expect(nextWindow({ start: 3500, end: 3600 }, 3600)).toBeUndefined();
    expect(handoverPosition({ start: 0, end: 120 }, { start: 118, end: 238 }, 101)).toBe(118);
    expect(handoverPosition({ start: 0, end: 120 }, { start: 118, end: 238 }, 119.5)).toBe(119.5);
    expect(handoverPosition({ start: 0, end: 120 }, { start: 118, end: 238 }, 119.99)).toBeUndefined();
  });
});

describe('the stem player over a long recording', () => {
  it('reads only the first window to start, then the next one ahead, and hands over sample-locked with a crossfade', async () => {
    const { player, context, log, reads } = setup(3600);
    await player.play();
    expect(reads).toEqual([
      { stem: 'bass', start: 0, end: 120 },
      { stem: 'drums', start: 0, end: 120 }
    ]);
    const [bassStart, drumsStart] = log;
    expect(bassStart).toMatchObject({ kind: 'start', stem: 'bass', offset: 0 });
    expect(drumsStart!.when).toBe(bassStart!.when);

    // Nothing more is read while the window has plenty left to play.
    context.currentTime = 90;
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toHaveLength(2);

    // With under 20 s left, the next window is read and takes over where both hold the same audio.
    context.currentTime = 101;
    await vi.advanceTimersByTimeAsync(300);
    expect(reads.slice(2)).toEqual([
      { stem: 'bass', start: 118, end: 238 },
      { stem: 'drums', start: 118, end: 238 }
    ]);
    const anchor = bassStart!.when;
    const incoming = log.filter((entry) => entry.kind === 'start' && entry.bufferStart === 118);
    expect(incoming.map((entry) => entry.stem).sort()).toEqual(['bass', 'drums']);
    // Every stem switches at one context time: recording position 118 s.
    for (const entry of incoming) {
      expect(entry.when).toBeCloseTo(anchor + 118, 9);
      expect(entry.offset).toBeCloseTo(0, 9);
    }
    const outgoing = log.filter((entry) => entry.kind === 'stop' && entry.bufferStart === 0);
    expect(outgoing).toHaveLength(2);
    for (const entry of outgoing) expect(entry.when).toBeCloseTo(anchor + 118 + HANDOVER_FADE_SECONDS, 9);
    // Memory holds the new window only.
    expect(player.window).toEqual({ start: 118, end: 238 });
    expect(player.loaded.sort()).toEqual(['bass', 'drums']);
    player.release();
  });

  it('reads a new window when the musician seeks outside the one in memory, and none for a seek inside it', async () => {
    const { player, context, reads, log } = setup(3600, ['bass']);
    await player.play();
    context.currentTime = 5;
    await player.seek(60);
    expect(reads).toHaveLength(1);
    await player.seek(2000);
    expect(reads.at(-1)).toEqual({ stem: 'bass', start: 2000, end: 2120 });
    const last = log.at(-1)!;
    expect(last).toMatchObject({ kind: 'start', bufferStart: 2000, offset: 0 });
    player.release();
  });

  it('holds a looped section whole and loops inside it, reading nothing more however long it loops', async () => {
    const { player, context, reads, log } = setup(3600, ['bass']);
    await player.play();
    await player.setLoop({ start: 1500, end: 1530 });
    expect(reads.at(-1)).toEqual({ stem: 'bass', start: 1500, end: 1620 });
    expect(log.at(-1)).toMatchObject({ kind: 'start', bufferStart: 1500, offset: 0 });
    context.currentTime = 1000;
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toHaveLength(2);
    player.release();
  });

  it('says why when the next stretch cannot be read, instead of going silent without a word', async () => {
    const errors: string[] = [];
    const log: Scheduled[] = [];
    const context = fakeContext(log);
    let calls = 0;
    const player = new StemPlayer({
      stems: [{ id: 'bass', label: 'Bass', inMix: true }],
      duration: 3600,
      output: async () => ({ context, input: context.createGain() }) as unknown as PlaybackOutput,
      load: async (_stem, range) => {
        if (++calls > 1) throw new Error('The audio of this analysis is no longer in the cache');
        return { sampleRate: RATE, start: range.start, channels: [new Float32Array((range.end - range.start) * RATE).fill(1)] };

      },
      onError: (message) => errors.push(message)
    });
    await player.play();
    context.currentTime = 105;
    await vi.advanceTimersByTimeAsync(300);
    expect(errors).toEqual(['The audio of this analysis is no longer in the cache']);
    player.release();
  });
});
