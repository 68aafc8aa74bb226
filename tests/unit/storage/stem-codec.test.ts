import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STEM_HEADER_BYTES, decodeStem, encodeStem, stemRoundTripBound, type StemAudio } from '$lib/storage/stem-codec';

function sine(frames: number, frequency: number, amplitude: number, rate = 44100): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

function decoded(blob: ArrayBuffer | Uint8Array): StemAudio {
  const result = decodeStem(blob);
  if (!result.ok) throw new Error(result.reason);
  return result.stem;
}

function peakOf(channels: readonly Float32Array[]): number {
  return Math.max(0, ...channels.map((channel) => channel.reduce((peak, x) => (Number.isFinite(x) ? Math.max(peak, Math.abs(x)) : peak), 0)));
}

/** NaN is stored as silence and ±Infinity as ±peak; every sample is then within the codec's bound. */
function expectWithinBound(original: StemAudio, copy: StemAudio): void {
  const peak = peakOf(original.channels);
  const bound = stemRoundTripBound(peak);
  original.channels.forEach((channel, c) => {
    channel.forEach((x, i) => {
      const expected = Number.isNaN(x) ? 0 : x === Infinity ? peak : x === -Infinity ? -peak : x;
      expect(Math.abs(copy.channels[c]![i]! - expected)).toBeLessThanOrEqual(bound);
    });
  });
}

describe('PCM16 stem codec', () => {
  it('round-trips a stereo stem within half a quantisation step of its own peak', () => {
    const stem = { sampleRate: 44100, channels: [sine(4410, 440, 0.8), sine(4410, 220, 0.3)] };
    const copy = decoded(encodeStem(stem));
    expect(copy.sampleRate).toBe(44100);
    expect(copy.channels.map((channel) => channel.length)).toEqual([4410, 4410]);
    expectWithinBound(stem, copy);
  });

  it('keeps a quiet stem at full resolution (the scale is the stem peak, not 1.0)', () => {
    const quiet = { sampleRate: 48000, channels: [sine(1000, 55, 0.01)] };
    const copy = decoded(encodeStem(quiet));
    const worst = Math.max(...quiet.channels[0]!.map((x, i) => Math.abs(x - copy.channels[0]![i]!)));
    expect(worst).toBeLessThanOrEqual(0.01 / 65534 + 1e-9);
  });

  it('takes two bytes per sample plus a 24-byte header', () => {
    expect(encodeStem({ sampleRate: 44100, channels: [new Float32Array(100), new Float32Array(100)] }).byteLength).toBe(STEM_HEADER_BYTES + 400);
  });

  it('stores silence and empty stems', () => {
    expect(decoded(encodeStem({ sampleRate: 8000, channels: [new Float32Array(10)] })).channels[0]).toEqual(new Float32Array(10));
    expect(decoded(encodeStem({ sampleRate: 8000, channels: [new Float32Array(0)] })).channels[0]!.length).toBe(0);
  });

  it('turns NaN into silence and infinities into the peak instead of poisoning the scale', () => {
    const copy = decoded(encodeStem({ sampleRate: 44100, channels: [Float32Array.from([0.5, NaN, Infinity, -Infinity, -0.25])] }));
    expect([...copy.channels[0]!]).toEqual([0.5, 0, 0.5, -0.5, expect.closeTo(-0.25, 4)]);
  });

  it('refuses stems it could never decode', () => {
    expect(() => encodeStem({ sampleRate: 44100, channels: [] })).toThrow(RangeError);
    expect(() => encodeStem({ sampleRate: 44100, channels: [new Float32Array(3), new Float32Array(4)] })).toThrow(RangeError);
    expect(() => encodeStem({ sampleRate: 44100.5, channels: [new Float32Array(3)] })).toThrow(RangeError);
  });

  describe('rejects hostile blobs as malformed', () => {
    const good = encodeStem({ sampleRate: 44100, channels: [sine(64, 440, 0.5), sine(64, 330, 0.5)] });
    const patched = (offset: number, write: (view: DataView) => void): ArrayBuffer => {
      const copy = good.slice(0);
      write(new DataView(copy, offset));
      return copy;
    };
    it.each([
      ['empty', new ArrayBuffer(0)],
      ['header only, data truncated', good.slice(0, STEM_HEADER_BYTES + 10)],
      ['one byte short', good.slice(0, good.byteLength - 1)],
      ['trailing junk', new Uint8Array([...new Uint8Array(good), 1, 2]).buffer],
      ['wrong magic', patched(0, (view) => view.setUint32(0, 0x46464952, true))],
      ['future version', patched(4, (view) => view.setUint16(0, 2, true))],
      ['zero channels', patched(6, (view) => view.setUint16(0, 0, true))],
      ['NaN scale', patched(16, (view) => view.setFloat32(0, NaN, true))],
      ['negative scale', patched(16, (view) => view.setFloat32(0, -1, true))],
      ['infinite scale', patched(16, (view) => view.setFloat32(0, Infinity, true))],
      ['sample rate 0', patched(8, (view) => view.setUint32(0, 0, true))],
      ['huge frame count', patched(12, (view) => view.setUint32(0, 0xffffffff, true))],
      ['reserved field set', patched(20, (view) => view.setUint32(0, 7, true))]
    ])('%s', (_name, blob) => {
      expect(decodeStem(blob).ok).toBe(false);
    });
  });

  it('decodes from a Uint8Array at an odd offset (copies to align)', () => {
    const blob = new Uint8Array(encodeStem({ sampleRate: 44100, channels: [Float32Array.from([0.5, -0.5])] }));
    const shifted = new Uint8Array(blob.length + 1);
    shifted.set(blob, 1);
    expect([...decoded(shifted.subarray(1)).channels[0]!]).toEqual([0.5, -0.5]);
  });

  it('round-trips any stem within the documented bound (property)', () => {
    const sample = fc.oneof(fc.float({ noDefaultInfinity: true, noNaN: true, min: -4, max: 4 }), fc.constantFrom(NaN, Infinity, -Infinity, 0));
    const stem = fc
      .record({ channels: fc.integer({ min: 1, max: 4 }), frames: fc.integer({ min: 0, max: 64 }), rate: fc.constantFrom(8000, 44100, 48000, 96000) })
      .chain(({ channels, frames, rate }) =>
        fc.array(fc.array(sample, { minLength: frames, maxLength: frames }), { minLength: channels, maxLength: channels }).map((data) => ({ sampleRate: rate, channels: data.map((samples) => Float32Array.from(samples)) }))
      );
    fc.assert(
      fc.property(stem, (original) => {
        const copy = decoded(encodeStem(original));
        expect(copy.sampleRate).toBe(original.sampleRate);
        expect(copy.channels.length).toBe(original.channels.length);
        for (const channel of copy.channels) expect(channel.every(Number.isFinite)).toBe(true);
        expectWithinBound(original, copy);
      }),
      { numRuns: 300 }
    );
  });

  it('never throws on arbitrary bytes, and accepts only blobs whose length matches the header (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = decodeStem(bytes);
        if (result.ok) expect(bytes.length).toBe(STEM_HEADER_BYTES + 2 * result.stem.channels.length * (result.stem.channels[0]?.length ?? 0));
      }),
      { numRuns: 500 }
    );
  });
});
