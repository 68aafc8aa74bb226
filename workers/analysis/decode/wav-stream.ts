/**
 * A streaming WAV reader for recordings: PCM 8/16/24/32-bit, 32/64-bit float,
 * plain or WAVE_FORMAT_EXTENSIBLE, read chunk by chunk so an hour-long file is
 * never in memory at once. The instrument loader's `decodeWav`
 * (workers/synth/instruments/) wants the whole file and mixes to mono, which a
 * recording can't afford and the centre stem can't use; the RIFF helpers are
 * shared. Sizes in headers are never trusted: a data chunk claiming 4 GB ends
 * where the file ends, and an absurd skip ends the file instead of allocating.
 */
import { fourCC, readU32 } from '$workers/synth/instruments/riff-chunks';
import { foldToStereo, type AudioChunk, type DecodeWarnings } from './audio-chunk';
import type { ByteSource } from './byte-source';
import { AudioDecodeError } from './decode-error';

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;
const MAX_CHANNELS = 32;
const MIN_RATE = 1000;
const MAX_RATE = 384_000;
/** Sizes written by recorders that stream to disk and never come back to fix the header. */
const UNKNOWN_SIZES = new Set([0, 0xffffffff]);
/** A 'fmt ' chunk is 16–40 bytes; a larger one is garbage we should not buffer. */
const MAX_FMT_BYTES = 4096;
/** Frames converted per yielded chunk, so consumers see steady, bounded pieces. */
const FRAMES_PER_CHUNK = 65_536;

interface WavFormat {
  channels: number;
  sampleRate: number;
  bits: number;
  isFloat: boolean;
}

async function readFormat(source: ByteSource, size: number): Promise<WavFormat> {
  if (size < 16 || size > MAX_FMT_BYTES) throw new AudioDecodeError('corrupt', `its WAV format header has an impossible size (${size} bytes).`);
  const head = await source.peek(8 + size);
  if (head.length < 8 + size) throw new AudioDecodeError('truncated', 'the file ends inside its WAV format header.');
  const view = new DataView(head.buffer, head.byteOffset + 8, size);
  let formatTag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const bits = view.getUint16(14, true);
  if (formatTag === EXTENSIBLE) {
    if (size < 26) throw new AudioDecodeError('corrupt', 'its extensible WAV header is cut short.');
    formatTag = view.getUint16(24, true); // the first two bytes of the sub-format GUID
  }
  if (channels < 1 || channels > MAX_CHANNELS) throw new AudioDecodeError('corrupt', `it says it has ${channels} channels.`);
  if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) throw new AudioDecodeError('unsupported', `its sample rate (${sampleRate} Hz) is outside 1–384 kHz.`);
  const isInteger = formatTag === PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32);
  const isFloat = formatTag === IEEE_FLOAT && (bits === 32 || bits === 64);
  if (!isInteger && !isFloat) {
    throw new AudioDecodeError('unsupported', `it is a compressed WAV (format ${formatTag}, ${bits}-bit); export it as 16- or 24-bit PCM WAV, FLAC or MP3.`);
  }
  return { channels, sampleRate, bits, isFloat };
}

/** Converts whole frames of interleaved bytes to one Float32Array per channel. */
function convertFrames(bytes: Uint8Array, format: WavFormat): Float32Array[] {
  const { channels, bits, isFloat } = format;
  const bytesPerSample = bits / 8;
  const frames = Math.floor(bytes.length / (channels * bytesPerSample));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let c = 0; c < channels; c++) {
    const target = out[c] as Float32Array;
    const stride = channels * bytesPerSample;
    // One loop per encoding keeps the branch out of the per-sample path.
    let at = c * bytesPerSample;
    if (isFloat && bits === 32) for (let i = 0; i < frames; i++, at += stride) target[i] = clampFinite(view.getFloat32(at, true));
    else if (isFloat) for (let i = 0; i < frames; i++, at += stride) target[i] = clampFinite(view.getFloat64(at, true));
    else if (bits === 8) for (let i = 0; i < frames; i++, at += stride) target[i] = ((bytes[at] ?? 128) - 128) / 128;
    else if (bits === 16) for (let i = 0; i < frames; i++, at += stride) target[i] = view.getInt16(at, true) / 32768;
    else if (bits === 24) for (let i = 0; i < frames; i++, at += stride) target[i] = (view.getUint16(at, true) | (view.getInt8(at + 2) << 16)) / 8388608;
    else for (let i = 0; i < frames; i++, at += stride) target[i] = view.getInt32(at, true) / 2147483648;
  }
  return out;
}

function clampFinite(value: number): number {
  // NaN or Infinity in a float WAV would poison every FFT frame downstream.
  return Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
}

/**
 * Yields the audio of a WAV file whose first bytes the source still holds.
 * Throws AudioDecodeError for anything that can't be read as a recording.
 */
export async function* streamWav(source: ByteSource, warnings: DecodeWarnings, onDeclaredFrames: (frames: number) => void = () => {}): AsyncGenerator<AudioChunk> {
  const riff = await source.peek(12);
  if (riff.length < 12 || fourCC(riff, 0) !== 'RIFF' || fourCC(riff, 8) !== 'WAVE') throw new AudioDecodeError('unrecognised', 'it has no RIFF/WAVE header.');
  await source.skip(12);
  let format: WavFormat | null = null;
  for (;;) {
    const header = await source.peek(8);
    if (header.length < 8) throw new AudioDecodeError('truncated', format ? 'the file ends before its audio starts.' : 'the file ends before its WAV format header.');
    const id = fourCC(header, 0);
    const size = readU32(header, 4);
    if (id === 'fmt ') format = await readFormat(source, size);
    if (id === 'data') {
      if (!format) throw new AudioDecodeError('corrupt', "its audio comes before the 'fmt ' header that describes it.");
      await source.skip(8);
      if (!UNKNOWN_SIZES.has(size)) onDeclaredFrames(Math.floor(size / (format.channels * (format.bits / 8))));
      yield* streamData(source, format, UNKNOWN_SIZES.has(size) ? Infinity : size, warnings);
      return;
    }
    // Skipping consumes real bytes only, so an absurd size just runs into the end of the file.
    const wanted = 8 + size + (size & 1);
    if ((await source.skip(wanted)) < wanted) throw new AudioDecodeError('truncated', `the file ends inside its '${id}' chunk, before any audio.`);
  }
}

async function* streamData(source: ByteSource, format: WavFormat, dataBytes: number, warnings: DecodeWarnings): AsyncGenerator<AudioChunk> {
  const frameBytes = format.channels * (format.bits / 8);
  const pieceBytes = FRAMES_PER_CHUNK * frameBytes;
  let remaining = dataBytes;
  let carry = new Uint8Array(0);
  let totalFrames = 0;
  while (remaining > 0) {
    const piece = await source.next(Math.min(pieceBytes, remaining));
    if (!piece) break;
    remaining -= piece.length;
    let bytes = piece;
    if (carry.length > 0) {
      bytes = new Uint8Array(carry.length + piece.length);
      bytes.set(carry, 0);
      bytes.set(piece, carry.length);
    }
    const whole = bytes.length - (bytes.length % frameBytes);
    // Copy the partial frame: `bytes` may be a view on a buffer the source reuses.
    carry = bytes.slice(whole);
    if (whole === 0) continue;
    const channels = foldToStereo(convertFrames(bytes.subarray(0, whole), format));
    totalFrames += whole / frameBytes;
    yield { channels, sampleRate: format.sampleRate };
  }
  if (totalFrames === 0) throw new AudioDecodeError('truncated', 'its audio section is empty.');
  if (Number.isFinite(dataBytes) && remaining > 0) warnings.push('The file seems truncated: it ends before the length its header gives. The audio that is there was analysed.');
}
