// Basic Pitch on onnxruntime-web: adapts a session of the converted model
// (models/manifest.json "basic-pitch") to the transcription core.
import { modelEntry } from '../../../models/model-manifest.ts';
import { ort, type ModelSessions } from '../onnx-runtime.ts';
import type { BasicPitchModel, BasicPitchWindowOutputs } from './transcribe.ts';
import { WINDOW_SAMPLES } from './windowing.ts';

const CONTRACT = modelEntry('basic-pitch').contract;
const INPUT_NAME = CONTRACT.inputs[0]?.name ?? 'input_2';
// Output order in the contract: contour, note, onset.
const [CONTOUR_OUTPUT, NOTE_OUTPUT, ONSET_OUTPUT] = CONTRACT.outputs.map((output) => output.name);

function float32Output(results: ort.InferenceSession.OnnxValueMapType, name: string | undefined): Float32Array {
  const tensor = name === undefined ? undefined : results[name];
  if (tensor === undefined || !(tensor.data instanceof Float32Array)) throw new Error(`Basic Pitch gave no float32 output "${name}".`);
  return tensor.data;
}

export function onnxBasicPitchModel(session: ort.InferenceSession): BasicPitchModel {
  return {
    async run(windows: Float32Array, batchSize: number): Promise<BasicPitchWindowOutputs> {
      // The tensor wraps the caller's buffer: no copy per batch.
      const input = new ort.Tensor('float32', windows.subarray(0, batchSize * WINDOW_SAMPLES), [batchSize, WINDOW_SAMPLES, 1]);
      const results = await session.run({ [INPUT_NAME]: input });
      return {
        contour: float32Output(results, CONTOUR_OUTPUT),
        note: float32Output(results, NOTE_OUTPUT),
        onset: float32Output(results, ONSET_OUTPUT)
      };
    }
  };
}

/** The worker's Basic Pitch model, from its (cached) session. */
export async function loadBasicPitch(sessions: ModelSessions): Promise<BasicPitchModel> {
  return onnxBasicPitchModel(await sessions.session('basic-pitch'));
}
