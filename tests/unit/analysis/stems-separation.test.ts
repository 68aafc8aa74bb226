import { beforeAll, describe, expect, it } from 'vitest';
import { openAudioStream } from '$workers/analysis/decode/decode-stream';
import { buildAnalysisCopy } from '$workers/analysis/dsp/analysis-copy';
import { signalToDistortion } from '$workers/analysis/metrics/sdr';
import { DspStemSeparator, separateStems } from '$workers/analysis/stems/stem-separator';
import { STEM_NAMES, type StemBlock } from '$workers/analysis/stems/stem-types';
import { renderMidi } from '../../fixtures/analysis-fixtures';
import { grooveSong } from '../../fixtures/analysis-midi';
import { concatFloat32, seededRandom } from '../../fixtures/analysis-signals';

const RATE = 22050;
const SECONDS = 8;

/** Known parts: sustained chords (harmonic), a bass line, noise-burst drums. */
function syntheticParts(): { chords: Float32Array; bass: Float32Array; drums: Float32Array } {
  const length = SECONDS * RATE;
  const chords = new Float32Array(length);
  const bass = new Float32Array(length);
  const drums = new Float32Array(length);
  const progression = [
    [261.63, 329.63, 392.0],
    [349.23, 440.0, 523.25],
    [392.0, 493.88, 587.33],
    [261.63, 329.63, 392.0]
  ];
  const bassLine = [65.41, 87.31, 98.0, 65.41, 73.42, 87.31, 98.0, 82.41];
  for (let i = 0; i < length; i++) {
    const t = i / RATE;
    const chord = progression[Math.floor(t / 2) % 4] as number[];
    const withinChord = t % 2;
    // Slow attack and release, so chord changes are not themselves clicks.
    const envelope = Math.min(1, withinChord / 0.05, (2 - withinChord) / 0.05);
    let sum = 0;
    for (const f of chord) for (let h = 1; h <= 4; h++) sum += Math.sin(2 * Math.PI * f * h * t) / h;
    chords[i] = 0.08 * envelope * sum;
    const note = bassLine[Math.floor(t) % 8] as number;
    const withinNote = t % 1;
    bass[i] = 0.3 * Math.min(1, withinNote / 0.03, (1 - withinNote) / 0.03) * Math.sin(2 * Math.PI * note * t);
  }
  const random = seededRandom(7);
  for (let hit = 0.125; hit < SECONDS; hit += 0.25) {
    const start = Math.round(hit * RATE);
    for (let i = 0; i < 0.08 * RATE && start + i < length; i++) drums[start + i] = 1.2 * (random() * 2 - 1) * Math.exp(-i / (0.015 * RATE));
  }
  return { chords, bass, drums };
}

function add(...signals: Float32Array[]): Float32Array {
  const out = new Float32Array(signals[0]?.length ?? 0);
  for (const s of signals) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (s[i] as number);
  return out;
}

describe('DSP stems on a synthetic mix with known parts', () => {
  let parts: ReturnType<typeof syntheticParts>;
  let stems: StemBlock;
  const sdr: Record<string, number> = {};
  beforeAll(() => {
    parts = syntheticParts();
    const mix = add(parts.chords, parts.bass, parts.drums);
    stems = separateStems([mix], RATE);
    sdr.harmonic = signalToDistortion(add(parts.chords, parts.bass), stems.harmonic);
    sdr.percussive = signalToDistortion(parts.drums, stems.percussive);
    sdr.bass = signalToDistortion(parts.bass, stems.bass);
    sdr.other = signalToDistortion(parts.chords, stems.other);
    sdr.mixAsHarmonic = signalToDistortion(add(parts.chords, parts.bass), mix);
    sdr.mixAsPercussive = signalToDistortion(parts.drums, mix);
    console.log('stem SDR (dB)', Object.entries(sdr).map(([name, value]) => `${name} ${value.toFixed(1)}`).join(', '));
  });

  it('returns every stem at the length of the input', () => {
    for (const name of STEM_NAMES) expect(stems[name].length).toBe(SECONDS * RATE);
  });

  it('separates the sustained parts with SDR above 12 dB, 10 dB better than the unseparated mix', () => {
    expect(sdr.harmonic).toBeGreaterThan(12);
    expect(sdr.harmonic).toBeGreaterThan((sdr.mixAsHarmonic ?? 0) + 10);
  });

  it('separates the drums with SDR above 10 dB, 10 dB better than the unseparated mix', () => {
    expect(sdr.percussive).toBeGreaterThan(10);
    expect(sdr.percussive).toBeGreaterThan((sdr.mixAsPercussive ?? 0) + 10);
  });

  it('isolates the bass line in the bass stem (SDR above 15 dB) and keeps it out of "other"', () => {
    expect(sdr.bass).toBeGreaterThan(15);
    expect(sdr.other).toBeGreaterThan(10);
  });

  it('sums harmonic + percussive back to the mix', () => {
    const mix = add(parts.chords, parts.bass, parts.drums);
    expect(signalToDistortion(mix, add(stems.harmonic, stems.percussive))).toBeGreaterThan(80);
  });
});

describe('centre stem', () => {
  it('keeps a centre-panned part and drops hard-panned ones (stereo)', () => {
    const length = 4 * RATE;
    const centre = new Float32Array(length);
    const left = new Float32Array(length);
    const right = new Float32Array(length);
    const random = seededRandom(3);
    for (let i = 0; i < length; i++) {
      const t = i / RATE;
      centre[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.15 * Math.sin(2 * Math.PI * 660 * t);
      left[i] = 0.3 * Math.sin(2 * Math.PI * 330 * t) + 0.05 * (random() * 2 - 1);
      right[i] = 0.3 * Math.sin(2 * Math.PI * 495 * t) + 0.05 * (random() * 2 - 1);
    }
    const stems = separateStems([add(centre, left), add(centre, right)], RATE);
    // The stems are mono at mid level: the centre part appears at full level, side parts at half.
    const value = signalToDistortion(centre, stems.centre);
    console.log('centre SDR (dB)', value.toFixed(1));
    expect(value).toBeGreaterThan(8);
  });

  it('is the mix itself for mono input', () => {
    const mono = Float32Array.from({ length: RATE }, (_, i) => Math.sin(i * 0.05) * 0.5);
    expect(signalToDistortion(mono, separateStems([mono], RATE).centre)).toBeGreaterThan(80);
  });
});

describe('streaming', () => {
  it('gives the same stems in chunks as in one piece', () => {
    const random = seededRandom(11);
    const left = Float32Array.from({ length: 3 * RATE }, (_, i) => Math.sin(i * 0.07) * 0.4 + (i % 5000 < 50 ? random() - 0.5 : 0));
    const right = Float32Array.from({ length: 3 * RATE }, (_, i) => Math.sin(i * 0.03) * 0.4);
    const whole = separateStems([left, right], RATE);
    const separator = new DspStemSeparator(RATE, 2);
    const blocks: StemBlock[] = [];
    for (let at = 0, n = 777; at < left.length; at += n, n = (n * 5) % 9001 + 1) blocks.push(separator.push([left.subarray(at, at + n), right.subarray(at, at + n)]));
    blocks.push(separator.flush());
    for (const name of STEM_NAMES) {
      const streamed = concatFloat32(blocks.map((block) => block[name]));
      expect(streamed.length).toBe(left.length);
      expect(signalToDistortion(whole[name], streamed)).toBeGreaterThan(100);
    }
  });
});

describe('DSP stems on fluidsynth-rendered parts mixed in code', { timeout: 60_000 }, () => {
  it('separates a rendered drum kit from piano and bass (harmonic SDR > 6 dB, percussive > 3 dB)', async () => {
    const render = async (only: 'drums' | 'pitched'): Promise<Float32Array> => {
      const wav = renderMidi(`stems-${only}`, grooveSong(110, 6, { only }).midi);
      return (await buildAnalysisCopy(await openAudioStream(wav))).samples;
    };
    const drums = await render('drums');
    const pitched = await render('pitched');
    const length = Math.min(drums.length, pitched.length);
    const mix = add(drums.subarray(0, length), pitched.subarray(0, length));
    const stems = separateStems([mix], RATE);
    const harmonic = signalToDistortion(pitched, stems.harmonic, 0, length);
    const percussive = signalToDistortion(drums, stems.percussive, 0, length);
    console.log(`rendered parts SDR (dB): harmonic ${harmonic.toFixed(1)} (mix alone ${signalToDistortion(pitched, mix, 0, length).toFixed(1)}), percussive ${percussive.toFixed(1)} (mix alone ${signalToDistortion(drums, mix, 0, length).toFixed(1)})`);
    expect(harmonic).toBeGreaterThan(6);
    expect(percussive).toBeGreaterThan(3);
  });
});
