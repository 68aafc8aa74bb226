import { deflateSync, inflateSync } from 'fflate';
import { digestBytes } from '$lib/storage/content-key';
import { decodeStem, encodeStem, type StemAudio } from '$lib/storage/stem-codec';
import { report } from './report';

/**
 * Why stems are cached as PCM16: bytes per minute of a stereo 44.1 kHz stem
 * against raw Float32 and against PCM16 squeezed by fflate (deflate), plus
 * encode/decode speed and round-trip SNR. Also the SHA-256 time of a 40 MB
 * input, the first half of every cache hit. The signal is a synthetic band
 * mix (tones with vibrato and decay, noise-burst drums, a -60 dB noise floor)
 * so deflate sees realistic low-order-bit noise rather than pure sines.
 */
const RATE = 44100;
const SECONDS = 60;
const FRAMES = RATE * SECONDS;
const MIB = 1024 * 1024;

function bandMix(): StemAudio {
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const left = new Float32Array(FRAMES);
  const right = new Float32Array(FRAMES);
  const notes = [110, 164.81, 220, 277.18, 329.63];
  for (let i = 0; i < FRAMES; i++) {
    const t = i / RATE;
    const beat = t % 0.5; // 120 BPM
    const drum = beat < 0.08 ? noise() * Math.exp(-beat * 60) * 0.5 : 0;
    let tones = 0;
    for (const [n, f] of notes.entries()) {
      const vibrato = 1 + 0.003 * Math.sin(2 * Math.PI * 5 * t + n);
      tones += (Math.sin(2 * Math.PI * f * vibrato * t) * Math.exp(-((t + n * 0.3) % 2) * 1.5)) / notes.length;
    }
    const floor = noise() * 0.001;
    left[i] = 0.6 * tones + drum + floor;
    right[i] = 0.5 * tones + 0.8 * drum + noise() * 0.001;
  }
  return { sampleRate: RATE, channels: [left, right] };
}

/** Best of a few runs, in seconds: the first run pays for JIT warm-up. */
function best(run: () => void, repeats = 5): number {
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

function snrDb(original: StemAudio, copy: StemAudio): number {
  let signal = 0;
  let error = 0;
  original.channels.forEach((channel, c) => {
    for (let i = 0; i < channel.length; i++) {
      signal += channel[i]! ** 2;
      error += (channel[i]! - copy.channels[c]![i]!) ** 2;
    }
  });
  return 10 * Math.log10(signal / error);
}

const stem = bandMix();
const floatBytes = FRAMES * 2 * 4;
const floatMiB = floatBytes / MIB;
report.note(`one minute of stereo ${RATE} Hz (${floatMiB.toFixed(1)} MiB as Float32)`);

let pcm = new ArrayBuffer(0);
const encodeSeconds = best(() => (pcm = encodeStem(stem)));
let decoded: StemAudio = stem;
const decodeSeconds = best(() => {
  const result = decodeStem(pcm);
  if (!result.ok) throw new Error(result.reason);
  decoded = result.stem;
});

let deflated = new Uint8Array(0);
const deflateSeconds = best(() => (deflated = deflateSync(new Uint8Array(pcm), { level: 1 })), 3);
const inflateSeconds = best(() => void decodeStem(inflateSync(deflated)), 3);
const deflated6 = deflateSync(new Uint8Array(pcm), { level: 6 });

report.figure('stem.float32.bytes-per-minute', floatBytes / MIB, 'MiB');
report.figure('stem.pcm16.bytes-per-minute', pcm.byteLength / MIB, 'MiB');
report.figure('stem.pcm16-deflate1.bytes-per-minute', deflated.byteLength / MIB, 'MiB');
report.figure('stem.pcm16-deflate6.bytes-per-minute', deflated6.byteLength / MIB, 'MiB');
report.ratio('stem.pcm16.size', 'float32', floatBytes / pcm.byteLength);
report.ratio('stem.pcm16.size', 'pcm16-deflate1', deflated.byteLength / pcm.byteLength);

// Speeds in MiB of Float32 audio handled per second (so every codec is measured on the same input).
report.figure('stem.pcm16.encode', floatMiB / encodeSeconds, 'MiB/s');
report.figure('stem.pcm16.decode', floatMiB / decodeSeconds, 'MiB/s');
report.figure('stem.pcm16-deflate1.encode', floatMiB / (encodeSeconds + deflateSeconds), 'MiB/s');
report.figure('stem.pcm16-deflate1.decode', floatMiB / inflateSeconds, 'MiB/s');
report.ratio('stem.pcm16.encode', 'pcm16-deflate1', (encodeSeconds + deflateSeconds) / encodeSeconds);
report.ratio('stem.pcm16.decode', 'pcm16-deflate1', inflateSeconds / decodeSeconds);
report.figure('stem.pcm16.realtime-encode', SECONDS / encodeSeconds, 'x');
report.figure('stem.pcm16.round-trip-snr', snrDb(stem, decoded), 'dB');

const input = new Uint8Array(40 * 1000 * 1000).map((_, i) => (i * 2654435761) >>> 24);
await digestBytes(input);
const hashStart = performance.now();
await digestBytes(input);
report.figure('cache.sha256-40MB', performance.now() - hashStart, 'ms');
