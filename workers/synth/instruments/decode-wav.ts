/**
 * A small WAV reader for instrument samples: PCM 8/16/24/32-bit integer and
 * 32/64-bit float (plain or WAVE_FORMAT_EXTENSIBLE), any channel count mixed
 * down to mono, and the first loop and unity note of a `smpl` chunk. Written
 * here rather than taken from a package because samples need exactly this and
 * the `smpl` loop, which general decoders drop.
 */
import { InstrumentLoadError } from './instrument-model';
import { fourCC, listChunks, readU32 } from './riff-chunks';
import { MAX_SAMPLE_RATE, MIN_LOOP_FRAMES, MIN_SAMPLE_RATE } from './sample-limits';

export interface DecodedWav {
  /** Mono, -1…1. */
  data: Float32Array;
  sampleRate: number;
  /** From the smpl chunk, end exclusive; absent when there is none or it lies outside the data. */
  loop?: { start: number; end: number };
  /** MIDI note at which the sample sounds at its recorded pitch (smpl chunk). */
  unityNote?: number;
  warnings: string[];
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;
const MAX_CHANNELS = 32;

export function decodeWav(bytes: Uint8Array, fileName: string): DecodedWav {
  const fail = (problem: string): never => {
    throw new InstrumentLoadError(fileName, problem);
  };
  if (bytes.length < 12 || fourCC(bytes, 0) !== 'RIFF' || fourCC(bytes, 8) !== 'WAVE') fail("isn't a WAV file (no RIFF/WAVE header)");
  const warnings: string[] = [];
  const chunks = listChunks(bytes, 12, bytes.length);
  const fmt = chunks.find((c) => c.id === 'fmt ') ?? fail("has no 'fmt ' chunk, so its format is unknown");
  if (fmt.size < 16) fail("has a 'fmt ' chunk too short to describe the format");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let formatTag = view.getUint16(fmt.bodyStart, true);
  const channels = view.getUint16(fmt.bodyStart + 2, true);
  const sampleRate = readU32(bytes, fmt.bodyStart + 4);
  const blockAlign = view.getUint16(fmt.bodyStart + 12, true);
  const bits = view.getUint16(fmt.bodyStart + 14, true);
  if (formatTag === EXTENSIBLE) {
    if (fmt.size < 26) fail('has an extensible format header that is cut short');
    formatTag = view.getUint16(fmt.bodyStart + 24, true); // first two bytes of the sub-format GUID
  }
  if (channels < 1 || channels > MAX_CHANNELS) fail(`has ${channels} channels; 1 to ${MAX_CHANNELS} are supported`);
  if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) fail(`has a sample rate of ${sampleRate} Hz; ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz is supported`);
  const isInteger = formatTag === PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32);
  const isFloat = formatTag === IEEE_FLOAT && (bits === 32 || bits === 64);
  if (!isInteger && !isFloat) {
    fail(`uses an unsupported encoding (format ${formatTag}, ${bits} bits); save it as 16- or 24-bit PCM or 32-bit float`);
  }
  const bytesPerSample = bits / 8;
  const frameSize = channels * bytesPerSample;
  if (blockAlign !== frameSize) warnings.push(`${fileName}: its block size (${blockAlign}) disagrees with its format; ${frameSize} is used`);

  const dataChunk = chunks.find((c) => c.id === 'data') ?? fail("has no 'data' chunk, so there is no audio in it");
  if (dataChunk.size < dataChunk.claimedSize) {
    // Streaming writers often leave the size unset or too large; play what is there.
    warnings.push(`${fileName}: its audio data is shorter than its header says; the file may be truncated`);
  }
  const frames = Math.floor(dataChunk.size / frameSize);
  if (frames === 0) fail('contains no audio frames');

  const data = new Float32Array(frames);
  const read = sampleReader(view, bits, isFloat);
  const scale = 1 / channels;
  for (let frame = 0, at = dataChunk.bodyStart; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++, at += bytesPerSample) sum += read(at);
    data[frame] = sum * scale;
  }

  const result: DecodedWav = { data, sampleRate, warnings };
  const smpl = chunks.find((c) => c.id === 'smpl' && c.size >= 36);
  if (smpl) {
    const unityNote = readU32(bytes, smpl.bodyStart + 12);
    if (unityNote <= 127) result.unityNote = unityNote;
    const loopCount = readU32(bytes, smpl.bodyStart + 28);
    if (loopCount > 0 && smpl.size >= 60) {
      const start = readU32(bytes, smpl.bodyStart + 44);
      const end = readU32(bytes, smpl.bodyStart + 48) + 1; // smpl stores the last frame of the loop
      if (end - start >= MIN_LOOP_FRAMES && end <= frames) result.loop = { start, end };
      else warnings.push(`${fileName}: its loop (${start}–${end - 1}) lies outside the audio; it is ignored`);
    }
  }
  return result;
}

function sampleReader(view: DataView, bits: number, isFloat: boolean): (at: number) => number {
  if (isFloat) {
    // Non-finite floats would poison every voice that plays them.
    return bits === 32
      ? (at) => finite(view.getFloat32(at, true))
      : (at) => finite(view.getFloat64(at, true));
  }
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608);
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

function finite(value: number): number {
  return Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
}
