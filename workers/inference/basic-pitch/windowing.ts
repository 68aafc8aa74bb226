// Cuts mono 22.05 kHz audio into Basic Pitch's model windows and stitches the
// per-window outputs back together exactly as @spotify/basic-pitch does
// (inference.ts: prepareData, unwrapOutput, evaluateModel's trimming), so our
// notes line up with the reference frame for frame.

export const BASIC_PITCH_SAMPLE_RATE = 22050;
export const FFT_HOP = 256;
/** 2 s minus one hop: the model's fixed input length. */
export const WINDOW_SAMPLES = BASIC_PITCH_SAMPLE_RATE * 2 - FFT_HOP; // 43844
export const FRAMES_PER_WINDOW = 172;
const OVERLAP_FRAMES = 30;
/** Frames dropped at each window edge, where the CQT sees padding. */
export const EDGE_FRAMES = OVERLAP_FRAMES / 2; // 15
/** Samples between window starts: each window shares 30 frames with the next. */
export const WINDOW_STEP = WINDOW_SAMPLES - OVERLAP_FRAMES * FFT_HOP; // 36164
/** Zeros put before the audio so its first sample sits past the dropped edge. */
export const LEADING_PAD = (OVERLAP_FRAMES * FFT_HOP) / 2; // 3840
export const KEPT_FRAMES_PER_WINDOW = FRAMES_PER_WINDOW - 2 * EDGE_FRAMES; // 142
/** The reference floors 22050/256 to 86 frames per second. */
const ANNOTATION_FPS = Math.floor(BASIC_PITCH_SAMPLE_RATE / FFT_HOP);

/** Number of model windows for `sampleCount` samples (tf.signal.frame with padEnd). */
export function windowCount(sampleCount: number): number {
  const padded = sampleCount + LEADING_PAD;
  return sampleCount <= 0 ? 0 : Math.ceil(padded / WINDOW_STEP);
}

/** Output frames the reference keeps for `sampleCount` samples. */
export function outputFrameCount(sampleCount: number): number {
  return Math.floor(sampleCount * (ANNOTATION_FPS / BASIC_PITCH_SAMPLE_RATE));
}

/**
 * Writes windows [first, first + count) into `target` (count × WINDOW_SAMPLES,
 * zero-filled past the audio), the layout of the model's [B, 43844, 1] input.
 */
export function fillWindows(audio: Float32Array, first: number, count: number, target: Float32Array): void {
  if (target.length < count * WINDOW_SAMPLES) throw new Error(`The batch buffer holds ${target.length} samples; ${count} windows need ${count * WINDOW_SAMPLES}.`);
  target.fill(0, 0, count * WINDOW_SAMPLES);
  for (let window = 0; window < count; window += 1) {
    // Position of the window in the zero-padded signal, then in `audio`.
    const paddedStart = (first + window) * WINDOW_STEP;
    const audioStart = paddedStart - LEADING_PAD;
    const from = Math.max(0, audioStart);
    const to = Math.min(audio.length, audioStart + WINDOW_SAMPLES);
    if (to > from) target.set(audio.subarray(from, to), window * WINDOW_SAMPLES + (from - audioStart));
  }
}

/** A frames × bins matrix stored row-major. */
export interface ActivationMatrix {
  readonly frames: number;
  readonly bins: number;
  readonly values: Float32Array;
}

/** Collects window outputs, drops edge frames and trims to the audio's length. */
export class WindowStitcher {
  private readonly target: Float32Array;
  private written = 0;

  constructor(
    private readonly totalFrames: number,
    readonly bins: number
  ) {
    this.target = new Float32Array(totalFrames * bins);
  }

  /** `output` holds `count` windows of FRAMES_PER_WINDOW × bins, in window order. */
  append(output: Float32Array, count: number): void {
    const windowSize = FRAMES_PER_WINDOW * this.bins;
    if (output.length < count * windowSize) throw new Error(`A model output has ${output.length} values; ${count} windows need ${count * windowSize}.`);
    for (let window = 0; window < count && this.written < this.totalFrames; window += 1) {
      const keep = Math.min(KEPT_FRAMES_PER_WINDOW, this.totalFrames - this.written);
      const start = window * windowSize + EDGE_FRAMES * this.bins;
      this.target.set(output.subarray(start, start + keep * this.bins), this.written * this.bins);
      this.written += keep;
    }
  }

  result(): ActivationMatrix {
    return { frames: this.totalFrames, bins: this.bins, values: this.target };
  }
}
