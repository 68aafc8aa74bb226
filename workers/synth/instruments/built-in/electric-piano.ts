import type { Preset, Sample } from '../instrument-model';
import { BUILT_IN_RATE, midiToHz, multiSample, normalise } from './synthesis';

/**
 * A tine electric piano: two-operator FM (1:1 for the body, 14:1 for the
 * metallic tine attack) whose modulation index decays, so notes start
 * bell-like and settle into a round, almost sine tone.
 */
function renderElectricPianoNote(rootKey: number): Sample {
  const f0 = midiToHz(rootKey);
  const seconds = rootKey < 60 ? 3 : 2.2;
  const frames = Math.round(seconds * BUILT_IN_RATE);
  const data = new Float32Array(frames);
  const decay = 1.6 * Math.pow(2, -(rootKey - 60) / 30);
  for (let i = 0; i < frames; i++) {
    const t = i / BUILT_IN_RATE;
    const body = 1.6 * Math.exp(-t / 0.5);
    const tine = 0.9 * Math.exp(-t / 0.03);
    const modulator = body * Math.sin(2 * Math.PI * f0 * t) + tine * Math.sin(2 * Math.PI * f0 * 14 * t);
    const amplitude = Math.exp(-t / decay) * (1 - Math.exp(-t / 0.002));
    data[i] = amplitude * Math.sin(2 * Math.PI * f0 * t + modulator);
  }
  const tail = Math.round(0.05 * BUILT_IN_RATE);
  for (let i = 0; i < tail; i++) data[frames - tail + i] = data[frames - tail + i]! * (1 - i / tail);
  return { name: `electric piano ${rootKey}`, data: normalise(data, 0.7), sampleRate: BUILT_IN_RATE };
}

export function createElectricPiano(): Preset {
  return {
    name: 'Electric piano',
    bank: 0,
    program: 4,
    zones: multiSample(28, 100, 6, renderElectricPianoNote, { attack: 0.001, sustain: 1, release: 0.25 })
  };
}
