import { decodeStem, encodeStem } from '$lib/storage/stem-codec';
import { ContentCache } from '$lib/storage/content-cache';
import { createMemoryStore } from '$lib/storage/memory-store';
import { measureRecording } from '$lib/panels/analysis/recording-measures';
import { levelsPerSection } from '$lib/panels/analysis/section-levels';
import { bucketsFor, waveformPeaks } from '$lib/panels/analysis/waveform-peaks';
import { AnalysisStage, analysisKey, analysisSegmentKey } from '$workers/analysis/pipeline/analysis-stages';
import { readSegmentedTrack, SegmentWriter } from '$workers/analysis/pipeline/audio-segments';
import { locateAnalysisCopy, locateAnalysisStem } from '$workers/analysis/pipeline/stored-audio';
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
// Playback holds a two-minute window per sounding stem, and the next one while it hands over (src/lib/playback/playback-window.ts).
report.figure('analysis-panel.one-stem-playing-60min', (RATE * 120 * 4 * 2) / 2 ** 20, 'MiB');

/**
 * The whole measurement as the panel's worker runs it, from the cache: the
 * mix and four stems of the same 10 minutes in one-minute segments. Ours
 * streams each track a segment at a time; the peer is how it was done before
 * (join each track whole, then measure), run side by side on the same cache.
 * Also reported: the largest piece of audio each way holds at once.
 */
const DIGEST = 'b'.repeat(64); // a lowercase hex SHA-256, as the keys require
const STEMS = ['centre', 'left', 'right', 'bass'];
const cache = new ContentCache(createMemoryStore());
await cache.setBudget(2 ** 40);
async function store(stage: AnalysisStage, names: readonly string[]) {
  const writer = new SegmentWriter(cache, (index) => analysisSegmentKey(DIGEST, stage, index), names, RATE);
  const block = RATE * 10;
  for (let at = 0; at < samples.length; at += block) {
    const part = samples.subarray(at, Math.min(samples.length, at + block));
    await writer.push(Object.fromEntries(names.map((name) => [name, part])));
  }
  return (await writer.finish()).layout;
}
const copyLayout = await store(AnalysisStage.Decode, ['mono']);
const stemsLayout = await store(AnalysisStage.Stems, STEMS);
await cache.put(await analysisKey(DIGEST, AnalysisStage.Decode), {
  kind: 'stage',
  result: { format: 'wav', duration, sourceRate: RATE, channels: 2, warnings: [], analysisCopy: copyLayout }
});
await cache.put(await analysisKey(DIGEST, AnalysisStage.Stems), {
  kind: 'stage',
  result: { names: STEMS, activeShare: Object.fromEntries(STEMS.map((name) => [name, 1])), audio: stemsLayout }
});

let largestHeld = 0;
const realGetStem = cache.getStem.bind(cache);
cache.getStem = async (key, stem) => {
  const found = await realGetStem(key, stem);
  if (found.hit) largestHeld = Math.max(largestHeld, found.value.channels[0]!.byteLength);
  return found;
};
async function bestAsync(run: () => Promise<unknown>, repeats = 3): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}
const streamedMs = await bestAsync(async () => {
  const measured = await measureRecording(cache, DIGEST, sections, STEMS);
  if (Object.keys(measured.levels?.stems ?? {}).length !== STEMS.length) throw new Error('a stem was not measured');
});
const streamedHeld = largestHeld;
largestHeld = 0;
const wholeMs = await bestAsync(async () => {
  const copy = (await locateAnalysisCopy(cache, DIGEST))!;
  const mix = (await readSegmentedTrack(cache, copy.keyOf, copy.layout, copy.name))!;
  largestHeld = Math.max(largestHeld, mix.byteLength);
  waveformPeaks([mix], bucketsFor(mix.length, RATE));
  levelsPerSection([mix], RATE, sections);
  for (const id of STEMS) {
    const stem = (await locateAnalysisStem(cache, DIGEST, id))!;
    const track = (await readSegmentedTrack(cache, stem.keyOf, stem.layout, id))!;
    largestHeld = Math.max(largestHeld, track.byteLength);
    levelsPerSection([track], RATE, sections);
  }
});
report.figure('analysis-panel.measure-from-cache', perMinute(streamedMs), 'ms/audio-minute');
report.ratio('analysis-panel.measure-from-cache', 'whole-track-reads', wholeMs / streamedMs);
report.figure('analysis-panel.measure-from-cache.largest-audio-held-10min', streamedHeld / 2 ** 20, 'MiB');
report.figure('analysis-panel.measure-from-cache.largest-audio-held-10min.whole-track-reads', largestHeld / 2 ** 20, 'MiB');
report.note('Measurement runs in a worker, a cached minute at a time; only the peaks and levels come back to the page.');
