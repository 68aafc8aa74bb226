/**
 * The decode stage's entry point: bytes in, audio chunks out, format sniffed
 * from the bytes. Downstream stages consume the chunks as they come (see
 * ../README.md for the memory plan), so nothing here holds the whole file.
 */
import { MAX_ANALYSIS_SECONDS, type AudioChunk, type DecodeWarnings } from './audio-chunk';
import { flacDeclaredFrames, id3TagSize, sniffAudioFormat, SNIFF_BYTES, type AudioFormat } from './audio-format';
import { ByteSource, type ByteChunks } from './byte-source';
import { streamCompressed } from './compressed-stream';
import { AudioDecodeError } from './decode-error';
import { streamWav } from './wav-stream';

export interface AudioDecodeStream {
  format: AudioFormat;
  /** Filled while decoding; complete once `chunks` is exhausted. */
  warnings: DecodeWarnings;
  /**
   * Frames the file says it holds (WAV data size, FLAC STREAMINFO), known by
   * the time the first chunk arrives; null for MP3/Ogg or when the header
   * doesn't say. A hint for allocation only: the audio may be shorter.
   */
  expectedFrames: number | null;
  chunks: AsyncGenerator<AudioChunk>;
}

/** Splits an in-memory file into pieces, as `Blob.stream()` would deliver it. */
export function* bytePieces(bytes: Uint8Array, pieceBytes = 1 << 20): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += pieceBytes) yield bytes.subarray(at, at + pieceBytes);
}

/**
 * Opens a file for decoding. Rejects with AudioDecodeError when the first bytes
 * are not a format we read; later problems surface from `chunks`.
 */
export async function openAudioStream(input: ByteChunks | Uint8Array): Promise<AudioDecodeStream> {
  const source = new ByteSource(input instanceof Uint8Array ? bytePieces(input) : input);
  const head = await source.peek(SNIFF_BYTES);
  if (head.length === 0) throw new AudioDecodeError('truncated', 'the file is empty.');
  const format = sniffAudioFormat(head);
  if (!format) throw new AudioDecodeError('unrecognised', 'it is not WAV, MP3, Ogg Vorbis, Opus or FLAC (checked from its contents, not its name).');
  const warnings: DecodeWarnings = [];
  const tag = format === 'wav' ? 0 : id3TagSize(head);
  // An ID3 tag in front of FLAC would confuse libFLAC; mpg123 copes, but skipping is harmless.
  await source.skip(tag);
  const inner =
    format === 'wav'
      ? streamWav(source, warnings, (frames) => {
          stream.expectedFrames = frames;
        })
      : streamCompressed(source, format, warnings);
  // The WAV reader's callback runs only once chunks are pulled, after `stream` exists.
  const stream: AudioDecodeStream = { format, warnings, expectedFrames: format === 'flac' ? flacDeclaredFrames(head, tag) : null, chunks: limitDuration(inner, () => stream.expectedFrames) };
  return stream;
}

async function* limitDuration(chunks: AsyncGenerator<AudioChunk>, expectedFrames: () => number | null): AsyncGenerator<AudioChunk> {
  let seconds = 0;
  for await (const chunk of chunks) {
    seconds += (chunk.channels[0]?.length ?? 0) / chunk.sampleRate;
    // When the header gives the length, refuse at once rather than after decoding four hours.
    const declared = (expectedFrames() ?? 0) / chunk.sampleRate;
    if (Math.max(seconds, declared) > MAX_ANALYSIS_SECONDS) {
      await chunks.return(undefined);
      throw new AudioDecodeError('too-long', `it is longer than ${MAX_ANALYSIS_SECONDS / 3600} hours; split the recording and analyse the parts.`);
    }
    yield chunk;
  }
}
