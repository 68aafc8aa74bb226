/**
 * A user's stem model as the analysis stems stage sees it
 * (`StemSeparatorModel`): the mix is cut into overlapping segments, each goes
 * up to the model's 44.1 kHz, through the model, and its stems come back mono
 * at the analysis rate to be cross-faded together — like the built-in stems,
 * so an hour of four stems stays within the tab's memory (stereo stems would
 * double it).
 */
import type { StemSeparatorModel } from '../../analysis/pipeline/analysis-pipeline.ts';
import { resample } from '../../analysis/dsp/resampler.ts';
import { ort } from '../onnx-runtime.ts';
import { overlapAdd, planSegments } from './overlap-add.ts';
import { SEPARATOR_SAMPLE_RATE } from './user-model-slots.ts';

/** Segment length for models that accept any length: 10 s keeps memory flat and seams rare. */
export const DEFAULT_SEGMENT_SAMPLES = 10 * SEPARATOR_SAMPLE_RATE;

export interface SeparatorShape {
  /** The model's fixed input length, or null when it takes any length. */
  readonly fixedSamples: number | null;
  readonly stemNames: readonly string[];
}

/** Runs one stereo segment; returns stems × 2 channels × samples. */
export async function runSeparatorSegment(session: ort.InferenceSession, segment: readonly Float32Array[]): Promise<Float32Array[][]> {
  const samples = segment[0]?.length ?? 0;
  const input = new Float32Array(2 * samples);
  input.set(segment[0] ?? new Float32Array(samples), 0);
  input.set(segment[1] ?? segment[0] ?? new Float32Array(samples), samples);
  const results = await session.run({ mix: new ort.Tensor('float32', input, [1, 2, samples]) });
  const stems = results['stems'];
  if (!stems || !(stems.data instanceof Float32Array)) throw new Error('the model gave no float32 output "stems"');
  const [batch, count, channels, length] = stems.dims;
  if (stems.dims.length !== 4 || batch !== 1 || channels !== 2 || length !== samples || !count) {
    throw new Error(`"stems" came out as [${stems.dims.join(', ')}], expected [1, N, 2, ${samples}]`);
  }
  const data = stems.data;
  return Array.from({ length: count }, (_, s) => [0, 1].map((c) => data.subarray((s * 2 + c) * samples, (s * 2 + c + 1) * samples)));
}

/** Copies `audio` into a new array of exactly `length` samples (zero-padded or cut). */
function fitLength(audio: Float32Array, length: number): Float32Array {
  if (audio.length === length) return audio;
  const out = new Float32Array(length);
  out.set(audio.subarray(0, length));
  return out;
}

export function onnxStemSeparator(session: ort.InferenceSession, id: string, label: string, shape: SeparatorShape): StemSeparatorModel {
  return {
    id,
    label,
    stemNames: shape.stemNames,
    async separate(channels, sampleRate, onProgress, checkpoint) {
      const length = channels[0]?.length ?? 0;
      const stereo = [channels[0] ?? new Float32Array(length), channels[1] ?? channels[0] ?? new Float32Array(length)];
      // Segments are planned at the analysis rate and resampled one at a time, so
      // memory stays at the mono stems plus one segment: an hour at 44.1 kHz
      // stereo would be 1.3 GB for the mix alone, before any stem.
      const modelSamples = shape.fixedSamples ?? DEFAULT_SEGMENT_SAMPLES;
      const segment = Math.max(2, Math.floor((modelSamples * sampleRate) / SEPARATOR_SAMPLE_RATE));
      const plan = planSegments(length, segment);
      const stems = await overlapAdd(
        stereo,
        plan,
        async (piece) => {
          const up = piece.map((channel) => fitLength(resample(channel, sampleRate, SEPARATOR_SAMPLE_RATE), modelSamples));
          const separated = await runSeparatorSegment(session, up);
          return separated.map(([left, right]) => {
            const mono = new Float32Array(modelSamples);
            for (let i = 0; i < modelSamples; i++) mono[i] = 0.5 * ((left?.[i] ?? 0) + (right?.[i] ?? 0));
            return [fitLength(resample(mono, SEPARATOR_SAMPLE_RATE, sampleRate), segment)];
          });
        },
        async (done, total) => {
          onProgress(done / total);
          await checkpoint();
        }
      );
      if (stems.length !== shape.stemNames.length) throw new Error(`it gave ${stems.length} stems, ${shape.stemNames.length} when it was loaded`);
      return stems.map((tracks) => tracks[0] ?? new Float32Array(length));
    }
  };
}
