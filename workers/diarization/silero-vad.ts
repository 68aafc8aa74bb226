// Runs Silero VAD v5 over a whole 16 kHz recording, one 512-sample frame at a
// time, and returns the speech probability of every frame. Written against the
// small slice of onnxruntime-web's InferenceSession we use, so the worker hands
// in a real session and Node tests hand in a real session too (no mocks needed).
import { DIARIZATION_SAMPLE_RATE } from './types.ts';

/** What we read from an ort Tensor. */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** The part of `InferenceSession` the frame runner needs (`session.run(feeds)`). */
export interface VadSession {
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
}

/**
 * Makes ort tensors. The worker passes `(d, dims) => new ort.Tensor('float32', d, dims)`
 * and the int64 twin, so the core never imports a particular onnxruntime build.
 */
export interface TensorFactory {
  float32(data: Float32Array, dims: readonly number[]): OrtTensorLike;
  int64(data: BigInt64Array, dims: readonly number[]): OrtTensorLike;
}

export const VAD_FRAME_SAMPLES = 512;
/** Silero v5 sees the last 64 samples of the previous frame so an onset on a frame boundary is seen whole. */
export const VAD_CONTEXT_SAMPLES = 64;
export const VAD_FRAME_SECONDS = VAD_FRAME_SAMPLES / DIARIZATION_SAMPLE_RATE;
const STATE_SIZE = 2 * 128;

export interface VadRunOptions {
  /** Called every `progressEveryFrames` frames with the fraction done (0..1). */
  readonly onProgress?: (fraction: number) => void;
  readonly progressEveryFrames?: number;
  /** Checked between frames so a cancelled job stops within one frame. */
  readonly signal?: AbortSignal;
}

/** Speech probability per 32 ms frame (frame i covers samples [512 i, 512 i + 512)). */
export async function runSileroVad(
  session: VadSession,
  tensors: TensorFactory,
  audio: Float32Array,
  options: VadRunOptions = {}
): Promise<Float32Array> {
  const frameCount = Math.ceil(audio.length / VAD_FRAME_SAMPLES);
  const probabilities = new Float32Array(frameCount);
  // One set of tensors for the whole run: ort copies the data into WASM memory
  // at each run(), so refilling the same arrays is safe and allocates nothing.
  const window = new Float32Array(VAD_CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
  const state = new Float32Array(STATE_SIZE);
  const feeds = {
    input: tensors.float32(window, [1, window.length]),
    state: tensors.float32(state, [2, 1, 128]),
    sr: tensors.int64(new BigInt64Array([BigInt(DIARIZATION_SAMPLE_RATE)]), [])
  };
  const every = options.progressEveryFrames ?? 1000;
  for (let frame = 0; frame < frameCount; frame++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('Voice detection was cancelled');
    // Carry the context: the tail of the previous frame moves to the front.
    window.copyWithin(0, VAD_FRAME_SAMPLES, VAD_FRAME_SAMPLES + VAD_CONTEXT_SAMPLES);
    const start = frame * VAD_FRAME_SAMPLES;
    const end = Math.min(audio.length, start + VAD_FRAME_SAMPLES);
    window.set(audio.subarray(start, end), VAD_CONTEXT_SAMPLES);
    // The last frame is short: pad with silence rather than stale samples.
    if (end - start < VAD_FRAME_SAMPLES) window.fill(0, VAD_CONTEXT_SAMPLES + (end - start));
    const outputs = await session.run(feeds);
    probabilities[frame] = readFloat(outputs, 'output', 1)[0] ?? 0;
    state.set(readFloat(outputs, 'stateN', STATE_SIZE));
    if (options.onProgress && (frame + 1) % every === 0) options.onProgress((frame + 1) / frameCount);
  }
  options.onProgress?.(1);
  return probabilities;
}

function readFloat(outputs: Record<string, OrtTensorLike>, name: string, length: number): Float32Array {
  const data = outputs[name]?.data;
  if (!(data instanceof Float32Array) || data.length !== length) {
    throw new Error(`The voice-activity model did not return a float32 "${name}" of ${length} values; is this Silero VAD v5?`);
  }
  return data;
}
