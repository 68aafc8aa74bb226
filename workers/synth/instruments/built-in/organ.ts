import type { Preset, Sample } from '../instrument-model';
import { midiToHz, multiSample } from './synthesis';

/** Drawbar footages as multiples of the 8' fundamental, and a classic "888000000"-plus-sparkle registration. */
const DRAWBARS: ReadonlyArray<[ratio: number, level: number]> = [
  [0.5, 0.8],
  [1, 1],
  [1.5, 0.8],
  [2, 0.5],
  [3, 0.3],
  [4, 0.25],
  [6, 0.12]
];
const MAX_TABLE_FRAMES = 2048;
/** Keeps every table's playback rate in the range any sample may have (≤ 192 kHz). */
const MAX_TABLE_RATE = 192000;

/**
 * A tonewheel organ as a single-cycle wavetable per octave, looped forever
 * (an organ does not decay). The table spans one period of the 16' (sub)
 * pitch so every drawbar completes whole cycles; drawbars that would alias
 * at that octave are left out.
 */
function renderOrganTable(rootKey: number): Sample {
  const subFrequency = midiToHz(rootKey) / 2;
  const tableFrames = Math.min(MAX_TABLE_FRAMES, Math.floor(MAX_TABLE_RATE / subFrequency));
  const data = new Float32Array(tableFrames);
  const topKey = rootKey + 6;
  for (const [ratio, level] of DRAWBARS) {
    if (midiToHz(topKey) * ratio > 18000) continue;
    const cycles = ratio * 2;
    for (let i = 0; i < tableFrames; i++) data[i] = data[i]! + level * Math.sin((2 * Math.PI * cycles * i) / tableFrames);
  }
  let peak = 0;
  for (const value of data) peak = Math.max(peak, Math.abs(value));
  for (let i = 0; i < tableFrames; i++) data[i] = (data[i]! / peak) * 0.5;
  return { name: `organ ${rootKey}`, data, sampleRate: subFrequency * tableFrames, loop: { start: 0, end: tableFrames } };
}

export function createOrgan(): Preset {
  return {
    name: 'Drawbar organ',
    bank: 0,
    program: 16,
    // Key click: a 4 ms attack; no velocity sensitivity, as on the real thing.
    zones: multiSample(24, 96, 12, renderOrganTable, { attack: 0.004, sustain: 1, release: 0.04 }, { velocityTrack: 0 })
  };
}
