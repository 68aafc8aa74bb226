/**
 * A user's speaker-embedding model as the diarization pipeline's
 * `SpeakerEmbedder`: each speech window becomes 80-bin fbank frames and one
 * model run; the output vector is the window's embedding. It replaces the
 * built-in MFCC embedder without the rest of the pipeline noticing.
 */
import type { SpeakerEmbedder } from '../../diarization/speaker-embedding.ts';
import { ort } from '../onnx-runtime.ts';
import { FbankAnalyser } from './fbank.ts';
import { EMBEDDING_SAMPLE_RATE, FBANK_BINS } from './user-model-slots.ts';

/** Runs the model on frames × 80 features; returns the embedding. */
export async function runEmbedding(session: ort.InferenceSession, features: Float32Array): Promise<Float32Array> {
  const frames = features.length / FBANK_BINS;
  const results = await session.run({ feats: new ort.Tensor('float32', features, [1, frames, FBANK_BINS]) });
  const output = results['embs'];
  if (!output || !(output.data instanceof Float32Array)) throw new Error('the model gave no float32 output "embs"');
  if (output.dims.length !== 2 || output.dims[0] !== 1 || !output.dims[1]) throw new Error(`"embs" came out as [${output.dims.join(', ')}], expected [1, D]`);
  for (const value of output.data) if (!Number.isFinite(value)) throw new Error('the embedding holds NaN or infinite values');
  return output.data.slice();
}

export class OnnxSpeakerEmbedder implements SpeakerEmbedder {
  readonly name: string;
  private readonly fbank = new FbankAnalyser();

  /** `name` is recorded with cached diarization results: include the model's hash so a new model means new results. */
  constructor(
    private readonly session: ort.InferenceSession,
    name: string
  ) {
    this.name = name;
  }

  async embed(audio: Float32Array, windows: readonly { start: number; end: number }[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (const window of windows) {
      const start = Math.max(0, Math.floor(window.start * EMBEDDING_SAMPLE_RATE));
      // Models need a few frames to pool over; a shorter window borrows audio after it (or before, at the end).
      const minimum = 400 + 160 * 9;
      let end = Math.min(audio.length, Math.ceil(window.end * EMBEDDING_SAMPLE_RATE));
      let from = start;
      if (end - from < minimum) {
        end = Math.min(audio.length, from + minimum);
        from = Math.max(0, end - minimum);
      }
      const features = this.fbank.analyse(audio, from, end);
      vectors.push(features.length === 0 ? new Float32Array(0) : await runEmbedding(this.session, features));
    }
    const size = vectors.find((vector) => vector.length > 0)?.length ?? 0;
    // Audio shorter than one frame (only when the whole recording is): a zero vector keeps the windows in step.
    return vectors.map((vector) => (vector.length > 0 ? vector : new Float32Array(size)));
  }
}
