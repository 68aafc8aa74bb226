/**
 * The diarization copy of a recording: decoded in chunks, mixed to mono and
 * resampled to 16 kHz as it streams, so the file's own-rate audio is never
 * whole in memory. Peak memory is this copy (64 KB a second: 230 MB for an
 * hour) plus one decoded chunk; with a length hint (WAV, FLAC) the copy is
 * written into one array sized up front, without one (MP3, Ogg) blocks are
 * joined once at the end.
 */
import { openAudioStream } from '../../analysis/decode/decode-stream';
import { mixToMono } from '../../analysis/dsp/analysis-copy';
import { Resampler } from '../../analysis/dsp/resampler';
import { DIARIZATION_SAMPLE_RATE } from '../types.ts';

export interface VoiceTrack {
  readonly samples: Float32Array;
  /** The file's own rate and format, for the result and for messages. */
  readonly sourceRate: number;
  readonly format: string;
  readonly warnings: readonly string[];
}

export interface VoiceTrackOptions {
  /** 0..1 of the file read, when its length is known. */
  readonly onProgress?: (fraction: number) => void;
  /** Awaited between chunks: lets a cancel in, and throws to stop. */
  readonly checkpoint?: () => Promise<void>;
}

/** An empty or silent-length file: decodes, but holds not one sample. */
export class NoAudioError extends Error {
  override name = 'NoAudioError';
  constructor() {
    super('This recording holds no audio at all (zero samples). Check that it plays, then drop it again.');
  }
}

export async function readVoiceTrack(bytes: Uint8Array, options: VoiceTrackOptions = {}): Promise<VoiceTrack> {
  const stream = await openAudioStream(bytes);
  let resampler: Resampler | null | undefined;
  let sourceRate = 0;
  let sourceFrames = 0;
  let target: Float32Array | undefined;
  let length = 0;
  const blocks: Float32Array[] = [];
  const add = (block: Float32Array): void => {
    if (block.length === 0) return;
    if (target && blocks.length === 0 && length + block.length <= target.length) target.set(block, length);
    else blocks.push(block.slice());
    length += block.length;
  };
  for await (const chunk of stream.chunks) {
    if (resampler === undefined) {
      sourceRate = chunk.sampleRate;
      resampler = sourceRate === DIARIZATION_SAMPLE_RATE ? null : new Resampler(sourceRate, DIARIZATION_SAMPLE_RATE);
      if (stream.expectedFrames) target = new Float32Array(Resampler.outputLength(stream.expectedFrames, sourceRate, DIARIZATION_SAMPLE_RATE));
    }
    const mono = mixToMono(chunk.channels);
    sourceFrames += mono.length;
    add(resampler ? resampler.push(mono) : mono);
    if (stream.expectedFrames) options.onProgress?.(Math.min(1, sourceFrames / stream.expectedFrames));
    await options.checkpoint?.();
  }
  if (sourceFrames === 0) throw new NoAudioError();
  if (resampler) add(resampler.flush());
  return { samples: join(target, blocks, length), sourceRate, format: stream.format, warnings: [...stream.warnings] };
}

function join(target: Float32Array | undefined, blocks: readonly Float32Array[], length: number): Float32Array {
  if (target && blocks.length === 0) return target.subarray(0, length);
  // The length hint was missing or too small (a header that understates its data).
  const out = new Float32Array(length);
  let at = length - blocks.reduce((sum, block) => sum + block.length, 0);
  if (target) out.set(target.subarray(0, at));
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}
