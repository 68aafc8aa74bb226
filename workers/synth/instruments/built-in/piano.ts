import type { Preset, Sample } from '../instrument-model';
import { BUILT_IN_RATE, midiToHz, multiSample, noise, normalise } from './synthesis';

/**
 * An acoustic-piano-like tone: stiff-string partials (slightly sharp as they
 * rise, B ≈ 0.0004), two detuned strings per note for the slow beating that
 * makes a piano sound alive, a two-stage decay (fast prompt sound, long
 * aftersound), upper partials dying faster, and a short hammer thump.
 */
function renderPianoNote(rootKey: number): Sample {
  const f0 = midiToHz(rootKey);
  const seconds = rootKey < 48 ? 3.5 : rootKey < 72 ? 2.8 : 2;
  const frames = Math.round(seconds * BUILT_IN_RATE);
  const data = new Float32Array(frames);
  const inharmonicity = 0.0004 * Math.pow(2, (rootKey - 60) / 24);
  const partials = Math.min(24, Math.floor(BUILT_IN_RATE / 2 / (f0 * 1.1)));
  // Low notes ring longer; the aftersound is what sustains under the pedal.
  const prompt = 0.35 * Math.pow(2, -(rootKey - 60) / 30);
  const after = 4.5 * Math.pow(2, -(rootKey - 60) / 24);
  for (let n = 1; n <= partials; n++) {
    const frequency = n * f0 * Math.sqrt(1 + inharmonicity * n * n);
    const amplitude = Math.pow(n, -1.1) * (n === 1 ? 1 : 0.9) * Math.exp(-n * f0 / 6000);
    const partialDamping = 1 + 0.35 * (n - 1);
    // Unequal strings: the beat breathes but never cancels a partial outright.
    for (const [detuneCents, stringLevel] of [
      [-0.6, 0.65],
      [0.7, 0.35]
    ] as const) {
      const w = (2 * Math.PI * frequency * Math.pow(2, detuneCents / 1200)) / BUILT_IN_RATE;
      // Rotating phasor: no Math.sin per sample.
      let re = 1;
      let im = 0;
      const cos = Math.cos(w);
      const sin = Math.sin(w);
      const fast = Math.exp(-partialDamping / (prompt * BUILT_IN_RATE));
      const slow = Math.exp(-partialDamping / (after * BUILT_IN_RATE));
      let envFast = 0.65;
      let envSlow = 0.35;
      for (let i = 0; i < frames; i++) {
        data[i] = data[i]! + stringLevel * amplitude * im * (envFast + envSlow);
        const nextRe = re * cos - im * sin;
        im = re * sin + im * cos;
        re = nextRe;
        envFast *= fast;
        envSlow *= slow;
      }
    }
  }
  // Hammer: a few milliseconds of low-passed noise.
  const random = noise(rootKey);
  let lowpassed = 0;
  const hammerFrames = Math.round(0.012 * BUILT_IN_RATE);
  for (let i = 0; i < hammerFrames; i++) {
    lowpassed += 0.25 * (random() - lowpassed);
    data[i] = data[i]! + lowpassed * 0.6 * (1 - i / hammerFrames);
  }
  // Fade the last 50 ms so the sample end never clicks.
  const tail = Math.round(0.05 * BUILT_IN_RATE);
  for (let i = 0; i < tail; i++) data[frames - tail + i] = data[frames - tail + i]! * (1 - i / tail);
  return { name: `piano ${rootKey}`, data: normalise(data, 0.7), sampleRate: BUILT_IN_RATE };
}

export function createPiano(): Preset {
  return {
    name: 'Grand piano',
    bank: 0,
    program: 0,
    zones: multiSample(24, 102, 6, renderPianoNote, { attack: 0.001, decay: 0, sustain: 1, release: 0.35 })
  };
}
