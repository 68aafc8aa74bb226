import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstrumentBank } from '$workers/shared/instrument-schema';
import { InstrumentLoadError, type InstrumentBank } from '$workers/synth/instruments/instrument-model';
import { parseSf2 } from '$workers/synth/instruments/sf2/parse-sf2';
import { pianoSineSf2 } from '../../../fixtures/instrument-fixtures.js';
import { findId } from './sf2-test-bytes';

const original = pianoSineSf2();
const pdtaStart = findId(original, 'pdta');
/** Values that break parsers: zero, sign edges, all-ones. */
const EXTREMES = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

/** Parses, and turns the outcome into a verdict: a bank, a readable load error, or a failure. */
function parseWithinRules(bytes: Uint8Array): InstrumentBank | InstrumentLoadError {
  const started = performance.now();
  try {
    return parseSf2(bytes, 'fuzz.sf2').bank;
  } catch (error) {
    if (!(error instanceof InstrumentLoadError)) throw error;
    // An "unexpected" wrap means a bug slipped past the parser's own checks.
    expect(error.problem).not.toMatch(/unexpected/);
    return error;
  } finally {
    expect(performance.now() - started).toBeLessThan(2000);
  }
}

/** What the voice engine relies on, whatever the file was. */
function expectPlayable(bank: InstrumentBank): void {
  expect(() => parseInstrumentBank(bank)).not.toThrow();
  for (const preset of bank.presets) {
    for (const zone of preset.zones) {
      const length = zone.sample.data.length;
      expect(length).toBeGreaterThan(0);
      expect(zone.keyLow).toBeLessThanOrEqual(zone.keyHigh);
      expect(zone.velocityLow).toBeLessThanOrEqual(zone.velocityHigh);
      expect(zone.offset).toBeGreaterThanOrEqual(0);
      expect(zone.offset).toBeLessThan(length);
      if (zone.end !== undefined) expect(zone.end).toBeLessThanOrEqual(length);
      for (const loop of [zone.loop, zone.sample.loop]) {
        if (!loop) continue;
        expect(loop.start).toBeGreaterThanOrEqual(0);
        expect(loop.end).toBeLessThanOrEqual(length);
        expect(loop.start).toBeLessThan(loop.end);
      }
      for (const value of [zone.gain, zone.pan, zone.tuneCents, zone.rootKey, ...Object.values(zone.envelope)]) expect(Number.isFinite(value)).toBe(true);
    }
  }
}

function check(bytes: Uint8Array): void {
  const outcome = parseWithinRules(bytes);
  if (!(outcome instanceof InstrumentLoadError)) expectPlayable(outcome);
}

describe('parseSf2 on mutated files', () => {
  it('gives a bank or an InstrumentLoadError for random byte changes anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }), (edits) => {
        const bytes = original.slice();
        for (const [at, value] of edits) bytes[at] = value;
        check(bytes);
      }),
      { numRuns: 400 }
    );
  });

  it('gives a bank or an InstrumentLoadError for extreme 16- and 32-bit values in the preset data', () => {
    const span = original.length - pdtaStart - 4;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(span), fc.constantFrom(...EXTREMES), fc.boolean()), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const bytes = original.slice();
          const view = new DataView(bytes.buffer);
          for (const [offset, value, wide] of edits) {
            if (wide) view.setUint32(pdtaStart + offset, value >>> 0, true);
            else view.setUint16(pdtaStart + offset, value & 0xffff, true);
          }
          check(bytes);
        }
      ),
      { numRuns: 600 }
    );
  });

  it('gives an InstrumentLoadError or a bank for every truncation', () => {
    fc.assert(
      fc.property(fc.nat(original.length), (length) => {
        check(original.slice(0, length));
      }),
      { numRuns: 300 }
    );
  });

  it('never throws anything but InstrumentLoadError on random bytes behind a valid RIFF header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (tail) => {
        const bytes = new Uint8Array(12 + tail.length);
        bytes.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x73, 0x66, 0x62, 0x6b]); // RIFF .... sfbk
        new DataView(bytes.buffer).setUint32(4, bytes.length - 8, true);
        bytes.set(tail, 12);
        check(bytes);
      }),
      { numRuns: 300 }
    );
  });
});
