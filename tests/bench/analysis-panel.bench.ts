import { decodeStem, encodeStem } from '$lib/storage/stem-codec';
import { levelsPerSection } from '$lib/panels/analysis/section-levels';
import { bucketsFor, waveformPeaks } from '$lib/panels/analysis/waveform-peaks';
import { report } from './report';

/**
 * What the Analysis panel costs when it opens a result (work done in its own
 * analysis worker, off the page's thread):
 * reading a cached stem (PCM16 → Float32), the waveform overview and the
 * per-section levels, per minute of audio at the stems' rate (22.05 kHz
 * mono). The panel does this for the mix and four stems, one at a time, so
 * an hour's preparation time and the memory it keeps afterwards follow.
 * Measured on 10 minutes (an hour's stem is 317 MB as Float32: too much to
 * allocate beside other benches on a shared machine).
 */
const RATE = 22050;
const MINUTES = 10;
const SECTIONS = 40;
const STEMS_READ = 5; // the mix and four playback stems

function signal(): Float32Array {
  const samples = new Float32Array(RATE * 60 * MINUTES);
  let seed = 7;
  for (let i = 0; i < samples.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    samples[i] = 0.3 * Math.sin((2 * Math.PI * 110 * i) / RATE) + 0.05 * ((seed / 2 ** 32) * 2 - 1);
  }
  return samples;
}

function best(run: () => void, repeats = 3): number {
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const samples = signal();
const encoded = encodeStem({ sampleRate: RATE, channels: [samples] });
const duration = samples.length / RATE;
const sections = Array.from({ length: SECTIONS }, (_, i) => ({ start: (i * duration) / SECTIONS, end: ((i + 1) * duration) / SECTIONS }));

const readMs = best(() => {
  const decoded = decodeStem(encoded);
  if (!decoded.ok) throw new Error(decoded.reason);
});
let peaksBytes = 0;
const peaksMs = best(() => {
  const peaks = waveformPeaks([samples], bucketsFor(samples.length, RATE));
  peaksBytes = peaks.min.byteLength + peaks.max.byteLength;
});
const levelsMs = best(() => void levelsPerSection([samples], RATE, sections));

const perMinute = (ms: number): number => ms / MINUTES;
report.figure('analysis-panel.stem-read', perMinute(readMs), 'ms/audio-minute');
report.figure('analysis-panel.waveform-peaks', perMinute(peaksMs), 'ms/audio-minute');
report.figure('analysis-panel.section-levels', perMinute(levelsMs), 'ms/audio-minute');
const hourSeconds = (60 * (STEMS_READ * (perMinute(readMs) + perMinute(levelsMs)) + perMinute(peaksMs))) / 1000;
report.figure('analysis-panel.prepare-60min', hourSeconds, 's');
// Kept: the peaks (10 ms buckets; an hour has 6× these 10 minutes) and a level per section and stem.
report.figure('analysis-panel.kept-after-prepare-60min', ((60 / MINUTES) * peaksBytes + 8 * SECTIONS * STEMS_READ) / 2 ** 20, 'MiB');
report.figure('analysis-panel.one-stem-playing-60min', (RATE * 3600 * 4) / 2 ** 20, 'MiB');
report.note('Preparation runs in a worker, one stem at a time; only the peaks and levels come back to the page.');
