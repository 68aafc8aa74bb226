import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Midi } from '@tonejs/midi';
import type { RehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import { chordSymbol, NO_CHORD } from '$lib/panels/analysis/chord-symbol';
import { barRows, printableChordChart } from '$lib/panels/analysis/chord-chart-print';
import { cueSheet, readCueSheet } from '$lib/panels/analysis/cue-sheet-export';
import { exportName } from '$lib/panels/analysis/file-download';
import { notesByStem, pitchSpan } from '$lib/panels/analysis/notes-by-stem';
import { notesMidi } from '$lib/panels/analysis/notes-midi';
import { playbackStemsOf } from '$lib/panels/analysis/stem-roster';
import { levelsPerSection, SectionLevelMeter, stemPlays } from '$lib/panels/analysis/section-levels';
import { sectionSheet, signedDb } from '$lib/panels/analysis/section-sheet';
import { barBeatAt, barsCovering, clockTime, followPlayhead, MIN_SPAN_SECONDS, rulerMarks, timeToX, viewStartAround, xToTime, zoomSpan } from '$lib/panels/analysis/timeline-scale';
import { bucketsFor, MAX_BUCKETS, rangeBetween, waveformPeaks, WaveformPeaksBuilder } from '$lib/panels/analysis/waveform-peaks';

/** 8 bars of 4/4 at 120 BPM (2 s a bar): A (bars 1–4) then B (bars 5–8). */
function cues(): RehearsalCues {
  const beats = Array.from({ length: 32 }, (_, i) => i * 0.5);
  const downbeats = beats.filter((_, i) => i % 4 === 0);
  const section = (label: string, start: number, startBar: number, chordChart: string[]) => ({
    start,
    end: start + 8,
    label,
    startBar,
    bars: 4,
    bpm: 120,
    key: 'C major',
    chordChart,
    labelConfidence: 0.9,
    boundaryConfidence: 0.9
  });
  return {
    version: 1,
    duration: 16,
    tempo: { bpm: 120, beats, downbeats, beatsPerBar: 4, confidence: 0.9, source: 'dsp' },
    key: { label: 'C major', runnerUp: 'A minor', confidence: 0.8, source: 'dsp' },
    chords: { segments: [], confidence: 0.8, source: 'dsp' },
    sections: { sections: [section('A', 0, 1, ['C', 'F', 'G', 'C']), section('B', 8, 5, ['A:min', 'D:min', 'G:7', 'N'])], confidence: 0.9, source: 'dsp' },
    cues: [
      { time: 0, bar: 1, kind: 'count-in', text: 'count-in: 4 beats at 120 BPM', confidence: 0.9 },
      { time: 8, bar: 5, kind: 'section', text: 'bar 5: section B starts (C major), 4 bars', confidence: 0.9 }
    ]
  };
}

describe('chord symbols', () => {
  it('spells analysis labels the way a chart reads them', () => {
    expect(['C', 'A:min', 'G:7', 'F:maj7', 'D:min7', 'C#:min', 'N'].map(chordSymbol)).toEqual(['C', 'Am', 'G7', 'Fmaj7', 'Dm7', 'C#m', NO_CHORD]);
  });
});

describe('time axis and ruler', () => {
  it('maps seconds to pixels and back, whole or zoomed', () => {
    const axis = { start: 0, span: 16, width: 800 };
    expect(timeToX(axis, 4)).toBe(200);
    expect(xToTime(axis, 200)).toBe(4);
    expect(xToTime(axis, -5)).toBe(0);
    expect(xToTime(axis, 5000)).toBe(16);
    const zoomed = { start: 8, span: 4, width: 800 };
    expect(timeToX(zoomed, 9)).toBe(200);
    expect(xToTime(zoomed, 400)).toBe(10);
  });

  it('zooms between a few seconds and the whole recording, around a point', () => {
    expect(zoomSpan(40, 0.5, 40)).toBe(20);
    expect(zoomSpan(5, 0.5, 40)).toBe(MIN_SPAN_SECONDS);
    expect(zoomSpan(30, 2, 40)).toBe(40);
    expect(viewStartAround(20, 10, 40)).toBe(15);
    expect(viewStartAround(1, 10, 40)).toBe(0);
    expect(viewStartAround(39, 10, 40)).toBe(30);
  });

  it('turns the zoomed view like a page when the playhead leaves it, and not before', () => {
    expect(followPlayhead(10, 10, 60, 15)).toBe(10);
    expect(followPlayhead(10, 10, 60, 20)).toBe(19);
    expect(followPlayhead(10, 10, 60, 2)).toBe(1);
    expect(followPlayhead(10, 10, 60, 59.5)).toBe(50);
  });

  it('marks only the bars in a zoomed view, keeping their numbers', () => {
    const marks = rulerMarks({ start: 6, span: 4, width: 800 }, cues().tempo);
    expect(marks.bars.map((bar) => bar.bar)).toEqual([4, 5, 6]);
    expect(marks.beats).toEqual([6.5, 7, 7.5, 8.5, 9, 9.5]);
  });

  it('numbers bars from the first downbeat and thins labels so they never crowd', () => {
    const grid = cues().tempo;
    const wide = rulerMarks({ start: 0, span: 16, width: 800 }, grid);
    expect(wide.bars.map((bar) => bar.bar)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(wide.bars.every((bar) => bar.labelled)).toBe(true);
    expect(wide.beats).toHaveLength(24);
    const narrow = rulerMarks({ start: 0, span: 16, width: 100 }, grid);
    expect(narrow.labelEvery).toBe(4);
    expect(narrow.bars.filter((bar) => bar.labelled).map((bar) => bar.bar)).toEqual([1, 5]);
    expect(narrow.beats).toEqual([]);
  });

  it('turns a drag on the ruler into whole bars, either direction', () => {
    const downbeats = [1, 3, 5, 7];
    expect(barsCovering(downbeats, 8, 3.5, 5.2)).toEqual({ start: 3, end: 7 });
    expect(barsCovering(downbeats, 8, 5.2, 3.5)).toEqual({ start: 3, end: 7 });
    expect(barsCovering(downbeats, 8, 0.2, 1.5)).toEqual({ start: 0, end: 3 });
    expect(barsCovering(downbeats, 8, 7.5, 7.9)).toEqual({ start: 7, end: 8 });
  });

  it('reads the playhead as bar.beat and clock time', () => {
    const grid = { beats: [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5], downbeats: [1, 3] };
    expect(barBeatAt(grid, 0.5)).toBe('–');
    expect(barBeatAt(grid, 1)).toBe('1.1');
    expect(barBeatAt(grid, 2.6)).toBe('1.4');
    expect(barBeatAt(grid, 3.7)).toBe('2.2');
    expect(clockTime(75.25)).toBe('1:15.3');
  });
});

describe('waveform overview', () => {
  it('keeps each bucket’s lowest and highest sample, channels mixed to mono', () => {
    const left = new Float32Array([0, 1, 0, -1, 0.5, 0.5, 0, 0]);
    const right = new Float32Array([0, 1, 0, -1, -0.5, -0.5, 0, 0]);
    const peaks = waveformPeaks([left, right], 4);
    expect([...peaks.max]).toEqual([1, 0, 0, 0]);
    expect([...peaks.min]).toEqual([0, -1, 0, 0]);
    expect(rangeBetween(peaks, 8, 0, 4)).toEqual([-1, 1]);
    expect(rangeBetween(peaks, 8, 4, 8)).toEqual([0, 0]);
  });

  it('keeps 10 ms buckets up to a bound, so an hour stays a few megabytes', () => {
    expect(bucketsFor(22050 * 40, 22050)).toBe(4000);
    expect(bucketsFor(22050 * 3600 * 2, 22050)).toBe(MAX_BUCKETS);
    expect(bucketsFor(10, 22050)).toBe(1);
  });
});

describe('section levels and the cue sheet', () => {
  it('measures RMS per section in dBFS', () => {
    const rate = 1000;
    const tone = Float32Array.from({ length: 2000 }, (_, i) => (i < 1000 ? Math.sin((2 * Math.PI * 50 * i) / rate) : 0));
    const [loud, silent] = levelsPerSection([tone], rate, [
      { start: 0, end: 1 },
      { start: 1, end: 2 }
    ]);
    expect(loud).toBeCloseTo(-3, 0);
    expect(silent).toBeLessThan(-100);
    expect(levelsPerSection([tone], rate, [{ start: 5, end: 6 }])[0]).toBeLessThan(-100); // past the end
  });

  it('counts a stem as playing only above silence and not buried under the mix', () => {
    expect(stemPlays(-20, -15)).toBe(true);
    expect(stemPlays(-45, -15)).toBe(false);
    expect(stemPlays(-70, -65)).toBe(false);
  });

  it('says which stems come in and drop out, and how the level changes, section by section', () => {
    const rows = sectionSheet(cues(), ['percussive', 'bass', 'other'], {
      mix: [-20, -14],
      stems: { percussive: [-22, -80], bass: [-70, -18], other: [-25, -20] }
    });
    expect(rows.map((row) => row.playing)).toEqual([
      ['percussive', 'other'],
      ['bass', 'other']
    ]);
    expect(rows[0]!.stemsIn).toEqual(['percussive', 'other']);
    expect(rows[1]!.stemsIn).toEqual(['bass']);
    expect(rows[1]!.stemsOut).toEqual(['percussive']);
    expect(rows[1]!.loudnessChangeDb).toBe(6);
    expect(rows[0]!.countIn).toEqual({ beats: 4, bpm: 120 });
    expect(signedDb(6)).toBe('+6.0 dB');
    expect(signedDb(-1)).toBe('−1.0 dB');
  });

  it('leaves stems and loudness open until they are measured', () => {
    const [row] = sectionSheet(cues(), ['bass']);
    expect(row!.playing).toBeUndefined();
    expect(row!.loudnessDb).toBeUndefined();
  });
});

describe('cue sheet export', () => {
  const rows = sectionSheet(cues(), ['bass'], { mix: [-20, -14], stems: { bass: [-22, -18] } });

  it('writes a file its own schema reads back unchanged', () => {
    const sheet = cueSheet(cues(), rows);
    const back = readCueSheet(JSON.stringify(sheet));
    expect(back).toEqual(sheet);
    expect(back.sections.map((section) => [section.label, section.startBar, section.chordChart])).toEqual([
      ['A', 1, ['C', 'F', 'G', 'C']],
      ['B', 5, ['A:min', 'D:min', 'G:7', 'N']]
    ]);
    expect(back.countIn).toEqual({ beats: 4, bpm: 120 });
  });

  it('rejects files that are not JSON, have unknown fields or impossible values, naming the problem', () => {
    const sheet = cueSheet(cues(), rows);
    expect(() => readCueSheet('{nope')).toThrow(/not JSON/);
    expect(() => readCueSheet(JSON.stringify({ ...sheet, extra: 1 }))).toThrow(/Bandroom cue sheet/);
    expect(() => readCueSheet(JSON.stringify({ ...sheet, sections: [{ ...sheet.sections[0], startBar: 0 }] }))).toThrow(/sections\.0\.startBar/);
  });

  it('refuses to export a sheet its schema would reject', () => {
    const broken = cues();
    broken.sections.sections[0]!.label = '';
    expect(() => cueSheet(broken, sectionSheet(broken, []))).toThrow(/could not be exported/);
  });

  it('names files after the recording, never with a path', () => {
    expect(exportName('take 3.wav', 'cues', 'json')).toBe('take 3 – cues.json');
    expect(exportName('a/b:c.flac', 'notes', 'mid')).toBe('a b c – notes.mid');
    expect(exportName(undefined, 'cues', 'json')).toBe('analysis – cues.json');
  });
});

describe('printable chord chart', () => {
  it('lays bars out four to a row with numbers and chart spelling', () => {
    expect(barRows([1, 2, 3, 4, 5, 6])).toEqual([
      [1, 2, 3, 4],
      [5, 6]
    ]);
    const html = printableChordChart({ title: 'Take <3>', key: 'C major', bpm: 120, beatsPerBar: 4, rows: sectionSheet(cues(), []), stemLabel: (id) => id });
    expect(html).toContain('<title>Take &lt;3&gt; — chord chart</title>');
    expect(html).toContain('@page');
    expect(html).toContain('<span class="num">5</span><span class="chord">Am</span>');
    expect(html).toContain('<span class="num">8</span><span class="chord">N.C.</span>');
  });
});

describe('notes per stem and MIDI export', () => {
  const notes = [
    { start: 0, duration: 1.9, pitch: 36, confidence: 0.9 },
    { start: 0, duration: 1.9, pitch: 60, confidence: 0.8 },
    { start: 0, duration: 1.9, pitch: 64, confidence: 0.7 },
    { start: 2, duration: 1.5, pitch: 41, confidence: 1 },
    { start: 2.25, duration: 0.5, pitch: 72, confidence: 0.4 }
  ];

  it('keeps the stem the fallback pitch tracker heard each note in', () => {
    const tracked = [
      { start: 0, duration: 1, pitch: 40, confidence: 0.4, stem: 'bass' },
      { start: 0, duration: 1, pitch: 67, confidence: 0.3, stem: 'centre' },
      { start: 1, duration: 1, pitch: 43, confidence: 0.4, stem: 'bass' }
    ];
    expect(notesByStem(tracked).map((lane) => [lane.stem, lane.notes.map((note) => note.pitch)])).toEqual([
      ['bass', [40, 43]],
      ['centre', [67]]
    ]);
  });

  it('offers a user separator\'s own stems by name, all in the mix, and never the harmonic sum', () => {
    expect(playbackStemsOf(['harmonic', 'percussive', 'bass', 'other', 'centre']).map((stem) => stem.id)).toEqual(['percussive', 'bass', 'other', 'centre']);
    expect(playbackStemsOf(['vocals', 'drums'])).toEqual([
      { id: 'vocals', label: 'vocals', inMix: true },
      { id: 'drums', label: 'drums', inMix: true }
    ]);
  });

  it('gives notes below the bass crossover to the bass and the rest to the other stem', () => {
    const lanes = notesByStem(notes);
    expect(lanes.map((lane) => [lane.stem, lane.notes.map((note) => note.pitch)])).toEqual([
      ['bass', [36, 41]],
      ['other', [60, 64, 72]]
    ]);
    expect(pitchSpan(lanes[1]!.notes)).toEqual({ low: 60, high: 84 });
    expect(pitchSpan([])).toEqual({ low: 48, high: 72 });
  });

  it('writes one named track per stem at the analysed tempo, notes at their times', () => {
    const bytes = notesMidi({ bpm: 120, beatsPerBar: 4, stems: notesByStem(notes), stemLabel: (id) => (id === 'bass' ? 'Bass' : 'Other') });
    const midi = new Midi(bytes);
    expect(midi.header.tempos[0]!.bpm).toBeCloseTo(120);
    expect(midi.header.timeSignatures[0]!.timeSignature).toEqual([4, 4]);
    expect(midi.tracks.map((track) => track.name)).toEqual(['Bass', 'Other']);
    const [bass, other] = midi.tracks;
    expect(bass!.notes.map((note) => note.midi)).toEqual([36, 41]);
    expect(other!.notes.map((note) => note.midi).sort()).toEqual([60, 64, 72]);
    const late = other!.notes.find((note) => note.midi === 72)!;
    expect(late.time).toBeCloseTo(2.25, 2);
    expect(late.duration).toBeCloseTo(0.5, 2);
    expect(bass!.notes[1]!.time).toBeCloseTo(2, 2);
    // Notes at 0 s start within a millisecond (see notes-midi.ts).
    expect(bass!.notes[0]!.time).toBeLessThan(0.002);
  });

  it('refuses to write an empty file or one without a tempo, saying why', () => {
    expect(() => notesMidi({ bpm: 120, beatsPerBar: 4, stems: notesByStem([]), stemLabel: String })).toThrow(/no notes/);
    expect(() => notesMidi({ bpm: 0, beatsPerBar: 4, stems: notesByStem(notes), stemLabel: String })).toThrow(/without a tempo/);
  });
});

describe('measuring a recording a segment at a time', () => {
  /** A track cut into consecutive blocks at the given (sorted, in-range) cut points. */
  const blocksOf = (track: Float32Array, cuts: number[]) => {
    const edges = [0, ...new Set(cuts.map((cut) => Math.min(cut, track.length)))].sort((a, b) => a - b).concat(track.length);
    return edges.slice(1).map((end, i) => ({ start: edges[i]!, samples: track.subarray(edges[i]!, end) }));
  };
  const trackArb = fc.float32Array({ minLength: 0, maxLength: 400, noNaN: true, noDefaultInfinity: true, min: -1, max: 1 });

  /** The overview by its definition: bucket b is frames [floor(b·n/count), floor((b+1)·n/count)). */
  const overviewByDefinition = (track: Float32Array, buckets: number) => {
    const count = Math.max(1, Math.min(buckets, track.length || 1));
    const min = new Float32Array(count);
    const max = new Float32Array(count);
    for (let b = 0; b < count; b++) {
      const part = track.subarray(Math.floor((b * track.length) / count), Math.floor(((b + 1) * track.length) / count));
      min[b] = part.length ? Math.min(...part) + 0 : 0; // + 0: −0 reads as 0, as a mix does
      max[b] = part.length ? Math.max(...part) + 0 : 0;
    }
    return { min, max };
  };

  it('gives the overview by its definition, however the track is cut', () => {
    fc.assert(
      fc.property(trackArb, fc.array(fc.nat(400), { maxLength: 6 }), fc.integer({ min: 1, max: 500 }), (track, cuts, buckets) => {
        const builder = new WaveformPeaksBuilder(track.length, buckets);
        for (const block of blocksOf(track, cuts)) builder.add([block.samples]);
        expect(builder.result()).toEqual(overviewByDefinition(track, buckets));
      }),
      { seed: 7, numRuns: 300 }
    );
  });

  it('gives the same section levels as the whole track, whatever order the blocks come in', () => {
    const sectionArb = fc.tuple(fc.float({ min: 0, max: 1, noNaN: true }), fc.float({ min: 0, max: 1, noNaN: true })).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));
    fc.assert(
      fc.property(trackArb, fc.array(fc.nat(400), { maxLength: 6 }), fc.array(sectionArb, { minLength: 1, maxLength: 5 }), (track, cuts, sections) => {
        const rate = 300;
        const meter = new SectionLevelMeter(rate, sections, track.length);
        for (const block of blocksOf(track, cuts).reverse()) meter.add([block.samples], block.start);
        const streamed = meter.levels();
        const whole = levelsPerSection([track], rate, sections);
        // Summed in another order: equal to the 0.1 dB shown, give or take one rounding step.
        streamed.forEach((level, i) => expect(Math.abs(level - whole[i]!)).toBeLessThanOrEqual(0.1 + 1e-9));
      }),
      { seed: 7, numRuns: 300 }
    );
  });
});
