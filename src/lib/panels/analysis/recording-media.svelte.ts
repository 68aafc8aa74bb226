import type { ContentCache } from '$lib/storage/content-cache';
import type { RehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import { DecodeStageSchema, NotesStageSchema, StemsStageSchema, type NotesStage } from '$workers/analysis/pipeline/analysis-result';
import { AnalysisStage, analysisKey } from '$workers/analysis/pipeline/analysis-stages';
import type { StemSamples } from '$lib/playback/stem-player';
import { levelsPerSection } from './section-levels';
import type { MeasuredLevels } from './section-sheet';
import { waveformPeaks, type WaveformPeaks } from './waveform-peaks';

const GONE = 'The audio of this analysis is no longer in the cache (it was cleared or evicted); analyse the recording again to see the waveform and play the stems.';

/**
 * What the panel reads from the content cache beyond the result itself:
 * the waveform overview (from the decoded mix), the transcribed notes, and
 * each stem's level per section. Every array is measured and dropped at
 * once; only the small summaries stay. Stems for playback are read by the
 * player through `loadStem`, when they first have to sound.
 */
export class RecordingMedia {
  peaks = $state.raw<WaveformPeaks | undefined>();
  notes = $state.raw<NotesStage | undefined>();
  levels = $state.raw<MeasuredLevels | undefined>();
  /** Why something above is missing, in words. */
  problem = $state<string | undefined>();
  #closed = false;

  constructor(
    private readonly cache: ContentCache,
    private readonly digest: string,
    private readonly cues: RehearsalCues,
    private readonly stems: readonly string[]
  ) {}

  close(): void {
    this.#closed = true;
  }

  async load(): Promise<void> {
    const decodeKey = await analysisKey(this.digest, AnalysisStage.Decode);
    const mix = await this.cache.getStem(decodeKey, 'mix');
    if (this.#closed) return;
    const sections = this.cues.sections.sections;
    let mixLevels: number[] | undefined;
    if (mix.hit) {
      this.peaks = waveformPeaks(mix.value.channels);
      mixLevels = levelsPerSection(mix.value.channels, mix.value.sampleRate, sections);
    } else {
      this.problem = GONE;
    }
    const notesKey = await analysisKey(this.digest, AnalysisStage.Notes);
    const notes = await this.cache.getResult(notesKey, NotesStageSchema);
    if (this.#closed) return;
    this.notes = notes.hit ? notes.value : undefined;
    if (!mixLevels) return;
    const stems: Record<string, number[]> = {};
    for (const id of this.stems) {
      // One stem at a time: read, measure, let go.
      const stem = await this.loadStem(id).catch(() => undefined);
      if (this.#closed) return;
      if (stem) stems[id] = levelsPerSection(stem.channels, stem.sampleRate, sections);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.levels = { mix: mixLevels, stems };
  }

  /** One stem's samples from the cache; rejects with a message a musician can act on. */
  async loadStem(id: string): Promise<StemSamples> {
    const key = await analysisKey(this.digest, AnalysisStage.Stems);
    const found = await this.cache.getStem(key, id);
    if (!found.hit) throw new Error(GONE);
    return found.value;
  }

  /** Stems the cache holds for this recording (the stems stage's own record). */
  async cachedStems(): Promise<string[]> {
    const key = await analysisKey(this.digest, AnalysisStage.Stems);
    const found = await this.cache.getResult(key, StemsStageSchema);
    return found.hit ? found.value.names : [];
  }

  /** The recording's decoded length, when the decode stage is still cached. */
  async decodedDuration(): Promise<number | undefined> {
    const found = await this.cache.getResult(await analysisKey(this.digest, AnalysisStage.Decode), DecodeStageSchema);
    return found.hit ? found.value.duration : undefined;
  }
}
