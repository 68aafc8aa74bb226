// The ML stages' fallbacks and user-model plumbing, in Node: the notes
// fallback (YIN on a bass and a centre stem) over 60 s, and the user stem
// separator path (segmenting, resampling, overlap-add) around a tiny ONNX
// model over 60 s of stereo, i.e. the cost our code adds to a real separator.
import * as ort from 'onnxruntime-web/wasm';
import { transcribeMonophonicStems } from '../../workers/analysis/notes/dsp-note-fallback.ts';
import { configureOnnxRuntime, createUserModelSession } from '../../workers/inference/onnx-runtime.ts';
import { onnxStemSeparator } from '../../workers/inference/user-models/onnx-stem-separator.ts';
import { USER_MODEL_CONTRACTS } from '../../workers/inference/user-models/user-model-slots.ts';
import { renderTones, SAMPLE_RATE } from '../fixtures/basic-pitch-audio.ts';
import { tinySeparator } from '../fixtures/tiny-user-models.ts';
import { report } from './report.ts';

const SECONDS = 60;
const bass = renderTones(Array.from({ length: SECONDS * 2 }, (_, i) => ({ pitch: 28 + ((i * 5) % 12), start: i / 2, duration: 0.45 })), SECONDS);
const melody = renderTones(Array.from({ length: SECONDS * 4 }, (_, i) => ({ pitch: 60 + ((i * 7) % 12), start: i / 4, duration: 0.22 })), SECONDS, 2);

let started = performance.now();
const notes = transcribeMonophonicStems(
  [
    { name: 'bass', audio: bass, role: 'bass' },
    { name: 'centre', audio: melody, role: 'melody' }
  ],
  SAMPLE_RATE
);
const fallbackMs = performance.now() - started;
report.figure('notes-fallback.yin-2-stems-60s', fallbackMs, 'ms');
report.figure('notes-fallback.real-time-factor', (SECONDS * 1000) / fallbackMs, 'x');
report.note(`${SECONDS * 6} notes were played`);
report.figure('notes-fallback.notes', notes.length, 'notes');

configureOnnxRuntime({ crossOriginIsolated: false, hardwareConcurrency: 1 }, null);
ort.env.wasm.numThreads = 1;
const session = await createUserModelSession('tiny', tinySeparator({ inputShape: [1, 2, 343980], gains: [0.25, 0.25, 0.25, 0.25] }), USER_MODEL_CONTRACTS['stem-separator']);
const separator = onnxStemSeparator(session, 'x'.repeat(64), 'tiny', { fixedSamples: 343980, stemNames: ['a', 'b', 'c', 'd'] });
started = performance.now();
await separator.separate([bass, melody], SAMPLE_RATE, () => undefined, async () => undefined);
const separateMs = performance.now() - started;
report.figure('user-separator.plumbing-4-stems-60s', separateMs, 'ms');
report.figure('user-separator.peak-rss', process.resourceUsage().maxRSS / 1024, 'MiB');
await session.release();
