/**
 * Per-block scratch buffers (left, right, wet copies…) carved from one
 * allocation, each starting a different fraction of a 4 KiB page from the
 * others. Separately allocated buffers land at random distances, and when two
 * that a loop reads and writes together sit a multiple of 4 KiB apart, x86
 * takes each load from one as possibly depending on the store just made to
 * the other ("4K aliasing") and stalls: the voice loop, which adds into left
 * and right every frame, ran at 55× real time in such processes instead of
 * 85×. Staggered, no two of them alias, in any process.
 */
const FLOATS_PER_PAGE = 4096 / Float32Array.BYTES_PER_ELEMENT;
const FLOATS_PER_CACHE_LINE = 64 / Float32Array.BYTES_PER_ELEMENT;

export function blockBuffers(frames: number, count: 2): [Float32Array, Float32Array];
export function blockBuffers(frames: number, count: 3): [Float32Array, Float32Array, Float32Array];
export function blockBuffers(frames: number, count: number): Float32Array[];
export function blockBuffers(frames: number, count: number): Float32Array[] {
  const length = Math.max(1, Math.ceil(frames));
  // Each buffer starts `stagger` floats further into a page than the previous one.
  const stagger = Math.max(FLOATS_PER_CACHE_LINE, Math.floor(FLOATS_PER_PAGE / Math.max(1, count) / FLOATS_PER_CACHE_LINE) * FLOATS_PER_CACHE_LINE);
  // The shortest stride that holds a buffer and leaves that remainder modulo a page.
  const stride = length <= stagger ? stagger : Math.ceil((length - stagger) / FLOATS_PER_PAGE) * FLOATS_PER_PAGE + stagger;
  const memory = new Float32Array(stride * (count - 1) + length);
  return Array.from({ length: count }, (_, index) => memory.subarray(index * stride, index * stride + length));
}
