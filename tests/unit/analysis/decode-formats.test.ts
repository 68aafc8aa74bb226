import { beforeAll, describe, expect, it } from 'vitest';
import type { AudioChunk } from '$workers/analysis/decode/audio-chunk';
import { openAudioStream } from '$workers/analysis/decode/decode-stream';
import { buildAnalysisCopy } from '$workers/analysis/dsp/analysis-copy';
import { ffmpegConvert, soxFile } from '../../fixtures/analysis-fixtures';
import { concatFloat32, dominantFrequency, sine } from '../../fixtures/analysis-signals';
import { writeWav } from '../../fixtures/wav-writer.js';

async function decodeAll(bytes: Uint8Array | Iterable<Uint8Array>): Promise<{ format: string; channels: Float32Array[]; sampleRate: number; warnings: string[] }> {
  const stream = await openAudioStream(bytes);
  const chunks: AudioChunk[] = [];
  for await (const chunk of stream.chunks) chunks.push(chunk);
  const count = chunks[0]?.channels.length ?? 0;
  const channels = Array.from({ length: count }, (_, c) => concatFloat32(chunks.map((chunk) => chunk.channels[c] as Float32Array)));
  return { format: stream.format, channels, sampleRate: chunks[0]?.sampleRate ?? 0, warnings: stream.warnings };
}

describe('decoding WAV encodings', () => {
  const left = sine(440, 0.25, 44100, 0.6);
  const right = sine(660, 0.25, 44100, 0.3);
  it.each([
    ['pcm8', 1 / 64],
    ['pcm16', 1e-4],
    ['pcm24', 1e-6],
    ['pcm32', 1e-8],
    ['float32', 1e-7]
  ] as const)('reads %s stereo sample for sample, plain and extensible', async (encoding, tolerance) => {
    for (const extensible of [false, true]) {
      const decoded = await decodeAll(writeWav({ channels: [left, right], sampleRate: 44100, encoding, extensible }));
      expect(decoded.format).toBe('wav');
      expect(decoded.sampleRate).toBe(44100);
      expect(decoded.channels).toHaveLength(2);
      const [l, r] = decoded.channels as [Float32Array, Float32Array];
      expect(l.length).toBe(left.length);
      let error = 0;
      for (let i = 0; i < l.length; i++) error = Math.max(error, Math.abs((l[i] ?? 0) - (left[i] ?? 0)), Math.abs((r[i] ?? 0) - (right[i] ?? 0)));
      expect(error).toBeLessThan(tolerance);
    }
  });

  it('gives the same audio when the file arrives in odd-sized pieces', async () => {
    const bytes = writeWav({ channels: [left, right], sampleRate: 44100, encoding: 'pcm24' });
    const pieces: Uint8Array[] = [];
    for (let at = 0, n = 1; at < bytes.length; at += n, n = (n * 7) % 997 + 1) pieces.push(bytes.slice(at, at + n));
    const whole = await decodeAll(bytes);
    const streamed = await decodeAll(pieces);
    expect(Array.from(streamed.channels[1] ?? [])).toEqual(Array.from(whole.channels[1] ?? []));
  });

  it('folds a six-channel file to stereo', async () => {
    const channels = Array.from({ length: 6 }, (_, c) => sine(200 + 100 * c, 0.1, 48000, 0.1));
    const decoded = await decodeAll(writeWav({ channels, sampleRate: 48000, encoding: 'pcm16' }));
    expect(decoded.channels).toHaveLength(2);
  });
});

describe('decoding compressed formats made by ffmpeg', () => {
  beforeAll(() => {
    soxFile('tone.wav', ['-n', '-r', '44100', '-c', '2', '$OUT', 'synth', '2', 'sine', '440']);
    for (const extension of ['mp3', 'ogg', 'opus', 'flac']) ffmpegConvert('tone.wav', `tone.${extension}`);
  });

  it.each([
    ['tone.mp3', 'mp3', 44100],
    ['tone.ogg', 'ogg-vorbis', 44100],
    ['tone.opus', 'ogg-opus', 48000],
    ['tone.flac', 'flac', 44100]
  ])('decodes %s as %s: stereo, 2 s, a 440 Hz tone', async (name, format, rate) => {
    const bytes = ffmpegConvert('tone.wav', name);
    const decoded = await decodeAll(bytes);
    expect(decoded.format).toBe(format);
    expect(decoded.sampleRate).toBe(rate);
    expect(decoded.channels).toHaveLength(2);
    const seconds = (decoded.channels[0]?.length ?? 0) / rate;
    // Encoder priming and padding (MP3, Opus) may add a few tens of milliseconds.
    expect(Math.abs(seconds - 2)).toBeLessThan(0.08);
    const middle = decoded.channels[0]?.subarray(rate * 0.5, rate * 1.5) ?? new Float32Array(0);
    expect(Math.abs(dominantFrequency(middle, rate, 420, 460) - 440)).toBeLessThan(0.5);
  });

  it('sniffs the format from the bytes, not the name', async () => {
    const bytes = ffmpegConvert('tone.wav', 'really-flac.wav', ['-f', 'flac']);
    expect((await decodeAll(bytes)).format).toBe('flac');
  });
});

describe('the analysis copy', () => {
  it.each(['tone.flac', 'tone.mp3'])('is the same length and tone from %s (known and unknown declared length)', async (name) => {
    soxFile('tone.wav', ['-n', '-r', '44100', '-c', '2', '$OUT', 'synth', '2', 'sine', '440']);
    const stream = await openAudioStream(ffmpegConvert('tone.wav', name));
    const copy = await buildAnalysisCopy(stream);
    expect(stream.expectedFrames).toBe(name.endsWith('flac') ? 88200 : null);
    expect(Math.abs(copy.samples.length - 44100)).toBeLessThan(0.08 * 22050);
    expect(Math.abs(dominantFrequency(copy.samples.subarray(5000, 35000), 22050, 420, 460) - 440)).toBeLessThan(0.1);
  });

  it('reads the length a WAV header declares before decoding', async () => {
    const stream = await openAudioStream(writeWav({ channels: [sine(100, 0.5, 8000)], sampleRate: 8000, encoding: 'pcm16' }));
    await stream.chunks.next();
    expect(stream.expectedFrames).toBe(4000);
  });

  it.each([
    ['8 kHz 16-bit', ['-n', '-r', '8000', '-b', '16', '-c', '1', '$OUT', 'synth', '1.5', 'sine', '300']],
    ['96 kHz 24-bit', ['-n', '-r', '96000', '-b', '24', '-c', '2', '$OUT', 'synth', '1.5', 'sine', '300']]
  ])('makes a 22.05 kHz mono copy of a %s file with the tone intact', async (label, args) => {
    const bytes = soxFile(`copy-${label.replace(/\W+/g, '-')}.wav`, args);
    const copy = await buildAnalysisCopy(await openAudioStream(bytes));
    expect(copy.sampleRate).toBe(22050);
    expect(copy.samples.length).toBe(Math.ceil(1.5 * 22050));
    expect(Math.abs(dominantFrequency(copy.samples.subarray(5000, 25000), 22050, 280, 320) - 300)).toBeLessThan(0.1);
  });
});
