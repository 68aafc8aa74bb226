/**
 * MP3, Ogg Vorbis, Ogg Opus and FLAC through the wasm-audio-decoders packages
 * (mpg123, libvorbis, libopus, libFLAC compiled to WASM and embedded in the JS,
 * so they work offline and in Node). Each is fed the file in pieces and yields
 * what it has decoded so far; memory stays at one piece plus the decoder state.
 */
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { foldToStereo, type AudioChunk, type DecodeWarnings } from './audio-chunk';
import type { AudioFormat } from './audio-format';
import type { ByteSource } from './byte-source';
import { AudioDecodeError } from './decode-error';

/** The part of the four decoders' APIs we use; decode/flush are sync for some, async for others. */
interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: readonly unknown[];
}
interface PieceDecoder {
  ready: Promise<void>;
  decode(bytes: Uint8Array): Decoded | Promise<Decoded>;
  flush?: () => Promise<Decoded>;
  free(): void;
}

/** Small enough to keep latency and peak memory low, large enough that WASM call overhead vanishes. */
const PIECE_BYTES = 256 * 1024;

const NAMES: Record<Exclude<AudioFormat, 'wav'>, string> = { mp3: 'MP3', flac: 'FLAC', 'ogg-vorbis': 'Ogg Vorbis', 'ogg-opus': 'Opus' };

function createDecoder(format: Exclude<AudioFormat, 'wav'>): PieceDecoder {
  switch (format) {
    case 'mp3':
      return new MPEGDecoder();
    case 'flac':
      return new FLACDecoder();
    case 'ogg-vorbis':
      return new OggVorbisDecoder();
    case 'ogg-opus':
      return new OggOpusDecoder();
  }
}

export async function* streamCompressed(source: ByteSource, format: Exclude<AudioFormat, 'wav'>, warnings: DecodeWarnings): AsyncGenerator<AudioChunk> {
  const name = NAMES[format];
  const decoder = createDecoder(format);
  let sampleRate = 0;
  let channelCount = 0;
  let frames = 0;
  let errors = 0;
  const take = (decoded: Decoded): AudioChunk | null => {
    errors += decoded.errors.length;
    if (decoded.samplesDecoded === 0 || decoded.channelData.length === 0) return null;
    if (sampleRate === 0) {
      sampleRate = decoded.sampleRate;
      channelCount = Math.min(2, decoded.channelData.length);
    } else if (decoded.sampleRate !== sampleRate) {
      // Concatenated MP3s can do this; resampling each part separately would shift every time after the join.
      throw new AudioDecodeError('unsupported', `its sample rate changes part-way through (${sampleRate} → ${decoded.sampleRate} Hz); re-export it as one file.`);
    }
    const length = decoded.samplesDecoded;
    // The decoders reuse their output buffers on the next call, so copy; keep the channel layout the stream started with.
    const folded = foldToStereo(decoded.channelData.map((channel) => channel.slice(0, length)));
    const channels = channelCount === 1 ? [folded[0] as Float32Array] : [folded[0] as Float32Array, folded[1] ?? (folded[0] as Float32Array).slice()];
    frames += length;
    return { channels, sampleRate };
  };
  try {
    await decoder.ready;
    for (let piece = await source.next(PIECE_BYTES); piece; piece = await source.next(PIECE_BYTES)) {
      const chunk = take(await decoder.decode(piece));
      if (chunk) yield chunk;
    }
    if (decoder.flush) {
      const chunk = take(await decoder.flush());
      if (chunk) yield chunk;
    }
  } catch (error) {
    if (error instanceof AudioDecodeError) throw error;
    // WASM decoders throw plain errors (or strings) on some hostile input; say what happened in words.
    throw new AudioDecodeError('corrupt', `the ${name} decoder stopped on damaged data (${describe(error)}).`);
  } finally {
    decoder.free();
  }
  if (frames === 0) throw new AudioDecodeError('corrupt', `it looks like ${name} but no audio could be decoded from it; it may be damaged or cut short.`);
  if (errors > 0) warnings.push(`${errors} damaged ${name} frame${errors === 1 ? ' was' : 's were'} skipped; you may hear short gaps there.`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
