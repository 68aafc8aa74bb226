// A two-hour recording must not blow the tab's memory: the voice track is
// built chunk by chunk (the file's own-rate audio is never whole), so the
// peak is the file's bytes plus the 16 kHz copy, not a multiple of it. The
// VAD and speaker stages on an hour are measured in the bench
// (tests/bench/diarization.bench.ts: 60-minute job, peak memory).
import { describe, expect, it } from 'vitest';
import { readVoiceTrack } from '$workers/diarization/job/voice-track';

const RATE = 8000;
const SECONDS = 2 * 60 * 60;

/** A 2-hour 8 kHz 16-bit mono WAV: a quiet 300 Hz tone one second in every ten (115 MB). */
function twoHourWav(): Uint8Array {
  const frames = RATE * SECONDS;
  const bytes = new Uint8Array(44 + frames * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, value: string) => [...value].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + frames * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, frames * 2, true);
  const samples = new Int16Array(bytes.buffer, 44, frames);
  for (let i = 0; i < frames; i++) if (i % (10 * RATE) < RATE) samples[i] = Math.round(3000 * Math.sin((2 * Math.PI * 300 * i) / RATE));
  return bytes;
}

describe('a two-hour recording', () => {
  it('decodes to a 16 kHz voice track with memory bounded by the file plus the track', async () => {
    const bytes = twoHourWav();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const track = await readVoiceTrack(bytes, {
      checkpoint: async () => {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      }
    });
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    expect(track.samples.length).toBe(16000 * SECONDS);
    expect(track.sourceRate).toBe(RATE);
    const copyBytes = track.samples.byteLength;
    const extra = peak - baseline;
    console.log(`2-hour decode: file ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB, 16 kHz track ${(copyBytes / 2 ** 20).toFixed(0)} MiB, extra buffers at peak ${(extra / 2 ** 20).toFixed(0)} MiB`);
    // One copy (sized from the header) plus decoder chunks; a second full copy would be 2×.
    expect(extra).toBeLessThan(copyBytes * 1.25);
  }, 120_000);
});
