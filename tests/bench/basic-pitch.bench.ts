// Basic Pitch on the same 60 s of audio, one thread each, each engine in its
// own process (so load time and peak memory are its own): our ONNX
// transcription (onnxruntime-web WASM, batches of 4 windows, note extraction)
// vs @spotify/basic-pitch's own BasicPitch class on TF.js (the CPU backend:
// the only TF.js backend that runs in Node here; it is single-threaded), its
// outputToNotesPoly with the same thresholds, and whether both find the same notes.
// Also the per-window figures at batch 1 and 4 that show where the gain comes from,
// and the notes stage's figures on 5 minutes (streamed, as the analysis runs it,
// against the one-shot transcription that holds every activation matrix).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { report } from './report.ts';

const SECONDS = 60;
const MODE = process.argv[2];

interface EngineRun {
  loadMs: number;
  transcribeMs: number;
  windows: number;
  notes: { start: number; pitch: number }[];
  peakRssMiB: number;
  perWindowMs?: Record<string, number>;
}

const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

async function sixtySeconds(): Promise<Float32Array> {
  const { renderTones } = await import('../fixtures/basic-pitch-audio.ts');
  return renderTones(
    Array.from({ length: SECONDS * 3 }, (_, index) => ({ pitch: 48 + ((index * 7) % 24), start: index / 3, duration: 0.6 })),
    SECONDS
  );
}

async function runOnnx(): Promise<EngineRun> {
  const ort = await import('onnxruntime-web/wasm');
  const { onnxBasicPitchModel } = await import('../../workers/inference/basic-pitch/onnx-basic-pitch.ts');
  const { computeActivations, transcribe } = await import('../../workers/inference/basic-pitch/transcribe.ts');
  const { WINDOW_SAMPLES, windowCount } = await import('../../workers/inference/basic-pitch/windowing.ts');
  ort.env.wasm.numThreads = 1;
  const audio = await sixtySeconds();
  const bytes = readFileSync(join(process.cwd(), 'static/models/basic-pitch.onnx'));
  let started = performance.now();
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  const loadMs = performance.now() - started;
  const model = onnxBasicPitchModel(session);
  await computeActivations(model, audio.subarray(0, WINDOW_SAMPLES), { batchSize: 1 }); // warm-up
  started = performance.now();
  const result = await transcribe(model, audio, { batchSize: 4 });
  const transcribeMs = performance.now() - started;
  const windows = windowCount(audio.length);
  const perWindowMs: Record<string, number> = {};
  const sample = audio.subarray(0, 12 * 22050);
  for (const batchSize of [1, 4]) {
    started = performance.now();
    await computeActivations(model, sample, { batchSize });
    perWindowMs[`batch${batchSize}`] = (performance.now() - started) / windowCount(sample.length);
  }
  return { loadMs, transcribeMs, windows, notes: result.notes.map((note) => ({ start: note.startSeconds, pitch: note.pitchMidi })), peakRssMiB: peakRssMiB(), perWindowMs };
}

async function runTfjs(): Promise<EngineRun> {
  const { BasicPitch, noteFramesToTime, outputToNotesPoly } = await import('@spotify/basic-pitch');
  const audio = await sixtySeconds();
  // The reference loads its graph over HTTP (as in a browser); serve the npm package's model folder.
  const folder = join(process.cwd(), 'node_modules/@spotify/basic-pitch/model');
  const server = createServer((request, response) => response.end(readFileSync(join(folder, (request.url ?? '/').replace(/^\//, '')))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let started = performance.now();
  const basicPitch = new BasicPitch(`http://127.0.0.1:${port}/model.json`);
  await basicPitch.model;
  const loadMs = performance.now() - started;
  server.close();
  const frames: number[][] = [];
  const onsets: number[][] = [];
  let windows = 0;
  started = performance.now();
  await basicPitch.evaluateModel(
    audio,
    (f: number[][], o: number[][]) => {
      frames.push(...f);
      onsets.push(...o);
      windows += 1;
    },
    () => undefined
  );
  const notes = noteFramesToTime(outputToNotesPoly(frames, onsets, 0.5, 0.3, 11, true, null, null, true, 11));
  const transcribeMs = performance.now() - started;
  return { loadMs, transcribeMs, windows, notes: notes.map((note: { startTimeSeconds: number; pitchMidi: number }) => ({ start: note.startTimeSeconds, pitch: note.pitchMidi })), peakRssMiB: peakRssMiB() };
}

function sameNotes(ours: EngineRun['notes'], theirs: EngineRun['notes']): number {
  const used = new Set<number>();
  let matched = 0;
  for (const note of ours) {
    const index = theirs.findIndex((other, at) => !used.has(at) && other.pitch === note.pitch && Math.abs(other.start - note.start) <= 0.012);
    if (index >= 0) {
      used.add(index);
      matched += 1;
    }
  }
  return matched;
}

/** BASIC_PITCH_LONG_MINUTES overrides the long input (default 5). */
const LONG_SECONDS = 60 * Number(process.env.BASIC_PITCH_LONG_MINUTES ?? 5);

/**
 * The notes stage's load on a long input: 5 min pushed in one-minute pieces
 * (as the stage reads the cached stem segments) through the streaming
 * transcription, or all at once through the one-shot `transcribe` that holds
 * every activation matrix: wall time, real-time factor, peak memory.
 */
async function runLong(streamed: boolean): Promise<{ seconds: number; notes: number; peakRssMiB: number; peakFrames: number; totalFrames: number }> {
  const ort = await import('onnxruntime-web/wasm');
  const { onnxBasicPitchModel } = await import('../../workers/inference/basic-pitch/onnx-basic-pitch.ts');
  const { transcribe } = await import('../../workers/inference/basic-pitch/transcribe.ts');
  const { StreamingTranscriber } = await import('../../workers/inference/basic-pitch/streaming-transcription.ts');
  const { outputFrameCount } = await import('../../workers/inference/basic-pitch/windowing.ts');
  const { renderTones } = await import('../fixtures/basic-pitch-audio.ts');
  ort.env.wasm.numThreads = 1;
  // Chords and a line over five minutes: three notes sounding at most times, a new one every third of a second.
  const audio = renderTones(
    Array.from({ length: LONG_SECONDS * 3 }, (_, index) => ({ pitch: 40 + ((index * 7) % 36), start: index / 3, duration: 1 })),
    LONG_SECONDS
  );
  const session = await ort.InferenceSession.create(readFileSync(join(process.cwd(), 'static/models/basic-pitch.onnx')), { graphOptimizationLevel: 'all' });
  const model = onnxBasicPitchModel(session);
  const started = performance.now();
  let notes = 0;
  let peakFrames = outputFrameCount(audio.length);
  if (streamed) {
    const transcriber = new StreamingTranscriber(model, { batchSize: 4 });
    for (let at = 0; at < audio.length; at += 60 * 22050) {
      const minute = audio.slice(at, at + 60 * 22050);
      for (let block = 0; block < minute.length; block += 4 * 36_164) notes += (await transcriber.push(minute.subarray(block, block + 4 * 36_164))).length;
    }
    notes += (await transcriber.finish()).length;
    peakFrames = transcriber.peakFramesHeld;
  } else {
    notes = (await transcribe(model, audio, { batchSize: 4 })).notes.length;
  }
  return { seconds: (performance.now() - started) / 1000, notes, peakRssMiB: peakRssMiB(), peakFrames, totalFrames: outputFrameCount(audio.length) };
}

if (MODE === 'long-stream' || MODE === 'long-oneshot') {
  process.stdout.write(`${JSON.stringify(await runLong(MODE === 'long-stream'))}\n`);
} else if (MODE === 'onnx' || MODE === 'tfjs') {
  const run = MODE === 'onnx' ? await runOnnx() : await runTfjs();
  process.stdout.write(`${JSON.stringify(run)}\n`);
} else {
  const engine = (mode: string): EngineRun => {
    const output = execFileSync(process.execPath, [process.argv[1] ?? '', mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as EngineRun;
  };
  const stream = JSON.parse(execFileSync(process.execPath, [process.argv[1] ?? '', 'long-stream'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1) ?? '{}');
  const oneShot = JSON.parse(execFileSync(process.execPath, [process.argv[1] ?? '', 'long-oneshot'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1) ?? '{}');
  const long = `${LONG_SECONDS / 60}min`;
  report.note(`notes stage on ${LONG_SECONDS / 60} min, 1 thread, batches of 4: streamed in one-minute pieces (${stream.notes} notes, at most ${stream.peakFrames} of ${stream.totalFrames} activation frames held) vs one-shot (${oneShot.notes} notes, all frames held)`);
  report.figure(`basic-pitch.notes-stage.${long}.seconds`, stream.seconds, 's');
  report.figure(`basic-pitch.notes-stage.${long}.realtime`, LONG_SECONDS / stream.seconds, 'x');
  report.figure(`basic-pitch.notes-stage.${long}.peak-rss`, stream.peakRssMiB, 'MiB');
  report.figure(`basic-pitch.one-shot.${long}.seconds`, oneShot.seconds, 's');
  report.figure(`basic-pitch.one-shot.${long}.peak-rss`, oneShot.peakRssMiB, 'MiB');
  // What each holds of the model's output (the process RSS above is mostly onnxruntime's WASM heap):
  // streamed, note + onset rows for the frames in flight; one-shot, note + onset + contour for every
  // frame plus extraction's working copies (two float64 and one float32 per note cell).
  const streamedMiB = (stream.peakFrames * 88 * 2 * 4) / 2 ** 20;
  const oneShotMiB = (oneShot.totalFrames * ((88 + 88 + 264) * 4 + 88 * (8 + 8 + 4))) / 2 ** 20;
  report.figure(`basic-pitch.notes-stage.${long}.activations-held`, streamedMiB, 'MiB');
  report.figure(`basic-pitch.one-shot.${long}.activations-held`, oneShotMiB, 'MiB');
  report.ratio(`basic-pitch.notes-stage.${long}.activations-held`, 'one-shot', oneShotMiB / streamedMiB);
  if (process.env.BASIC_PITCH_LONG_ONLY) process.exit(0);
  const onnx = engine('onnx');
  const tfjs = engine('tfjs');
  report.note(`${SECONDS} s of audio, ${onnx.windows} windows, 1 thread each; TF.js backend: cpu`);
  report.figure('basic-pitch.onnx.load', onnx.loadMs, 'ms');
  report.figure('basic-pitch.tfjs-cpu.load', tfjs.loadMs, 'ms');
  report.figure('basic-pitch.onnx.transcribe-60s', onnx.transcribeMs, 'ms');
  report.figure('basic-pitch.tfjs-cpu.transcribe-60s', tfjs.transcribeMs, 'ms');
  report.ratio('basic-pitch.onnx.transcribe-60s', 'tfjs-cpu', tfjs.transcribeMs / onnx.transcribeMs);
  report.figure('basic-pitch.onnx.peak-rss', onnx.peakRssMiB, 'MiB');
  report.figure('basic-pitch.tfjs-cpu.peak-rss', tfjs.peakRssMiB, 'MiB');
  report.ratio('basic-pitch.onnx.peak-rss', 'tfjs-cpu', tfjs.peakRssMiB / onnx.peakRssMiB);
  for (const [name, value] of Object.entries(onnx.perWindowMs ?? {})) report.figure(`basic-pitch.onnx.${name}.per-window`, value, 'ms');
  report.figure('basic-pitch.tfjs-cpu.per-window', tfjs.transcribeMs / Math.max(1, tfjs.windows), 'ms');
  const matched = sameNotes(onnx.notes, tfjs.notes);
  report.figure('basic-pitch.notes.onnx', onnx.notes.length, 'notes');
  report.figure('basic-pitch.notes.tfjs-cpu', tfjs.notes.length, 'notes');
  report.figure('basic-pitch.notes.same', matched, 'notes');
}
