/**
 * Kaldi-style log-mel filterbank features, the input speaker-embedding models
 * are trained on (WeSpeaker, 3D-Speaker): 16 kHz audio scaled to 16-bit range,
 * 25 ms frames every 10 ms, DC removed, pre-emphasis 0.97, Povey window,
 * 512-point power spectrum, 80 triangular mel bands (20 Hz – 7.6 kHz), log
 * with a floor; then the per-window mean is subtracted (CMN), as WeSpeaker does.
 */
import FFT from 'fft.js';
import { EMBEDDING_SAMPLE_RATE, FBANK_BINS } from './user-model-slots.ts';

const FRAME = 400;
const HOP = 160;
const FFT_SIZE = 512;
const LOW_HZ = 20;
const HIGH_HZ = 7600;
const LOG_FLOOR = Number.EPSILON;

const mel = (hz: number): number => 1127 * Math.log(1 + hz / 700);

function melBands(): { first: number; weights: Float32Array }[] {
  const binHz = EMBEDDING_SAMPLE_RATE / FFT_SIZE;
  const low = mel(LOW_HZ);
  const step = (mel(HIGH_HZ) - low) / (FBANK_BINS + 1);
  return Array.from({ length: FBANK_BINS }, (_, band) => {
    const [left, centre, right] = [low + band * step, low + (band + 1) * step, low + (band + 2) * step];
    const weights: number[] = [];
    let first = -1;
    for (let bin = 0; bin <= FFT_SIZE / 2; bin++) {
      const m = mel(bin * binHz);
      const weight = m > left && m < right ? (m <= centre ? (m - left) / (centre - left) : (right - m) / (right - centre)) : 0;
      if (weight > 0) {
        if (first < 0) first = bin;
        weights.push(weight);
      } else if (first >= 0) break;
    }
    return { first: Math.max(0, first), weights: Float32Array.from(weights) };
  });
}

export class FbankAnalyser {
  private readonly fft = new FFT(FFT_SIZE);
  private readonly window = Float32Array.from({ length: FRAME }, (_, i) => (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FRAME - 1))) ** 0.85);
  private readonly bands = melBands();
  private readonly frame = new Float64Array(FFT_SIZE);
  private readonly spectrum = new Float64Array(FFT_SIZE * 2);

  /** Frames in `samples` samples (Kaldi's snip-edges: only whole frames). */
  static frameCount(samples: number): number {
    return samples < FRAME ? 0 : 1 + Math.floor((samples - FRAME) / HOP);
  }

  /** frames × 80 log-mel energies of audio[start, end), mean-normalised over those frames. */
  analyse(audio: Float32Array, start = 0, end = audio.length): Float32Array {
    const frames = FbankAnalyser.frameCount(end - start);
    const out = new Float32Array(frames * FBANK_BINS);
    for (let f = 0; f < frames; f++) {
      const at = start + f * HOP;
      let mean = 0;
      for (let i = 0; i < FRAME; i++) mean += audio[at + i] ?? 0;
      mean /= FRAME;
      this.frame.fill(0);
      let previous = ((audio[at] ?? 0) - mean) * 32768;
      for (let i = 0; i < FRAME; i++) {
        const sample = ((audio[at + i] ?? 0) - mean) * 32768;
        this.frame[i] = (sample - 0.97 * previous) * (this.window[i] as number);
        previous = sample;
      }
      this.fft.realTransform(this.spectrum, this.frame);
      for (let b = 0; b < FBANK_BINS; b++) {
        const band = this.bands[b] as { first: number; weights: Float32Array };
        let energy = 0;
        for (let k = 0; k < band.weights.length; k++) {
          const bin = band.first + k;
          const re = this.spectrum[2 * bin] as number;
          const im = this.spectrum[2 * bin + 1] as number;
          energy += (re * re + im * im) * (band.weights[k] as number);
        }
        out[f * FBANK_BINS + b] = Math.log(Math.max(energy, LOG_FLOOR));
      }
    }
    for (let b = 0; b < FBANK_BINS && frames > 0; b++) {
      let sum = 0;
      for (let f = 0; f < frames; f++) sum += out[f * FBANK_BINS + b] as number;
      const mean = sum / frames;
      for (let f = 0; f < frames; f++) out[f * FBANK_BINS + b] = (out[f * FBANK_BINS + b] as number) - mean;
    }
    return out;
  }
}
