import type { Preset, Sample, Zone } from '../instrument-model';
import { BUILT_IN_RATE, noise, normalise, pitchedZone } from './synthesis';

type Render = (t: number, random: () => number) => number;

function drum(name: string, seconds: number, render: Render, seed: number): Sample {
  const frames = Math.round(seconds * BUILT_IN_RATE);
  const data = new Float32Array(frames);
  const random = noise(seed);
  for (let i = 0; i < frames; i++) data[i] = render(i / BUILT_IN_RATE, random);
  const tail = Math.min(frames, Math.round(0.01 * BUILT_IN_RATE));
  for (let i = 0; i < tail; i++) data[frames - tail + i] = data[frames - tail + i]! * (1 - i / tail);
  return { name, data: normalise(data, 0.85), sampleRate: BUILT_IN_RATE };
}

/** A sine whose pitch falls from `from` to `to` Hz: the body of kicks and toms. */
function sweep(from: number, to: number, fall: number, decay: number): Render {
  let phase = 0;
  return (t) => {
    const frequency = to + (from - to) * Math.exp(-t / fall);
    phase += (2 * Math.PI * frequency) / BUILT_IN_RATE;
    return Math.sin(phase) * Math.exp(-t / decay);
  };
}

/** Six detuned square waves, the classic metallic source for hats and cymbals. */
function metal(decay: number, brightness: number): Render {
  const ratios = [2, 3, 4.16, 5.43, 6.79, 8.21];
  let highpassState = 0;
  let previous = 0;
  return (t, random) => {
    let sum = 0;
    for (const ratio of ratios) sum += Math.sign(Math.sin(2 * Math.PI * 205 * ratio * t));
    const source = sum / 6 + 0.6 * random();
    // One-pole high-pass: hats live above a few kHz.
    highpassState = brightness * (highpassState + source - previous);
    previous = source;
    return highpassState * Math.exp(-t / decay);
  };
}

function snare(tone: number, decay: number): Render {
  let lowpassed = 0;
  return (t, random) => {
    lowpassed += 0.5 * (random() - lowpassed);
    const body = Math.sin(2 * Math.PI * tone * t) * Math.exp(-t / 0.05);
    return 0.6 * body + 0.9 * (random() - 0.5 * lowpassed) * Math.exp(-t / decay);
  };
}

function clap(): Render {
  let bandpassed = 0;
  return (t, random) => {
    bandpassed += 0.35 * (random() - bandpassed);
    // Three quick slaps, then the room.
    const slaps = [0, 0.011, 0.023].reduce((sum, start) => sum + (t >= start ? Math.exp(-(t - start) / 0.006) : 0), 0);
    return bandpassed * (slaps + 0.5 * Math.exp(-t / 0.12));
  };
}

function rim(): Render {
  return (t, random) => (Math.sin(2 * Math.PI * 1700 * t) + 0.4 * random()) * Math.exp(-t / 0.008);
}

const HI_HAT_GROUP = 1;

/** General MIDI drum notes 35–59 played by synthesised drums. */
export function createDrumKit(): Preset {
  const kickBody = sweep(160, 48, 0.035, 0.28);
  const kick = drum('kick', 0.6, (t, random) => kickBody(t, random) + (t < 0.004 ? 0.4 * random() : 0), 36);
  const bellShimmer = metal(0.6, 0.9);
  const sounds: Array<[note: number, sample: Sample, extra?: Partial<Zone>]> = [
    [35, kick],
    [36, kick],
    [37, drum('rim', 0.12, rim(), 37)],
    [38, drum('snare', 0.35, snare(190, 0.14), 38)],
    [39, drum('clap', 0.45, clap(), 39)],
    [40, drum('snare 2', 0.3, snare(230, 0.1), 40)],
    [42, drum('closed hat', 0.12, metal(0.035, 0.85), 42), { group: HI_HAT_GROUP, offBy: HI_HAT_GROUP }],
    [44, drum('pedal hat', 0.14, metal(0.05, 0.8), 44), { group: HI_HAT_GROUP, offBy: HI_HAT_GROUP }],
    [46, drum('open hat', 0.8, metal(0.32, 0.85), 46), { group: HI_HAT_GROUP, offBy: HI_HAT_GROUP }],
    [49, drum('crash', 2.2, metal(0.8, 0.7), 49)],
    [51, drum('ride', 2.2, metal(1.1, 0.92), 51)],
    [52, drum('china', 1.8, metal(0.6, 0.6), 52)],
    [53, drum('ride bell', 1.4, (t, random) => 0.7 * Math.sin(2 * Math.PI * 820 * t) * Math.exp(-t / 0.5) + 0.3 * bellShimmer(t, random), 53)],
    [55, drum('splash', 1.0, metal(0.3, 0.75), 55)],
    [57, drum('crash 2', 2.2, metal(0.9, 0.75), 57)],
    [59, drum('ride 2', 2.2, metal(1.0, 0.9), 59)]
  ];
  // Six toms from floor to high, spaced like a real kit.
  const toms: Array<[number, number]> = [
    [41, 80],
    [43, 95],
    [45, 115],
    [47, 135],
    [48, 160],
    [50, 190]
  ];
  for (const [note, pitch] of toms) sounds.push([note, drum(`tom ${note}`, 0.7, sweep(pitch * 1.6, pitch, 0.06, 0.22), note)]);
  // Drums don't track the keyboard and play to the end of the hit whatever the pad does.
  const zones = sounds.map(([note, sample, extra]) =>
    pitchedZone(sample, note, note, note, { attack: 0.0005, sustain: 1, release: 0.08 }, { keyTrackCents: 0, loopMode: 'one_shot', ...extra })
  );
  return { name: 'Drum kit', bank: 128, program: 0, zones };
}
