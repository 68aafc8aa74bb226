/**
 * Stems in the cache as planar 16-bit PCM with a 24-byte header. Why PCM16
 * and not Opus: see README.md (size, speed, availability and what analysis
 * needs). Layout, little-endian:
 *
 *   0  "BPCM"            magic
 *   4  u16 version (1)   6  u16 channels
 *   8  u32 sample rate  12  u32 frames
 *  16  f32 scale        20  u32 reserved (0)
 *  24  i16 samples, channel after channel (planar: stems are played and
 *      analysed per channel, so decode writes each channel in one pass)
 *
 * A sample decodes to `q * scale / 32767`; `scale` is the stem's own peak, so
 * a quiet stem (a bass at -20 dB) keeps all 16 bits of resolution. Round-trip
 * error per sample is at most `scale / 65534` (half a step) plus one float32
 * rounding of the result.
 */
export interface StemAudio {
  readonly sampleRate: number;
  /** One array per channel, all the same length. */
  readonly channels: readonly Float32Array[];
}

export type StemDecodeResult = { ok: true; stem: StemAudio } | { ok: false; reason: string };

export const STEM_HEADER_BYTES = 24;
export const STEM_CODEC_VERSION = 1;
export const MAX_STEM_CHANNELS = 16;
export const MIN_STEM_SAMPLE_RATE = 1000;
export const MAX_STEM_SAMPLE_RATE = 768_000;
/** 2^30 samples = 2 GiB of PCM16: far beyond any stem we could hold in a tab, so a bigger header is a lie. */
export const MAX_STEM_SAMPLES = 2 ** 30;

const MAGIC = 0x4d435042; // "BPCM" read as a little-endian u32
const FULL_SCALE = 32767;
// Int16Array/Float32Array views use the platform's byte order; every browser
// we ship to is little-endian, but a big-endian host must not misread stems.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The largest round-trip error `encodeStem` → `decodeStem` allows for a sample of magnitude |x| ≤ scale. */
export function stemRoundTripBound(scale: number): number {
  return scale / (2 * FULL_SCALE) + scale * 2 ** -23;
}

/**
 * Encodes a stem. Throws RangeError for a stem that could never be decoded
 * (no channels, ragged channels, impossible sample rate): that is a caller
 * bug, not user data. NaN samples become silence and ±Infinity the peak, so
 * a glitch in one DSP stage cannot poison the whole stem's scale.
 */
export function encodeStem(stem: StemAudio): ArrayBuffer {
  const problem = stemShapeProblem(stem);
  if (problem) throw new RangeError(problem);
  const { sampleRate, channels } = stem;
  const frames = channels[0]!.length;

  const scale = Math.fround(finitePeak(channels));
  const buffer = new ArrayBuffer(STEM_HEADER_BYTES + 2 * frames * channels.length);
  const header = new DataView(buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint16(4, STEM_CODEC_VERSION, true);
  header.setUint16(6, channels.length, true);
  header.setUint32(8, sampleRate, true);
  header.setUint32(12, frames, true);
  header.setFloat32(16, scale, true);
  header.setUint32(20, 0, true);

  const toQuantum = scale > 0 ? FULL_SCALE / scale : 0;
  const samples = new Int16Array(buffer, STEM_HEADER_BYTES);
  channels.forEach((channel, c) => {
    const offset = c * frames;
    for (let i = 0; i < frames; i++) {
      const x = channel[i]!;
      // NaN fails both comparisons and lands on 0; ±Infinity clamps to full scale.
      let q = Math.round(x * toQuantum);
      if (q > FULL_SCALE) q = FULL_SCALE;
      else if (q < -FULL_SCALE) q = -FULL_SCALE;
      else if (!(q === q)) q = 0;
      samples[offset + i] = q;
    }
  });
  if (!HOST_IS_LITTLE_ENDIAN) swapBytes16(new Uint8Array(buffer, STEM_HEADER_BYTES));
  return buffer;
}

/**
 * Decodes a stored stem. Never throws: wrong magic or version, NaN or
 * negative scale, impossible rates or channel counts, and any length that
 * does not match the header exactly (truncated, padded, or a huge frame
 * count) are reported as malformed.
 */
export function decodeStem(blob: ArrayBuffer | Uint8Array): StemDecodeResult {
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  if (bytes.byteLength < STEM_HEADER_BYTES) return malformed(`${bytes.byteLength} bytes is shorter than the ${STEM_HEADER_BYTES}-byte header`);
  const header = new DataView(bytes.buffer, bytes.byteOffset, STEM_HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) return malformed('not a Bandroom PCM16 stem (bad magic)');
  const version = header.getUint16(4, true);
  if (version !== STEM_CODEC_VERSION) return malformed(`unknown stem codec version ${version}`);
  const channelCount = header.getUint16(6, true);
  const sampleRate = header.getUint32(8, true);
  const frames = header.getUint32(12, true);
  const scale = header.getFloat32(16, true);
  if (header.getUint32(20, true) !== 0) return malformed('reserved header field is not zero');
  if (channelCount < 1 || channelCount > MAX_STEM_CHANNELS) return malformed(`impossible channel count ${channelCount}`);
  if (!isValidSampleRate(sampleRate)) return malformed(`impossible sample rate ${sampleRate}`);
  if (!Number.isFinite(scale) || scale < 0) return malformed(`impossible scale ${scale}`);
  if (frames * channelCount > MAX_STEM_SAMPLES) return malformed(`impossible frame count ${frames}`);
  const expected = STEM_HEADER_BYTES + 2 * frames * channelCount;
  if (bytes.byteLength !== expected) return malformed(`${bytes.byteLength} bytes where the header promises ${expected}`);

  const samples = readSamples(bytes.subarray(STEM_HEADER_BYTES), frames * channelCount);
  const toSample = scale / FULL_SCALE;
  const channels: Float32Array[] = [];
  for (let c = 0; c < channelCount; c++) {
    const channel = new Float32Array(frames);
    const offset = c * frames;
    for (let i = 0; i < frames; i++) channel[i] = samples[offset + i]! * toSample;
    channels.push(channel);
  }
  return { ok: true, stem: { sampleRate, channels } };
}

/** Why `encodeStem` would refuse this stem, or undefined when it can be stored. */
export function stemShapeProblem(stem: StemAudio): string | undefined {
  const { sampleRate, channels } = stem;
  const frames = channels[0]?.length ?? 0;
  if (channels.length < 1 || channels.length > MAX_STEM_CHANNELS) return `A stem needs 1 to ${MAX_STEM_CHANNELS} channels (got ${channels.length})`;
  if (channels.some((channel) => !(channel instanceof Float32Array) || channel.length !== frames)) return 'Every channel of a stem must be a Float32Array of the same length';
  if (!isValidSampleRate(sampleRate)) return `A stem's sample rate must be an integer in ${MIN_STEM_SAMPLE_RATE}..${MAX_STEM_SAMPLE_RATE} Hz (got ${sampleRate})`;
  if (frames * channels.length > MAX_STEM_SAMPLES) return `A stem may hold at most ${MAX_STEM_SAMPLES} samples`;
  return undefined;
}

/** Bytes `encodeStem` produces for a stem of this shape (for budgets, before encoding). */
export function encodedStemBytes(channels: number, frames: number): number {
  return STEM_HEADER_BYTES + 2 * channels * frames;
}

function isValidSampleRate(rate: number): boolean {
  return Number.isInteger(rate) && rate >= MIN_STEM_SAMPLE_RATE && rate <= MAX_STEM_SAMPLE_RATE;
}

function finitePeak(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const channel of channels) {
    for (let i = 0; i < channel.length; i++) {
      const magnitude = Math.abs(channel[i]!);
      if (magnitude > peak && magnitude !== Infinity) peak = magnitude;
    }
  }
  return peak;
}

function readSamples(data: Uint8Array, count: number): Int16Array {
  // A view needs 2-byte alignment; a stem read back from IndexedDB is its own
  // ArrayBuffer (aligned), so the copy only happens for odd caller slices.
  const aligned = data.byteOffset % 2 === 0 ? data : data.slice();
  if (HOST_IS_LITTLE_ENDIAN) return new Int16Array(aligned.buffer, aligned.byteOffset, count);
  const swapped = aligned.slice();
  swapBytes16(swapped);
  return new Int16Array(swapped.buffer, swapped.byteOffset, count);
}

function swapBytes16(bytes: Uint8Array): void {
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const low = bytes[i]!;
    bytes[i] = bytes[i + 1]!;
    bytes[i + 1] = low;
  }
}

function malformed(reason: string): StemDecodeResult {
  return { ok: false, reason };
}
