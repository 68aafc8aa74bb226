/**
 * A synthetic band rehearsal as a 16-bit stereo 44.1 kHz WAV of any length,
 * written straight into its Int16 frames (an hour is 635 MB of WAV; no
 * Float32 copy beside it): 120 BPM, drums on every beat, a bass line, and an
 * A section (C–Am–F–G) alternating with a B section (F–G–Em–Am) every 8 bars.
 * The 16-bar A+B block is rendered once and tiled.
 */
export const BAND_RATE = 44100;
const BPM = 120;
const A = [
  [261.63, 329.63, 392.0],
  [220.0, 261.63, 329.63],
  [174.61, 220.0, 261.63],
  [196.0, 246.94, 293.66]
];
const B = [
  [174.61, 220.0, 261.63],
  [196.0, 246.94, 293.66],
  [164.81, 196.0, 246.94],
  [220.0, 261.63, 329.63]
];

function renderBlock(): Int16Array {
  const barSeconds = (4 * 60) / BPM;
  const frames = Math.round(16 * barSeconds * BAND_RATE);
  const out = new Int16Array(frames * 2);
  let seed = 7;
  const noise = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  for (let i = 0; i < frames; i++) {
    const t = i / BAND_RATE;
    const bar = Math.floor(t / barSeconds);
    const chord = (bar < 8 ? A : B)[Math.floor(bar / 2) % 4]!;
    let tone = 0;
    for (const f of chord) tone += Math.sin(2 * Math.PI * f * t) + 0.25 * Math.sin(4 * Math.PI * f * t);
    const bass = Math.sin(Math.PI * chord[0]! * 0.5 * t);
    const beat = t % (60 / BPM);
    const kick = beat < 0.08 ? Math.sin(2 * Math.PI * 60 * beat) * Math.exp(-beat / 0.03) : 0;
    const hat = beat < 0.03 ? noise() * Math.exp(-beat / 0.006) : 0;
    const left = 0.07 * tone + 0.2 * bass + 0.35 * kick + 0.2 * hat;
    const right = 0.05 * tone + 0.2 * bass + 0.35 * kick + 0.25 * hat;
    out[2 * i] = Math.round(Math.max(-1, Math.min(1, left)) * 32000);
    out[2 * i + 1] = Math.round(Math.max(-1, Math.min(1, right)) * 32000);
  }
  return out;
}

export function bandRecordingWav(seconds: number): Uint8Array {
  const frames = Math.round(seconds * BAND_RATE);
  const bytes = new Uint8Array(44 + frames * 4);
  const view = new DataView(bytes.buffer);
  const text = (at: number, value: string): void => [...value].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + frames * 4, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, BAND_RATE, true);
  view.setUint32(28, BAND_RATE * 4, true);
  view.setUint16(32, 4, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, frames * 4, true);
  const block = renderBlock();
  const samples = new Int16Array(bytes.buffer, 44, frames * 2);
  for (let at = 0; at < samples.length; at += block.length) samples.set(block.subarray(0, Math.min(block.length, samples.length - at)), at);
  return bytes;
}
