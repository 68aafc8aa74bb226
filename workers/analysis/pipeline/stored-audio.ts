import type { ContentCache, StemAudio } from '../../../src/lib/storage/content-cache';
import { DecodeStageSchema, StemsStageSchema } from './analysis-result';
import { AnalysisStage, analysisKey, analysisSegmentKey } from './analysis-stages';
import { readSegmentedTrack } from './audio-segments';

/**
 * An analysis' long audio read back from the cache by other readers (the
 * Analysis panel, diarization's music map): the stage result says where the
 * segments are, `readSegmentedTrack` fetches them. Built-in stems only: a
 * user model's stems live under its own keys. Undefined when anything is gone.
 */
export async function readAnalysisStem(
  cache: ContentCache,
  digest: string,
  name: string,
  range?: { start: number; end: number },
  userModels: Readonly<Record<string, string>> = {}
): Promise<(StemAudio & { start: number }) | undefined> {
  // A user's stem model keys its stems by its hash (the result's `userModels`).
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Stems, userModels), StemsStageSchema);
  if (!found.hit || !found.value.names.includes(name)) return undefined;
  const layout = found.value.audio;
  // A range reads only the one-minute segments it touches (the player holds a window, never an hour).
  const from = range ? Math.max(0, Math.floor(range.start * layout.sampleRate)) : 0;
  const to = range ? Math.ceil(range.end * layout.sampleRate) : layout.frames;
  const track = await readSegmentedTrack(cache, (index) => analysisSegmentKey(digest, AnalysisStage.Stems, index, userModels), layout, name, from, to);
  return track ? { sampleRate: layout.sampleRate, channels: [track], start: Math.min(from, layout.frames) / layout.sampleRate } : undefined;
}

/**
 * The mono analysis copy (22.05 kHz) and how many channels the recording had.
 * Its segments are shared by every analysis of the recording; the stage's
 * record is keyed like the run's other stages (`userModels` included).
 */
export async function readAnalysisCopy(
  cache: ContentCache,
  digest: string,
  userModels: Readonly<Record<string, string>> = {}
): Promise<{ audio: StemAudio; sourceChannels: number } | undefined> {
  const found = await cache.getResult(await analysisKey(digest, AnalysisStage.Decode, userModels), DecodeStageSchema);
  if (!found.hit) return undefined;
  const layout = found.value.analysisCopy;
  const track = await readSegmentedTrack(cache, (index) => analysisSegmentKey(digest, AnalysisStage.Decode, index), layout, 'mono');
  return track ? { audio: { sampleRate: layout.sampleRate, channels: [track] }, sourceChannels: found.value.channels } : undefined;
}
