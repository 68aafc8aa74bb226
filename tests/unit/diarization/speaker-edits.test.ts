import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  assignTurn,
  mergeSpeakers,
  NO_EDITS,
  readEdits,
  renameSpeaker,
  resolveSpeaker,
  splitTurn,
  type SpeakerEdits
} from '$lib/diarization/speaker-edits';
import { clock, placeRange, rulerTicks, timelineLanes } from '$lib/diarization/timeline-layout';
import type { DiarizationResult, SpeakerTurn } from '$workers/diarization/types';

const turn = (start: number, end: number, speaker: string, overlap = false): SpeakerTurn => ({ start, end, speaker, confidence: 0.9, overlap });
const result: Pick<DiarizationResult, 'speakers' | 'turns'> = {
  speakers: ['S1', 'S2', 'S3'],
  turns: [turn(0.5, 3, 'S1'), turn(3.5, 6, 'S2'), turn(6.2, 7, 'S3', true), turn(8, 10, 'S1')]
};

describe('speaker edits over a machine result', () => {
  it('shows a renamed speaker by name everywhere, and a blank name goes back to the label', () => {
    const named = renameSpeaker(NO_EDITS, 'S1', '  Sam — drums ');
    const view = applyEdits(result, named);
    expect(view.speakers[0]).toMatchObject({ id: 'S1', label: 'Sam — drums', turns: 2 });
    expect(view.turns.filter((t) => t.label === 'Sam — drums')).toHaveLength(2);
    expect(applyEdits(result, renameSpeaker(named, 'S1', '   ')).speakers[0]?.label).toBe('S1');
  });

  it('merges a speaker into another, following earlier merges', () => {
    const edits = mergeSpeakers(mergeSpeakers(NO_EDITS, 'S3', 'S2'), 'S2', 'S1');
    expect(resolveSpeaker(edits, 'S3')).toBe('S1');
    const view = applyEdits(result, edits);
    expect(view.speakers.map((s) => s.id)).toEqual(['S1']);
    expect(view.turns.every((t) => t.speaker === 'S1')).toBe(true);
    expect(view.turns.find((t) => t.start === 3.5)?.edited).toBe(true);
  });

  it('ignores a merge into itself and survives a merge cycle from a damaged record', () => {
    expect(mergeSpeakers(NO_EDITS, 'S1', 'S1')).toBe(NO_EDITS);
    const cyclic: SpeakerEdits = { ...NO_EDITS, merges: { S1: 'S2', S2: 'S1' } };
    expect(['S1', 'S2']).toContain(resolveSpeaker(cyclic, 'S1'));
  });

  it('splits a turn in two at a point and can give the second half to another speaker', () => {
    const split = splitTurn(NO_EDITS, result.turns[0] as SpeakerTurn, 1.75);
    const halves = applyEdits(result, split).turns.filter((t) => t.start < 3);
    expect(halves.map((t) => [t.start, t.end, t.speaker])).toEqual([
      [0.5, 1.75, 'S1'],
      [1.75, 3, 'S1']
    ]);
    const given = applyEdits(result, assignTurn(split, { start: 1.75 }, 'S2'));
    expect(given.turns[1]).toMatchObject({ start: 1.75, speaker: 'S2', edited: true });
  });

  it('refuses to split a turn outside it', () => {
    expect(() => splitTurn(NO_EDITS, result.turns[0] as SpeakerTurn, 3)).toThrow(/cannot be split/);
  });

  it('never changes the machine result it is applied to', () => {
    const before = JSON.stringify(result);
    applyEdits(result, mergeSpeakers(splitTurn(renameSpeaker(NO_EDITS, 'S2', 'Kim'), result.turns[1] as SpeakerTurn, 4), 'S2', 'S1'));
    expect(JSON.stringify(result)).toBe(before);
  });

  it('keeps every second of speech through any mix of splits, merges and reassignments', () => {
    const total = (turns: readonly { start: number; end: number }[]) => turns.reduce((sum, t) => sum + t.end - t.start, 0);
    const speaker = fc.constantFrom('S1', 'S2', 'S3');
    const edit = fc.oneof(
      fc.record({ type: fc.constant('split' as const), turn: fc.nat(3), at: fc.double({ min: 0.01, max: 0.99, noNaN: true }) }),
      fc.record({ type: fc.constant('merge' as const), from: speaker, into: speaker }),
      fc.record({ type: fc.constant('assign' as const), turn: fc.nat(3), to: speaker })
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 12 }), (steps) => {
        let edits = NO_EDITS;
        for (const step of steps) {
          const turns = applyEdits(result, edits).turns;
          if (step.type === 'merge') edits = mergeSpeakers(edits, step.from, step.into);
          else {
            const target = turns[step.turn % turns.length] as SpeakerTurn;
            if (step.type === 'assign') edits = assignTurn(edits, target, step.to);
            else {
              const at = target.start + step.at * (target.end - target.start);
              if (Math.round(at * 1000) > Math.round(target.start * 1000) && Math.round(at * 1000) < Math.round(target.end * 1000)) edits = splitTurn(edits, target, at);
            }
          }
        }
        const view = applyEdits(result, edits);
        expect(total(view.turns)).toBeCloseTo(total(result.turns), 9);
        expect(view.speakers.reduce((sum, s) => sum + s.seconds, 0)).toBeCloseTo(total(result.turns), 9);
        expect(readEdits(JSON.parse(JSON.stringify(edits))).edits).toEqual(edits);
      })
    );
  });

  it('reads a damaged saved record as no edits, and says so', () => {
    expect(readEdits({ version: 1, names: { S1: 42 } })).toEqual({ edits: NO_EDITS, damaged: true });
    expect(readEdits({ ...NO_EDITS, extra: true })).toEqual({ edits: NO_EDITS, damaged: true });
    expect(readEdits(undefined)).toEqual({ edits: NO_EDITS, damaged: false });
  });
});

describe('timeline layout', () => {
  it('places ranges as shares of the recording, clamped to it', () => {
    expect(placeRange({ start: 15, end: 30 }, 60)).toEqual({ left: 25, width: 25 });
    const clamped = placeRange({ start: 50, end: 90 }, 60);
    expect(clamped.left).toBeCloseTo(83.333, 3);
    expect(clamped.left + clamped.width).toBeCloseTo(100, 9);
    expect(placeRange({ start: 0, end: 1 }, 0)).toEqual({ left: 0, width: 0 });
  });

  it('gives one lane per speaker then music and silence lanes', () => {
    const lanes = timelineLanes(applyEdits(result, NO_EDITS), [
      { start: 0, end: 0.5, kind: 'silence' },
      { start: 10, end: 20, kind: 'music' }
    ], 20);
    expect(lanes.map((l) => (l.kind === 'speaker' ? l.id : l.kind))).toEqual(['S1', 'S2', 'S3', 'music', 'silence']);
    const first = lanes[0];
    expect(first?.kind === 'speaker' && first.turns.map((t) => t.index)).toEqual([0, 3]);
  });

  it('marks the ruler at round steps and writes clock times', () => {
    expect(rulerTicks(35).map((t) => t.label)).toEqual(['0:00', '0:05', '0:10', '0:15', '0:20', '0:25', '0:30']);
    expect(rulerTicks(40).at(-1)?.label).toBe('0:35');
    expect(clock(3725.25, true)).toBe('1:02:05.3');
    expect(clock(65)).toBe('1:05');
  });
});
