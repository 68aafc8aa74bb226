import type { ContentCache, StemAudio } from '$lib/storage/content-cache';
import { NotesStageSchema, type NotesStage } from '$workers/analysis/pipeline/analysis-result';
import { AnalysisStage, analysisKey } from '$workers/analysis/pipeline/analysis-stages';
import { readAnalysisCopy, readAnalysisStem } from '$workers/analysis/pipeline/stored-audio';
import { levelsPerSection, type TimeRange } from './section-levels';
import { bucketsFor, waveformPeaks, type WaveformPeaks } from './waveform-peaks';

/**
 * What the Analysis panel reads from the content cache beyond the result:
 * the waveform overview (from the decoded mix), the transcribed notes, and
 * each stem's level per section. Each array is measured and dropped before
 * the next is read, so an hour-long rehearsal never holds more than one
 * stem; only the small summaries are returned. No DOM: it runs in the
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
    const stem = await readStem(cache, digest, id, undefined, userModels);
    if (stem) levels[id] = levelsPerSection(stem.channels, stem.sampleRate, sections);
  }
  return { peaks: mix.peaks, notes, levels: { mix: mix.levels, stems: levels } };
}

/** One stem of the analysis from the cache (its one-minute segments joined, over `range` seconds or whole), or undefined when it is gone. */
export async function readStem(
  cache: ContentCache,
  digest: string,
  id: string,
  range?: { start: number; end: number },
  userModels: Readonly<Record<string, string>> = {}
): Promise<(StemAudio & { start: number }) | undefined> {
  return readAnalysisStem(cache, digest, id, range, userModels);
}

/** The waveform and section levels come from the mono analysis copy (the pipeline keeps no stereo image). */
async function measureMix(
  cache: ContentCache,
  digest: string,
  sections: readonly TimeRange[],
  userModels: Readonly<Record<string, string>>
): Promise<{ peaks: WaveformPeaks; levels: number[]; stereo: boolean } | undefined> {
  const copy = await readAnalysisCopy(cache, digest, userModels);
  if (!copy) return undefined;
  const { channels, sampleRate } = copy.audio;
  return { peaks: waveformPeaks(channels, bucketsFor(channels[0]?.length ?? 0, sampleRate)), levels: levelsPerSection(channels, sampleRate, sections), stereo: copy.sourceChannels === 2 };
}
