/**
 * The music map of a recording the user also analysed: read the analysis's
 * cached DSP stems (one at a time, so only one hour-long stem is in memory),
 * reduce each to half-second levels, and let ../music-map.ts decide. No
 * cached analysis (or an evicted stem) means no map: nothing is suppressed.
 */
import type { ContentCache } from '../../../src/lib/storage/content-cache';
import { readAnalysisStem } from '../../analysis/pipeline/stored-audio';
import { musicRegionsFromStems, windowLevels } from '../music-map.ts';
import type { TimeRange } from '../types.ts';

const WINDOW_SECONDS = 0.5;

export async function readAnalysisMusic(cache: ContentCache, inputDigest: string): Promise<TimeRange[] | undefined> {
  const levels: Partial<Record<'harmonic' | 'percussive' | 'bass', Float32Array>> = {};
  for (const name of ['harmonic', 'percussive', 'bass'] as const) {
    const stem = await readAnalysisStem(cache, inputDigest, name);
    const channel = stem?.channels[0];
    if (!stem || !channel) return undefined;
    levels[name] = windowLevels(channel, stem.sampleRate, WINDOW_SECONDS);
  }
  const { harmonic, percussive, bass } = levels;
  if (!harmonic || !percussive || !bass) return undefined;
  return musicRegionsFromStems({ harmonic, percussive, bass, windowSeconds: WINDOW_SECONDS });
}
