import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError } from '$workers/analysis/decode/decode-error';
import { openAudioStream } from '$workers/analysis/decode/decode-stream';
import { ffmpegConvert, soxFile } from '../../fixtures/analysis-fixtures';
import { sine } from '../../fixtures/analysis-signals';
import { writeWav } from '../../fixtures/wav-writer.js';

/** Decodes everything; resolves to the frame count, or rejects with what the decoder threw. */
async function drain(bytes: Uint8Array): Promise<{ frames: number; warnings: string[] }> {
  const stream = await openAudioStream(bytes);
  let frames = 0;
  for await (const chunk of stream.chunks) frames += chunk.channels[0]?.length ?? 0;
  return { frames, warnings: stream.warnings };
}

async function failure(bytes: Uint8Array): Promise<AudioDecodeError> {
  try {
    await drain(bytes);
  } catch (error) {
    if (error instanceof AudioDecodeError) return error;
    throw error;
  }
  throw new Error('decoded without complaint');
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const u32 = (value: number): number[] => [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];

describe('files that are not audio we can read', () => {
  const wav = writeWav({ channels: [sine(440, 0.2, 22050)], sampleRate: 22050, encoding: 'pcm16' });

  it('says an empty file is empty', async () => {
    const error = await failure(new Uint8Array(0));
    expect(error.reason).toBe('truncated');
    expect(error.message).toBe("This file isn't audio we can read: the file is empty.");
  });

  it('refuses a text file renamed .wav', async () => {
    expect((await failure(ascii('Setlist: 1. Intro 2. Verse 3. Chorus\n'))).reason).toBe('unrecognised');
  });

  it('refuses a one-byte MP3', async () => {
    expect((await failure(new Uint8Array([0xff]))).reason).toBe('unrecognised');
  });

  it('refuses a WAV cut inside its header', async () => {
    expect((await failure(wav.slice(0, 30))).reason).toBe('truncated');
  });

  it('refuses a WAV whose chunk before the audio claims 4 GB', async () => {
    const hostile = new Uint8Array([...ascii('RIFF'), ...u32(100), ...ascii('WAVE'), ...ascii('LIST'), ...u32(0xfffffff0), ...new Uint8Array(64)]);
    const error = await failure(hostile);
    expect(error.reason).toBe('truncated');
    expect(error.message).toContain("'LIST'");
  });

  it('refuses ADPCM WAV with a hint to re-export', async () => {
    const adpcm = wav.slice();
    adpcm[20] = 2; // format tag 2 = Microsoft ADPCM
    expect((await failure(adpcm)).message).toContain('export it as 16- or 24-bit PCM WAV');
  });

  it('plays what is there when the audio is shorter than the header says, and warns', async () => {
    const cut = wav.slice(0, wav.length - 1001);
    const result = await drain(cut);
    expect(result.frames).toBe(Math.floor((wav.length - 44 - 1001) / 2));
    expect(result.warnings.join(' ')).toContain('truncated');
  });

  it('refuses at once a WAV whose header declares more than four hours', async () => {
    const long = wav.slice();
    long.set(u32(5 * 3600 * 22050 * 2), 40); // data size: five hours of 16-bit mono at 22.05 kHz
    const error = await failure(long);
    expect(error.reason).toBe('too-long');
    expect(error.message).toContain('split the recording');
  });

  it('reads a WAV whose data size was never filled in (streaming recorder)', async () => {
    const unsized = wav.slice();
    unsized.set(u32(0xffffffff), 40);
    expect((await drain(unsized)).frames).toBe(Math.round(0.2 * 22050));
  });
});

describe('damaged compressed files', () => {
  const files: Record<string, Uint8Array> = {};
  beforeAll(() => {
    soxFile('short.wav', ['-n', '-r', '44100', '-c', '1', '$OUT', 'synth', '0.5', 'sine', '330']);
    for (const extension of ['mp3', 'ogg', 'opus', 'flac']) files[extension] = ffmpegConvert('short.wav', `short.${extension}`);
  });

  it.each(['mp3', 'ogg', 'opus', 'flac'])('%s cut to its first 200 bytes gives a typed error or the audio that is there', async (extension) => {
    const head = (files[extension] ?? new Uint8Array(0)).slice(0, 200);
    const outcome = await drain(head).then(
      (result) => result.frames,
      (error: unknown) => error
    );
    if (typeof outcome === 'number') expect(outcome).toBeGreaterThan(0);
    else expect(outcome).toBeInstanceOf(AudioDecodeError);
  });

  it.each(['mp3', 'ogg', 'opus', 'flac'])('%s with random bytes after its first page never hangs or throws untyped errors', async (extension) => {
    const valid = files[extension] ?? new Uint8Array(0);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: 400 }), fc.uint8Array({ minLength: 0, maxLength: 3000 }), async (keep, tail) => {
        const bytes = new Uint8Array(keep + tail.length);
        bytes.set(valid.subarray(0, keep));
        bytes.set(tail, keep);
        const outcome = await drain(bytes).then(
          () => null,
          (error: unknown) => error
        );
        if (outcome !== null) expect(outcome).toBeInstanceOf(AudioDecodeError);
      }),
      { numRuns: 15 }
    );
  });

  it('random bytes are refused or decoded, always with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 5000 }), async (bytes) => {
        const outcome = await drain(bytes).then(
          () => null,
          (error: unknown) => error
        );
        if (outcome !== null) expect(outcome).toBeInstanceOf(AudioDecodeError);
      }),
      { numRuns: 200 }
    );
  });

  it('hostile WAV headers (random chunk sizes and formats) end in audio or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 12, max: 60 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), async (edits) => {
        const bytes = writeWav({ channels: [sine(100, 0.01, 8000)], sampleRate: 8000, encoding: 'pcm16' });
        for (const [at, value] of edits) bytes[at] = value;
        const outcome = await drain(bytes).then(
          () => null,
          (error: unknown) => error
        );
        if (outcome !== null) expect(outcome).toBeInstanceOf(AudioDecodeError);
      }),
      { numRuns: 200 }
    );
  });
});
