import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudioStream } from '$workers/analysis/decode/decode-stream';
import { buildAnalysisCopy, mixToMono } from '$workers/analysis/dsp/analysis-copy';
import { ChannelResampler } from '$workers/analysis/dsp/channel-resampler';
import { Resampler } from '$workers/analysis/dsp/resampler';
import { RhythmAnalyser } from '$workers/analysis/rhythm/rhythm-analysis';
import { DspStemSeparator } from '$workers/analysis/stems/stem-separator';
import { writeWav } from '../fixtures/wav-writer.js';
import { report } from './report';

/**
 * The analysis DSP stages on a 5-minute synthetic band signal (44.1 kHz
 * stereo: chords, a bass line, drums at 120 BPM): decode speed, resampling,
 * DSP stems and rhythm as multiples of real time, each fed in chunks as the
 * worker will feed them. With ANALYSIS_LONG_MINUTES=60 it also streams an
 * hour-long WAV (generated piece by piece, never whole) through decode →
 * stereo 22.05 kHz → stems + rhythm + the mono analysis copy in one pass and
 * reports the peak resident memory: the memory plan of workers/analysis/README.md.
 */
const RATE = 44100;
const SECONDS = 300;
const CHUNK = 65536;

function synthBand(): [Float32Array, Float32Array] {
  const length = SECONDS * RATE;
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  const chords = [261.63, 329.63, 392.0, 349.23, 440.0, 523.25];
  let seed = 1;
  const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  for (let i = 0; i < length; i++) {
    const t = i / RATE;
    const bar = Math.floor(t / 2) % 2;
    const beat = t % 0.5;
    let tone = 0;
    for (let n = 0; n < 3; n++) tone += Math.sin(2 * Math.PI * (chords[bar * 3 + n] as number) * t);
    const bass = Math.sin(2 * Math.PI * (bar === 0 ? 65.41 : 87.31) * t);
    const drum = beat < 0.05 ? random() * Math.exp(-beat / 0.01) : 0;
    left[i] = 0.1 * tone + 0.25 * bass + 0.4 * drum;
    right[i] = 0.06 * tone + 0.25 * bass + 0.4 * drum;
  }
  return [left, right];
}

async function decodeSeconds(bytes: Uint8Array): Promise<number> {
  const start = performance.now();
  const stream = await openAudioStream(bytes);
  for await (const chunk of stream.chunks) void chunk;
  return (performance.now() - start) / 1000;
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

const [left, right] = synthBand();
const wav = writeWav({ channels: [left, right], sampleRate: RATE, encoding: 'pcm16' });
const wavSeconds = await decodeSeconds(wav);
report.figure('analysis.decode.wav16.throughput', wav.length / 1e6 / wavSeconds, 'MB/s');
report.figure('analysis.decode.wav16.realtime', SECONDS / wavSeconds, 'x');

const directory = mkdtempSync(join(tmpdir(), 'bandroom-bench-'));
try {
  writeFileSync(join(directory, 'band.wav'), wav);
  for (const extension of ['mp3', 'flac', 'ogg']) {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', join(directory, 'band.wav'), join(directory, `band.${extension}`)]);
    const bytes = new Uint8Array(readFileSync(join(directory, `band.${extension}`)));
    const seconds = await decodeSeconds(bytes);
    report.figure(`analysis.decode.${extension}.throughput`, bytes.length / 1e6 / seconds, 'MB/s');
    report.figure(`analysis.decode.${extension}.realtime`, SECONDS / seconds, 'x');
  }
} catch (error) {
  report.note(`compressed decode skipped (${error instanceof Error ? error.message : String(error)})`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const copyStart = performance.now();
const copy = await buildAnalysisCopy(await openAudioStream(wav));
report.figure('analysis.copy.decode+resample.realtime', SECONDS / ((performance.now() - copyStart) / 1000), 'x');

const mono = mixToMono([left, right]);
for (const [from, to] of [
  [44100, 22050],
  [48000, 16000],
  [44100, 16000]
] as const) {
  const seconds = time(() => {
    const resampler = new Resampler(from, to);
    for (let at = 0; at < mono.length; at += CHUNK) resampler.push(mono.subarray(at, at + CHUNK));
    resampler.flush();
  });
  // The input is always these samples; at 48 kHz they stand for a shorter recording.
  report.figure(`analysis.resample.${from}-${to}.realtime`, mono.length / from / seconds, 'x');
}

const stereo22 = [left, right].map((channel) => {
  const resampler = new Resampler(RATE, 22050);
  const head = resampler.push(channel);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}) as [Float32Array, Float32Array];
const stemSeconds = time(() => {
  const separator = new DspStemSeparator(22050, 2);
  for (let at = 0; at < stereo22[0].length; at += CHUNK) separator.push([stereo22[0].subarray(at, at + CHUNK), stereo22[1].subarray(at, at + CHUNK)]);
  separator.flush();
});
report.figure('analysis.stems.hpss+bass+centre.realtime', SECONDS / stemSeconds, 'x');

let beats = 0;
let bpm = 0;
const rhythmSeconds = time(() => {
  const analyser = new RhythmAnalyser(copy.sampleRate);
  for (let at = 0; at < copy.samples.length; at += CHUNK) analyser.push(copy.samples.subarray(at, at + CHUNK));
  const result = analyser.finish();
  beats = result.beats.length;
  bpm = result.bpm;
});
report.figure('analysis.rhythm.onsets+tempo+beats+bars.realtime', SECONDS / rhythmSeconds, 'x');
report.note(`rhythm on the synthetic 120 BPM signal: ${bpm.toFixed(2)} BPM, ${beats} beats (expected ~${SECONDS * 2})`);
report.figure('analysis.analysis-copy.size', copy.samples.byteLength / 1e6, 'MB');
report.figure('analysis.process.rss', process.memoryUsage().rss / 1e6, 'MB');

/** A 16-bit stereo WAV of `minutes` of the synthetic band, produced one second at a time. */
function* longWav(minutes: number): Generator<Uint8Array> {
  const frames = minutes * 60 * RATE;
  const header = new DataView(new ArrayBuffer(44));
  const text = (at: number, value: string): void => [...value].forEach((c, i) => header.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  header.setUint32(4, 36 + frames * 4, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 1, true);
  header.setUint16(22, 2, true);
  header.setUint32(24, RATE, true);
  header.setUint32(28, RATE * 4, true);
  header.setUint16(32, 4, true);
  header.setUint16(34, 16, true);
  text(36, 'data');
  header.setUint32(40, frames * 4, true);
  yield new Uint8Array(header.buffer);
  const second = new Int16Array(RATE * 2);
  for (let s = 0; s < minutes * 60; s++) {
    const offset = (s % SECONDS) * RATE;
    for (let i = 0; i < RATE; i++) {
      second[2 * i] = Math.round((left[offset + i] as number) * 32000);
      second[2 * i + 1] = Math.round((right[offset + i] as number) * 32000);
    }
    yield new Uint8Array(second.buffer.slice(0));
  }
}

const longMinutes = Number(process.env.ANALYSIS_LONG_MINUTES ?? 0);
if (longMinutes > 0) {
  let peak = process.memoryUsage.rss();
  const start = performance.now();
  const stream = await openAudioStream(longWav(longMinutes));
  let converter: ChannelResampler | null = null;
  const separator = new DspStemSeparator(22050, 2);
  const analyser = new RhythmAnalyser(22050);
  let copy: Float32Array | null = null;
  let copied = 0;
  let stemSamples = 0;
  for await (const chunk of stream.chunks) {
    converter ??= new ChannelResampler(chunk.sampleRate, 22050, 2);
    copy ??= new Float32Array(Math.ceil(((stream.expectedFrames ?? 0) * 22050) / chunk.sampleRate) + 1);
    const stereo = converter.push(chunk.channels);
    // In the worker the stems go to the cache block by block; here they are only counted.
    stemSamples += separator.push(stereo).harmonic.length;
    const mono = mixToMono(stereo);
    analyser.push(mono);
    copy.set(mono.subarray(0, Math.min(mono.length, copy.length - copied)), copied);
    copied += mono.length;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  stemSamples += separator.flush().harmonic.length;
  const result = analyser.finish();
  peak = Math.max(peak, process.memoryUsage.rss());
  const seconds = (performance.now() - start) / 1000;
  report.figure(`analysis.long.${longMinutes}min.realtime`, (longMinutes * 60) / seconds, 'x');
  report.figure(`analysis.long.${longMinutes}min.peak-rss`, peak / 1e6, 'MB');
  report.note(`${longMinutes} min: ${stemSamples} stem samples, copy ${((copy?.byteLength ?? 0) / 1e6).toFixed(0)} MB, ${result.beats.length} beats at ${result.bpm.toFixed(2)} BPM`);
}
