const RATE = 22050;

/**
 * A mono 16-bit WAV at 22.05 kHz: a click on every beat at 120 BPM (accent on
 * one) over C – F – G – C, one chord per bar, repeated to `seconds`. `variant`
 * changes the level slightly so two takes hash differently (no cache sharing).
 */
export function rehearsalWav(seconds = 16, variant = 0): Buffer {
  const frames = Math.round(seconds * RATE);
  const chords = [
    [261.63, 329.63, 392.0],
    [349.23, 440.0, 523.25],
    [392.0, 493.88, 587.33],
    [261.63, 329.63, 392.0]
  ];
  const wav = Buffer.alloc(44 + frames * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + frames * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(frames * 2, 40);
  const level = 32000 - 100 * variant;
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    let tone = 0;
    for (const f of chords[Math.floor(t / 2) % 4]!) tone += Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
    const beat = t % 0.5;
    const accent = Math.floor(t / 0.5) % 4 === 0 ? 1 : 0.6;
    const click = beat < 0.03 ? accent * Math.sin(2 * Math.PI * 1500 * t) * Math.exp(-beat / 0.006) : 0;
    wav.writeInt16LE(Math.round(Math.max(-1, Math.min(1, 0.08 * tone + 0.5 * click)) * level), 44 + 2 * i);
  }
  return wav;
}
