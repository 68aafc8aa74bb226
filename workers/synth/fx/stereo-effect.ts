/**
 * What every effect in the chain is. `process` works in place on frames
 * [start, end) of both channels, is called once per block from the producer's
 * render loop, and must not allocate, throw or take locks. Left and right keep
 * separate state. Parameter setters are called between blocks.
 */
export interface StereoEffect {
  process(left: Float32Array, right: Float32Array, start: number, end: number): void;
  /** Clears tails and history (delay lines, filter state) without touching parameters. */
  reset(): void;
  /** Jumps every smoothed parameter to its target, for a fresh or restored chain with no sound to click. */
  settle(): void;
}
