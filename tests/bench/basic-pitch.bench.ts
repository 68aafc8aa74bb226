// Basic Pitch per-window speed: our ONNX transcription (onnxruntime-web WASM,
// 1 thread, batch 1 and 4) vs @spotify/basic-pitch's TF.js graph on the
// TF.js CPU backend (the only TF.js backend installed here), on the same windows.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web/wasm';
import { convertBasicPitch, readBasicPitchTfjsArtifacts } from '../../models/basic-pitch/convert-basic-pitch.ts';
import { onnxBasicPitchModel } from '../../workers/inference/basic-pitch/onnx-basic-pitch.ts';
import { computeActivations } from '../../workers/inference/basic-pitch/transcribe.ts';
import { WINDOW_SAMPLES, windowCount } from '../../workers/inference/basic-pitch/windowing.ts';
import { renderTones } from '../fixtures/basic-pitch-audio.ts';

ort.env.wasm.numThreads = 1;
const SECONDS = 12;
const audio = renderTones(
  Array.from({ length: SECONDS * 3 }, (_, index) => ({ pitch: 48 + ((index * 7) % 24), start: index / 3, duration: 0.6 })),
  SECONDS
);
const windows = windowCount(audio.length);
const line = (name: string, value: number, unit: string) => console.log(`BENCH ${name} ${value.toFixed(2)} ${unit}`);

let started = performance.now();
const session = await ort.InferenceSession.create(await convertBasicPitch(), { graphOptimizationLevel: 'all' });
line('basic-pitch.onnx.load', performance.now() - started, 'ms');
const model = onnxBasicPitchModel(session);
await computeActivations(model, audio.subarray(0, WINDOW_SAMPLES), { batchSize: 1 }); // warm-up

const perWindow: Record<string, number> = {};
for (const batchSize of [1, 4]) {
  started = performance.now();
  await computeActivations(model, audio, { batchSize });
  perWindow[`batch${batchSize}`] = (performance.now() - started) / windows;
  line(`basic-pitch.onnx.batch${batchSize}.per-window`, perWindow[`batch${batchSize}`] ?? 0, 'ms');
}

await tf.setBackend('cpu');
const artifacts = await readBasicPitchTfjsArtifacts();
const json = artifacts.modelJson as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
started = performance.now();
const reference = await tf.loadGraphModel(
  tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights ?? [], weightData: artifacts.weightData.slice().buffer })
);
line('basic-pitch.tfjs-cpu.load', performance.now() - started, 'ms');
// The reference runs one window per execute() (BasicPitch.evaluateSingleFrame); 3 windows keep the bench short.
const measured = Math.min(3, windows);
started = performance.now();
for (let index = 0; index < measured; index += 1) {
  const input = tf.tensor3d(audio.slice(index * 36164, index * 36164 + WINDOW_SAMPLES).slice(0, WINDOW_SAMPLES), [1, WINDOW_SAMPLES, 1]);
  const outputs = reference.execute(input, ['Identity', 'Identity_1', 'Identity_2']) as tf.Tensor[];
  for (const output of outputs) {
    output.dataSync();
    output.dispose();
  }
  input.dispose();
}
const tfjsPerWindow = (performance.now() - started) / measured;
line('basic-pitch.tfjs-cpu.per-window', tfjsPerWindow, 'ms');
console.log(`BENCH basic-pitch.onnx.batch1.vs.tfjs-cpu ${(tfjsPerWindow / (perWindow['batch1'] ?? 1)).toFixed(2)}`);
console.log(`BENCH basic-pitch.onnx.batch4.vs.tfjs-cpu ${(tfjsPerWindow / (perWindow['batch4'] ?? 1)).toFixed(2)}`);
console.log(`BENCH basic-pitch.rss-at-end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
