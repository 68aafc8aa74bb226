import { describe, expect, it } from 'vitest';
import { formatCsv, formatWebVtt } from '../../../workers/diarization/exporters.ts';
import { readCachedResult } from '../../../workers/diarization/result-schema.ts';
import { formatRttm, parseRttm } from '../../../workers/diarization/rttm.ts';
import type { DiarizationResult, SpeakerTurn } from '../../../workers/diarization/types.ts';

const turns: SpeakerTurn[] = [
  { start: 0.5, end: 3.25, speaker: 'Sam — drums', confidence: 0.91, overlap: false },
  { start: 3.1, end: 3661.5, speaker: 'Alex, "keys"', confidence: 0.25, overlap: true }
];

describe('exporters', () => {
  it('writes RTTM that reads back to the same turns (names made field-safe)', () => {
    const text = formatRttm('take 3', turns);
    expect(text.split('\n')[0]).toBe('SPEAKER take_3 1 0.500 2.750 <NA> <NA> Sam_—_drums <NA> <NA>');
    const back = parseRttm(text);
    expect(back.map((s) => [s.start, s.end])).toEqual([
      [0.5, 3.25],
      [3.1, 3661.5]
    ]);
  });

  it('rejects a malformed RTTM speaker line with its line number', () => {
    expect(() => parseRttm(';; comment\nSPEAKER f 1 abc 1 <NA> <NA> A <NA> <NA>')).toThrow(/line 2/);
  });

  it('quotes CSV fields that need it', () => {
    const csv = formatCsv(turns).split('\n');
    expect(csv[0]).toBe('start,end,speaker,confidence,overlap');
    expect(csv[2]).toBe('3.100,3661.500,"Alex, ""keys""",0.250,true');
  });

  it('writes WebVTT cues with hour timestamps and voice tags', () => {
    const vtt = formatWebVtt(turns);
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.250\n<v Sam — drums>Sam — drums\n')).toBe(true);
    expect(vtt).toContain('01:01:01.500');
    expect(vtt).toContain('(overlapping)');
  });
});

describe('cached result schema', () => {
  const result: DiarizationResult = {
    version: 1,
    durationSeconds: 10,
    speakers: ['S1'],
    turns: [{ start: 1, end: 2, speaker: 'S1', confidence: 0.9, overlap: false }],
    regions: [
      { start: 0, end: 1, kind: 'silence' },
      { start: 1, end: 2, kind: 'speech' },
      { start: 2, end: 10, kind: 'music' }
    ],
    suppressedAsMusic: [{ start: 3, end: 4 }],
    embedder: 'dsp-mfcc-v1'
  };

  it('accepts a well-formed result', () => {
    expect(readCachedResult(structuredClone(result))).toEqual(result);
  });

  it('treats unknown fields, bad kinds and reversed ranges as a cache miss', () => {
    expect(readCachedResult({ ...result, fileName: 'secret.wav' })).toBeUndefined();
    expect(readCachedResult({ ...result, regions: [{ start: 0, end: 1, kind: 'noise' }] })).toBeUndefined();
    expect(readCachedResult({ ...result, turns: [{ ...result.turns[0], start: 5, end: 2 }] })).toBeUndefined();
    expect(readCachedResult({ ...result, turns: [{ ...result.turns[0], extra: 1 }] })).toBeUndefined();
  });
});
