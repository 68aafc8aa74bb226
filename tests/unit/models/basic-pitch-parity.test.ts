// The converted Basic Pitch on onnxruntime-web matches the original TF.js
// graph on @tensorflow/tfjs within 1e-4 on every output, over real-looking
// audio windows; and the conversion is byte-for-byte what the manifest says.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertBasicPitchArtifacts, readBasicPitchTfjsArtifacts, type BasicPitchTfjsArtifacts } from '../../../models/basic-pitch/convert-basic-pitch.ts';
import { modelEntry } from '../../../models/model-manifest.ts';
import { WINDOW_SAMPLES } from '../../../workers/inference/basic-pitch/windowing.ts';
import { renderTones } from '../../fixtures/basic-pitch-audio.ts';

let artifacts: BasicPitchTfjsArtifacts;
let onnxBytes: Uint8Array;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  await tf.setBackend('cpu');
  artifacts = await readBasicPitchTfjsArtifacts();
  onnxBytes = convertBasicPitchArtifacts(artifacts);
});

const seconds = WINDOW_SAMPLES / 22050;
/** Three windows: a chord, a melody, and a bass line under a held tone and a high part. */
const WINDOWS = [
  renderTones([60, 64, 67, 72].map((pitch) => ({ pitch, start: 0.2, duration: 1.3 })), seconds, 2),
  renderTones([72, 74, 76, 77, 79, 81].map((pitch, index) => ({ pitch, start: 0.05 + index * 0.26, duration: 0.24 })), seconds, 3),
  renderTones([{ pitch: 36, start: 0, duration: 1.6 }, { pitch: 57, start: 0.1, duration: 1.5 }, { pitch: 43, start: 0.5, duration: 0.5 }, { pitch: 88, start: 0.8, duration: 0.6 }], seconds, 4)
];
const OUTPUTS = [
  ['contour', 'Identity'],
  ['note', 'Identity_1'],
  ['onset', 'Identity_2']
] as const;

describe('Basic Pitch ONNX conversion', () => {
  it('is deterministic and matches the manifest hash and size', () => {
    const again = convertBasicPitchArtifacts(artifacts);
    expect(Buffer.from(again).equals(Buffer.from(onnxBytes))).toBe(true);
    const entry = modelEntry('basic-pitch');
    expect(onnxBytes.byteLength).toBe(entry.sizeBytes);
    expect(createHash('sha256').update(onnxBytes).digest('hex')).toBe(entry.sha256);
  });

  it('matches the TF.js graph within 1e-4 on notes, onsets and contours over three windows', async () => {
    const batch = new Float32Array(WINDOWS.length * WINDOW_SAMPLES);
    WINDOWS.forEach((window, index) => batch.set(window.subarray(0, WINDOW_SAMPLES), index * WINDOW_SAMPLES));

    const json = artifacts.modelJson as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    const reference = await tf.loadGraphModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]?.weights ?? [], weightData: artifacts.weightData.slice().buffer })
    );
    const expected = reference.execute(tf.tensor3d(batch, [WINDOWS.length, WINDOW_SAMPLES, 1]), OUTPUTS.map(([, name]) => name)) as tf.Tensor[];

    const session = await ort.InferenceSession.create(onnxBytes);
    const actual = await session.run({ input_2: new ort.Tensor('float32', batch, [WINDOWS.length, WINDOW_SAMPLES, 1]) });
    await session.release();

    const report: Record<string, number> = {};
    OUTPUTS.forEach(([label, name], index) => {
      const ours = actual[name]?.data as Float32Array;
      const theirs = expected[index]?.dataSync() as Float32Array;
      expect(ours.length).toBe(theirs.length);
      let worst = 0;
      for (let i = 0; i < ours.length; i += 1) worst = Math.max(worst, Math.abs((ours[i] ?? 0) - (theirs[i] ?? 0)));
      report[label] = worst;
    });
    console.log(`parity max |ONNX - TF.js|: ${JSON.stringify(report)}`);
    for (const worst of Object.values(report)) expect(worst).toBeLessThanOrEqual(1e-4);
  }, 60_000);
});
