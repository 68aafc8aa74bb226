import { GEN, writeSf2 } from '../fixtures/sf2-writer.js';

/**
 * The SoundFont all three synths render in the throughput benchmark: a
 * harmonically rich looped tone (so every voice does real interpolation
 * work), two layered instruments per key so N voices need N/2 notes, and a
 * sustaining volume envelope so voices stay alive for the whole run.
 */
export function benchSf2(): Uint8Array {
  const rate = 44100;
  const frames = 44100;
  const data = new Int16Array(frames);
  // 441 Hz (100-frame period) with ten harmonics, loop over whole periods.
  for (let i = 0; i < frames; i++) {
    let value = 0;
    for (let h = 1; h <= 10; h++) value += Math.sin((2 * Math.PI * h * i) / 100) / h;
    data[i] = Math.round(value * 9000);
  }
  const layer = (pan: number) => ({
    keyRange: [0, 127] as [number, number],
    generators: [
      [GEN.sampleModes, 1],
      [GEN.pan, pan],
      [GEN.attackVolEnv, -7200],
      [GEN.releaseVolEnv, 0],
      [GEN.initialAttenuation, 120]
    ] as Array<[number, number]>,
    sample: 0
  });
  return writeSf2({
    name: 'Bench Tone',
    samples: [{ name: 'tone', data, sampleRate: rate, originalPitch: 69, pitchCorrection: 0, loop: { start: 1000, end: 44000 } }],
    instruments: [
      { name: 'Left', zones: [layer(-300)] },
      { name: 'Right', zones: [layer(300)] }
    ],
    presets: [{ name: 'Bench', program: 0, zones: [{ instrument: 0 }, { instrument: 1 }] }]
  });
}
