/**
 * The one error the decode stage throws. Its message is written for a musician
 * (it reaches the jobs panel as is); `reason` lets the job orchestrator decide
 * whether retrying could help (it never can for these: the bytes are the bytes).
 */

export type DecodeFailure =
  /** The first bytes match no format we decode (a text file renamed .wav, a video...). */
  | 'unrecognised'
  /** A format we know, but a variant we don't decode (ADPCM WAV, Ogg FLAC...). */
  | 'unsupported'
  /** The file ends before any audio, or its header is cut short. */
  | 'truncated'
  /** The header is there but makes no sense, or the decoder found nothing it could play. */
  | 'corrupt'
  /** Longer than the analysis is built for (see MAX_ANALYSIS_SECONDS). */
  | 'too-long';

export class AudioDecodeError extends Error {
  override readonly name = 'AudioDecodeError';
  constructor(
    readonly reason: DecodeFailure,
    /** What is wrong, completing "This file isn't audio we can read: …". */
    readonly problem: string
  ) {
    super(`This file isn't audio we can read: ${problem}`);
  }
}
