import { describe, expect, it } from 'vitest';
import { decodeWav } from '$workers/synth/instruments/decode-wav';
import { InstrumentLoadError } from '$workers/synth/instruments/instrument-model';
import { sineChannel, writeWav } from '../../../fixtures/wav-writer.js';

const ramp = Float32Array.from([0, 0.25, 0.5, -0.5, -1]);

describe('decodeWav', () => {
  it.each([
    ['pcm8', 1 / 64],
    ['pcm16', 1e-4],
    ['pcm24', 1e-6],
    ['pcm32', 1e-8],
    ['float32', 1e-7]
  ] as const)('decodes %s mono', (encoding, tolerance) => {
    const decoded = decodeWav(writeWav({ channels: [ramp], sampleRate: 48000, encoding }), 'ramp.wav');
    expect(decoded.sampleRate).toBe(48000);
    expect(decoded.data).toHaveLength(ramp.length);
    decoded.data.forEach((value, i) => expect(Math.abs(value - (ramp[i] ?? 0))).toBeLessThan(tolerance));
  });

  it('mixes stereo down to mono', () => {
    const left = Float32Array.from([1, 0.5, 0]);
    const right = Float32Array.from([0, 0.5, -1]);
    const decoded = decodeWav(writeWav({ channels: [left, right], sampleRate: 44100, encoding: 'float32' }), 'st.wav');
    expect([...decoded.data]).toEqual([0.5, 0.5, -0.5]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE files', () => {
    const decoded = decodeWav(writeWav({ channels: [ramp, ramp], sampleRate: 96000, encoding: 'pcm24', extensible: true }), 'ext.wav');
    expect(decoded.data[2]).toBeCloseTo(0.5, 5);
  });

  it('reads the first smpl loop (end inclusive → exclusive) and the unity note', () => {
    const decoded = decodeWav(writeWav({ channels: [sineChannel(1000, 100)], sampleRate: 44100, loop: { start: 100, end: 899 }, unityNote: 62 }), 'loop.wav');
    expect(decoded.loop).toEqual({ start: 100, end: 900 });
    expect(decoded.unityNote).toBe(62);
  });

  it('ignores a smpl loop that lies outside the audio, with a warning', () => {
    const decoded = decodeWav(writeWav({ channels: [sineChannel(100, 10)], sampleRate: 44100, loop: { start: 10, end: 500 } }), 'bad-loop.wav');
    expect(decoded.loop).toBeUndefined();
    expect(decoded.warnings).toEqual(['bad-loop.wav: its loop (10–500) lies outside the audio; it is ignored']);
  });

  it('plays what is there when the data chunk is cut short', () => {
    const bytes = writeWav({ channels: [sineChannel(1000, 100)], sampleRate: 44100 });
    const decoded = decodeWav(bytes.slice(0, bytes.length - 500), 'cut.wav');
    expect(decoded.data).toHaveLength(750);
    expect(decoded.warnings[0]).toMatch(/shorter than its header says/);
  });

  it('refuses files it cannot decode with a readable reason', () => {
    const problem = (bytes: Uint8Array): string => {
      try {
        decodeWav(bytes, 'x.wav');
      } catch (error) {
        if (error instanceof InstrumentLoadError) return error.problem;
        throw error;
      }
      return 'no error';
    };
    expect(problem(new TextEncoder().encode('ID3 mp3 data'))).toBe("isn't a WAV file (no RIFF/WAVE header)");
    const adpcm = writeWav({ channels: [ramp], sampleRate: 8000 });
    new DataView(adpcm.buffer).setUint16(20, 2, true); // format tag 2: MS ADPCM
    expect(problem(adpcm)).toMatch(/unsupported encoding \(format 2, 16 bits\)/);
    expect(problem(writeWav({ channels: [new Float32Array(0)], sampleRate: 8000 }))).toBe('contains no audio frames');
  });
});
