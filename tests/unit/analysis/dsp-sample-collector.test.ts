import { describe, expect, it } from 'vitest';
import { SampleCollector } from '$workers/analysis/dsp/analysis-copy';

const block = (from: number, length: number) => Float32Array.from({ length }, (_, i) => from + i);
const expected = (length: number) => Float32Array.from({ length }, (_, i) => i);

describe('collecting the analysis copy', () => {
  it('writes into one array sized up front when the length is known', () => {
    const collector = new SampleCollector(1000);
    for (let at = 0; at < 900; at += 300) collector.add(block(at, 300));
    const result = collector.result();
    expect(result).toEqual(expected(900));
    expect(result.buffer.byteLength).toBe(1000 * 4);
  });

  it('moves to one array when a length estimate arrives late (MP3, Ogg), so the end needs no join', () => {
    const collector = new SampleCollector(null);
    collector.add(block(0, 250));
    collector.add(block(250, 250));
    collector.reserve(1200);
    for (let at = 500; at < 1100; at += 300) collector.add(block(at, 300));
    const result = collector.result();
    expect(result).toEqual(expected(1100));
    expect(result.buffer.byteLength).toBe(1200 * 4);
  });

  it('still returns every sample when the estimate was too small', () => {
    const collector = new SampleCollector(null);
    collector.add(block(0, 400));
    collector.reserve(600);
    collector.add(block(400, 300));
    collector.add(block(700, 300));
    expect(collector.result()).toEqual(expected(1000));
  });

  it('ignores an estimate smaller than what it already holds', () => {
    const collector = new SampleCollector(null);
    collector.add(block(0, 500));
    collector.reserve(100);
    collector.add(block(500, 100));
    expect(collector.result()).toEqual(expected(600));
  });
});
