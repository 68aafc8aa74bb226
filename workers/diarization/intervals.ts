// Set operations on sorted lists of time ranges. Every stage (segmenter, music
// suppression, region map, scorer) needs the same few; one tested copy.
import type { TimeRange } from './types.ts';

/** Sorts and joins ranges that touch or overlap (or are closer than `bridge` seconds). */
export function mergeRanges(ranges: readonly TimeRange[], bridge = 0): TimeRange[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + bridge) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    else merged.push({ start: range.start, end: range.end });
  }
  return merged;
}

/** `ranges` with every part covered by `cut` removed. */
export function subtractRanges(ranges: readonly TimeRange[], cut: readonly TimeRange[]): TimeRange[] {
  const cuts = mergeRanges(cut);
  const out: TimeRange[] = [];
  for (const range of mergeRanges(ranges)) {
    let start = range.start;
    for (const c of cuts) {
      if (c.end <= start || c.start >= range.end) continue;
      if (c.start > start) out.push({ start, end: c.start });
      start = Math.max(start, c.end);
    }
    if (start < range.end) out.push({ start, end: range.end });
  }
  return out;
}

/** The parts covered by both lists. */
export function intersectRanges(a: readonly TimeRange[], b: readonly TimeRange[]): TimeRange[] {
  const left = mergeRanges(a);
  const right = mergeRanges(b);
  const out: TimeRange[] = [];
  // Two pointers over the sorted lists: linear, so hour-long maps stay cheap.
  for (let i = 0, j = 0; i < left.length && j < right.length; ) {
    const x = left[i] as TimeRange;
    const y = right[j] as TimeRange;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

export function totalSeconds(ranges: readonly TimeRange[]): number {
  return ranges.reduce((sum, r) => sum + Math.max(0, r.end - r.start), 0);
}
