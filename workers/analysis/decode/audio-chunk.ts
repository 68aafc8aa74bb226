/** What every decoder yields: a run of frames, mono or stereo, at the file's own rate. */
export interface AudioChunk {
  /** One array for mono, two (left, right) for stereo; all the same length, -1…1. */
  channels: readonly Float32Array[];
  sampleRate: number;
}

/** Things a musician may want to know that don't stop the analysis ("the file seems truncated"). */
export type DecodeWarnings = string[];

/**
 * The pipeline is sized for rehearsals (an hour, maybe two); four hours of
 * audio is ~1.3 GB as a 22.05 kHz float copy, past what a tab should hold.
 */
export const MAX_ANALYSIS_SECONDS = 4 * 60 * 60;

/** Analysis only needs the stereo image (centre stem), so more channels fold to two. */
export function foldToStereo(input: readonly Float32Array[]): Float32Array[] {
  if (input.length <= 2) return input.slice();
  const frames = input[0]?.length ?? 0;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  // Even-numbered channels (L, C, Ls in SMPTE order) go left, odd ones right.
  const leftCount = Math.ceil(input.length / 2);
  const rightCount = Math.floor(input.length / 2);
  input.forEach((channel, index) => {
    const target = index % 2 === 0 ? left : right;
    const scale = 1 / (index % 2 === 0 ? leftCount : rightCount);
    for (let i = 0; i < frames; i++) target[i] = (target[i] ?? 0) + (channel[i] ?? 0) * scale;
  });
  return [left, right];
}
