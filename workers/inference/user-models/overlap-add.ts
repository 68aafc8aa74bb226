/**
 * Runs a fixed-length (or length-limited) model over audio of any length:
 * segments of `segment` samples every `segment − overlap`, the last one
 * zero-padded, each output weighted by a window whose ends ramp over the
 * overlap, summed, then divided by the summed weights. Equal-weight
 * cross-fades hide the seams a separator makes at segment edges (Demucs
 * itself uses 25 % overlap); dividing by the weights makes an identity model
 * give back its input exactly, at any length.
 */
export interface SegmentPlan {
  readonly segment: number;
  readonly hop: number;
  readonly starts: readonly number[];
}

export function planSegments(length: number, segment: number, overlapShare = 0.25): SegmentPlan {
  if (!Number.isInteger(segment) || segment < 2) throw new RangeError(`segment length ${segment} is too short`);
  const overlap = Math.min(segment - 1, Math.round(segment * overlapShare));
  const hop = segment - overlap;
  const starts = [0];
  while ((starts[starts.length - 1] as number) + segment < length) starts.push((starts[starts.length - 1] as number) + hop);
  return { segment, hop, starts };
}

/** Weight per sample of a segment: rises over the first `segment − hop` samples, falls over the last, never zero. */
export function segmentWindow(plan: SegmentPlan): Float32Array {
  const ramp = plan.segment - plan.hop;
  const window = new Float32Array(plan.segment).fill(1);
  for (let i = 0; i < ramp; i++) {
    const rise = Math.sin((Math.PI / 2) * ((i + 0.5) / ramp)) ** 2;
    window[i] = Math.min(window[i] as number, rise);
    window[plan.segment - 1 - i] = Math.min(window[plan.segment - 1 - i] as number, rise);
  }
  return window;
}

/**
 * `run` gets one segment (channels × segment samples, zero-padded at the end)
 * and returns outputs × channels × segment samples; the result has the input's
 * length for every output track.
 */
export async function overlapAdd(
  channels: readonly Float32Array[],
  plan: SegmentPlan,
  run: (segment: readonly Float32Array[]) => Promise<Float32Array[][]>,
  onSegment: (done: number, total: number) => Promise<void> | void = () => undefined
): Promise<Float32Array[][]> {
  const length = channels[0]?.length ?? 0;
  const window = segmentWindow(plan);
  const weights = new Float32Array(length);
  let outputs: Float32Array[][] | undefined;
  const input = channels.map(() => new Float32Array(plan.segment));
  for (const [index, start] of plan.starts.entries()) {
    const end = Math.min(length, start + plan.segment);
    input.forEach((buffer, c) => {
      buffer.fill(0);
      buffer.set((channels[c] as Float32Array).subarray(start, end));
    });
    const result = await run(input);
    outputs ??= result.map((tracks) => tracks.map(() => new Float32Array(length)));
    if (result.length !== outputs.length) throw new Error(`segment ${index + 1} gave ${result.length} outputs, the first gave ${outputs.length}`);
    result.forEach((tracks, o) =>
      tracks.forEach((track, c) => {
        const target = outputs?.[o]?.[c];
        if (!target) throw new Error(`segment ${index + 1} gave an unexpected channel ${c + 1}`);
        for (let i = start; i < end; i++) target[i] = (target[i] as number) + (track[i - start] as number) * (window[i - start] as number);
      })
    );
    for (let i = start; i < end; i++) weights[i] = (weights[i] as number) + (window[i - start] as number);
    await onSegment(index + 1, plan.starts.length);
  }
  for (const tracks of outputs ?? []) for (const track of tracks) for (let i = 0; i < length; i++) track[i] = (track[i] as number) / ((weights[i] as number) || 1);
  return outputs ?? [];
}
