// The real Silero VAD v5 model on onnxruntime-web's WASM backend, as the
// worker will run it (one thread: Node has no cross-origin isolation either),
// plus the fixture files the diarization tests read.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import type { TensorFactory, VadSession } from '../../../workers/diarization/silero-vad.ts';
import type { TimeRange } from '../../../workers/diarization/types.ts';
import { parseRttm, type RttmSegment } from '../../../workers/diarization/rttm.ts';
import { readMonoWav } from '../../fixtures/diarization-wav.mjs';

export const SILERO_V5_PATH = 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx';
export const FIXTURE_DIR = 'tests/fixtures/generated/diarization';

export const ortTensors: TensorFactory = {
  float32: (data, dims) => new ort.Tensor('float32', data, dims),
  int64: (data, dims) => new ort.Tensor('int64', data, dims)
};

export async function openSileroSession(): Promise<VadSession> {
  ort.env.wasm.numThreads = 1;
  return ort.InferenceSession.create(readFileSync(SILERO_V5_PATH));
}

/** Generates the fixtures if they are missing or stale (cheap when they are fresh). */
export function ensureDiarizationFixtures(): void {
  execFileSync(process.execPath, ['tests/fixtures/diarization-fixtures.mjs'], { stdio: 'ignore' });
}

export interface DiarizationFixture {
  readonly name: string;
  readonly audio: Float32Array;
  readonly reference: RttmSegment[];
  readonly music: TimeRange[];
}

export function loadFixture(name: string): DiarizationFixture {
  const { samples, sampleRate } = readMonoWav(readFileSync(join(FIXTURE_DIR, `${name}.wav`)));
  if (sampleRate !== 16000) throw new Error(`${name}.wav is ${sampleRate} Hz; the fixtures are written at 16 kHz`);
  const music = JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.music.json`), 'utf8')) as TimeRange[];
  return { name, audio: samples, reference: parseRttm(readFileSync(join(FIXTURE_DIR, `${name}.rttm`), 'utf8')), music };
}
