import type { ContentCache } from '$lib/storage/content-cache';
import { NotesStageSchema, type NotesStage } from '$workers/analysis/pipeline/analysis-result';
import { AnalysisStage, analysisKey } from '$workers/analysis/pipeline/analysis-stages';
import { forEachSegment } from '$workers/analysis/pipeline/audio-segments';
import { locateAnalysisCopy, locateAnalysisStem, readAnalysisStem, type StoredTrack } from '$workers/analysis/pipeline/stored-audio';
import { SectionLevelMeter, type TimeRange } from './section-levels';
import { bucketsFor, WaveformPeaksBuilder, type WaveformPeaks } from './waveform-peaks';

/**
 * What the Analysis panel reads from the content cache beyond the result:
 * the waveform overview (from the decoded mix), the transcribed notes, and
 * each stem's level per section. Every track is measured one cached minute
 * at a time, so an hour-long rehearsal never holds more than a minute of
 * audio here; only the small summaries are returned. No DOM: it runs in the
 * analysis worker (an hour of stems takes seconds to read and measure, too
 * long for the thread that carries MIDI) or, with memory-only storage, in
 * the page.
 */
export interface RecordingMeasures {
  peaks: WaveformPeaks | undefined;
  notes: NotesStage | undefined;
  /** Whole-mix and per-stem level per section, dBFS; undefined when the audio is gone. */
  levels: { mix: number[]; stems: Record<string, number[]> } | undefined;
}

export const AUDIO_GONE = 'The audio of this analysis is no longer in the cache (it was cleared or evicted); analyse the recording again to see the waveform and play the stems.';

/** `userModels`: the result's user models (slot → hash), which key its stems and notes. */
export async function measureRecording(
  cache: ContentCache,
  digest: string,
  sections: readonly TimeRange[],
  stems: readonly string[],
  userModels: Readonly<Record<string, string>> = {}
): Promise<RecordingMeasures> {
  const mix = await measureMix(cache, digest, sections, userModels);
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Notes, userModels), NotesStageSchema);
  const notes = found.hit ? found.value : undefined;
  if (!mix) return { peaks: undefined, notes, levels: undefined };
  // The centre stem of a mono recording is the whole mix: it says nothing about who plays where.
  const measured = mix.stereo ? stems : stems.filter((id) => id !== 'centre');
  const levels: Record<string, number[]> = {};
  for (const id of measured) {
    const stem = await locateAnalysisStem(cache, digest, id, userModels);
    if (!stem) continue;
    const meter = new SectionLevelMeter(stem.layout.sampleRate, sections, stem.layout.frames);
    if (await streamTrack(cache, stem, (samples, at) => meter.add([samples], at))) levels[id] = meter.levels();
  }
  return { peaks: mix.peaks, notes, levels: { mix: mix.levels, stems: levels } };
}

function streamTrack(cache: ContentCache, track: StoredTrack, visit: (samples: Float32Array, startFrame: number) => void): Promise<boolean> {
  return forEachSegment(cache, track.keyOf, track.layout, track.name, visit);
}

/** One stem of the analysis from the cache (its one-minute segments joined, over `range` seconds or whole), or undefined when it is gone. */
export { readAnalysisStem as readStem };

/** The waveform and section levels come from the mono analysis copy (the pipeline keeps no stereo image). */
async function measureMix(
  cache: ContentCache,
  digest: string,
  sections: readonly TimeRange[],
  userModels: Readonly<Record<string, string>>
): Promise<{ peaks: WaveformPeaks; levels: number[]; stereo: boolean } | undefined> {
  const copy = await locateAnalysisCopy(cache, digest, userModels);
  if (!copy) return undefined;
  const { frames, sampleRate } = copy.layout;
  const peaks = new WaveformPeaksBuilder(frames, bucketsFor(frames, sampleRate));
  const meter = new SectionLevelMeter(sampleRate, sections, frames);
  const complete = await streamTrack(cache, copy, (samples, at) => {
    peaks.add([samples]);
    meter.add([samples], at);
  });
  return complete ? { peaks: peaks.result(), levels: meter.levels(), stereo: copy.sourceChannels === 2 } : undefined;
}
