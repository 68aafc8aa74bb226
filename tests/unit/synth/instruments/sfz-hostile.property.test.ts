import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '$workers/synth/instruments/decode-wav';
import { parseInstrumentBank } from '$workers/shared/instrument-schema';
import { InstrumentLoadError } from '$workers/synth/instruments/instrument-model';
import { loadSfz } from '$workers/synth/instruments/sfz/load-sfz';
import { sineChannel, writeWav } from '../../../fixtures/wav-writer.js';

const sampleWav = writeWav({ channels: [sineChannel(500, 50)], sampleRate: 44100, loop: { start: 10, end: 400 }, unityNote: 60 });

/** Pieces of real SFZ, so random text reaches deep into the parser instead of failing at the first byte. */
const fragment = fc.oneof(
  fc.constantFrom('<region>', '<group>', '<global>', '<master>', '<control>', '<curve>', '<', '>', '\n', ' ', '//', '/*', '*/', '#define $X ', '$X', '#include "a.sfz"'),
  fc.constantFrom('sample=', 'key=', 'lokey=', 'hikey=', 'pitch_keycenter=', 'lovel=', 'tune=', 'volume=', 'pan=', 'loop_mode=', 'loop_start=', 'loop_end=', 'end=', 'offset=', 'trigger=', 'group=', 'off_by=', 'default_path=', 'ampeg_sustain=', 'note_offset='),
  fc.constantFrom('a.wav', 'sub/a.wav', 'A.WAV', '../a.wav', 'c#4', 'bb-1', '-1', '0', '127', '1e308', 'NaN', 'loop_sustain', 'release', 'sample', '-99999999999', 'x y z'),
  fc.string({ maxLength: 12 })
);

function loadWithinRules(text: string): void {
  const files = new Map([
    ['kit/kit.sfz', new TextEncoder().encode(text)],
    ['kit/a.wav', sampleWav],
    ['kit/sub/a.wav', sampleWav],
    ['a.sfz', new TextEncoder().encode(text.slice(0, 200))]
  ]);
  const started = performance.now();
  try {
    const { bank } = loadSfz(files, 'kit/kit.sfz');
    expect(() => parseInstrumentBank(bank)).not.toThrow();
    for (const zone of bank.presets[0]?.zones ?? []) {
      const length = zone.sample.data.length;
      expect(zone.offset).toBeLessThan(length);
      if (zone.loop) expect(zone.loop.start < zone.loop.end && zone.loop.end <= length).toBe(true);
      for (const value of [zone.gain, zone.pan, zone.tuneCents, zone.rootKey, zone.keyLow, zone.keyHigh, ...Object.values(zone.envelope)]) expect(Number.isFinite(value)).toBe(true);
    }
  } catch (error) {
    if (!(error instanceof InstrumentLoadError)) throw error;
    expect(error.problem).not.toMatch(/unexpected/);
  } finally {
    expect(performance.now() - started).toBeLessThan(2000);
  }
}

describe('loadSfz on random text', () => {
  it('never throws anything but InstrumentLoadError on SFZ-like text', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (parts) => loadWithinRules(parts.join(''))),
      { numRuns: 500 }
    );
  });

  it('never throws anything but InstrumentLoadError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => loadWithinRules(text)),
      { numRuns: 300 }
    );
  });

  it('stays fast on long runs of whitespace, names and brackets', () => {
    for (const piece of [' ', 'a', '<', 'a=', '/*', '//', '$X', '\n<region>']) loadWithinRules(`#define $X y\n<region> sample=a.wav ${piece.repeat(200_000)}`);
  });
});

describe('decodeWav on mutated files', () => {
  it('gives audio or an InstrumentLoadError for random byte changes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(sampleWav.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(sampleWav.length), (edits, length) => {
        const bytes = sampleWav.slice(0, Math.max(length, 44));
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        try {
          const decoded = decodeWav(bytes, 'fuzz.wav');
          expect(decoded.data.length).toBeGreaterThan(0);
          expect(decoded.data.every((value) => Number.isFinite(value) && Math.abs(value) <= 1)).toBe(true);
        } catch (error) {
          if (!(error instanceof InstrumentLoadError)) throw error;
        }
      }),
      { numRuns: 500 }
    );
  });
});
