import { beatSynchronous } from '$workers/analysis/harmony/chroma-sequence';
import { estimateChords } from '$workers/analysis/harmony/chords';
import { computeChromagram } from '$workers/analysis/harmony/chromagram';
import { estimateKey } from '$workers/analysis/harmony/key';
import { estimateSections } from '$workers/analysis/structure/sections';
import { toneSequence, triad, type ToneSpan } from '../fixtures/harmony-signals';
import { report } from './report';

/**
 * Harmony and structure speed: times real time on a 5-minute 22.05 kHz mono
 * signal (harmonic-tone chords in an A A B A form at 120 BPM, light noise),
 * for each stage: chroma (with tuning), key, chords (frame-wise and
 * beat-synchronous), sections (timbre + SSM + novelty + labels).
 */
const RATE = 22050;
const SECONDS = 300;
const BPM = 120;

function song(): Float32Array {
  const a: ToneSpan[] = [0, 7, 9, 5].map((root, i) => ({ pitches: triad(root, i === 2 ? 'min' : 'maj'), seconds: 2 }));
  const b: ToneSpan[] = [5, 7, 4, 9].map((root, i) => ({ pitches: triad(root, i >= 2 ? 'min' : 'maj', false), seconds: 2 }));
  const form = [...a, ...a, ...a, ...a, ...b, ...b, ...a, ...a];
  const spans: ToneSpan[] = [];
  while (spans.length * 2 < SECONDS) spans.push(...form);
  return toneSequence(spans.slice(0, SECONDS / 2), RATE, { partials: 4, noise: 0.01 });
}

function timed<T>(name: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  const seconds = (performance.now() - start) / 1000;
  report.figure(`${name}.realtime`, SECONDS / seconds, 'x');
  return result;
}

const samples = song();
const beats = Array.from({ length: Math.floor((SECONDS * BPM) / 60) }, (_, i) => (i * 60) / BPM);
report.note(`5-minute signal, ${RATE} Hz mono, ${beats.length} beats`);
const chroma = timed('harmony.chroma', () => computeChromagram(samples, RATE));
timed('harmony.key', () => estimateKey(chroma));
timed('harmony.chords.frames', () => estimateChords(chroma));
timed('harmony.chords.beats', () => estimateChords(beatSynchronous(chroma, beats)));
const sections = timed('structure.sections', () => estimateSections(samples, RATE, chroma, chroma.layout.hop, { beats }));
report.note(`sections: ${sections.sections.map((s) => `${s.label}@${s.start.toFixed(0)}s`).join(' ')}`);
