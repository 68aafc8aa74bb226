import type { PlaybackWindow } from '$lib/playback/playback-window';
import type { StemSamples } from '$lib/playback/stem-player';
import type { NotesStage } from '$workers/analysis/pipeline/analysis-result';
import type { RehearsalCues } from '$workers/analysis/cues/rehearsal-cues-schema';
import { AUDIO_GONE, type RecordingMeasures } from './recording-measures';
import type { TimeRange } from './section-levels';
import type { MeasuredLevels } from './section-sheet';
import type { WaveformPeaks } from './waveform-peaks';

/** Where measures and stems come from: the analysis worker, or this thread (memory-only storage, tests). */
export interface RecordingReader {
  /** `userModels`: the analysis' user models (slot → hash), which key its stems and notes. */
  measure(digest: string, sections: readonly TimeRange[], stems: readonly string[], userModels?: Readonly<Record<string, string>>): Promise<RecordingMeasures>;
  /** One stem over a range of seconds. */
  stem(digest: string, id: string, range: PlaybackWindow, userModels?: Readonly<Record<string, string>>): Promise<StemSamples | undefined>;
}

/**
 * The panel's view of one recording's cached media (waveform, notes,
 * levels), filled in once measured; `loadStem` is how the player reads the
 * stretch of a stem it has to sound.
 */
export class RecordingMedia {
  peaks = $state.raw<WaveformPeaks | undefined>();
  notes = $state.raw<NotesStage | undefined>();
  levels = $state.raw<MeasuredLevels | undefined>();
  /** Why something above is missing, in words. */
  problem = $state<string | undefined>();
  #closed = false;

  constructor(
    private readonly reader: RecordingReader,
    private readonly digest: string,
    private readonly cues: RehearsalCues,
    private readonly stems: readonly string[],
    private readonly userModels?: Readonly<Record<string, string>>
  ) {}

  close(): void {
    this.#closed = true;
  }

  async load(): Promise<void> {
    const sections = this.cues.sections.sections.map(({ start, end }) => ({ start, end }));
    const measures = await this.reader.measure(this.digest, sections, this.stems, this.userModels);
    if (this.#closed) return;
    this.peaks = measures.peaks;
    this.notes = measures.notes;
    this.levels = measures.levels;
    if (!measures.peaks) this.problem = AUDIO_GONE;
  }

  /** One stem's samples over a range of seconds; rejects with a message a musician can act on. */
  async loadStem(id: string, range: PlaybackWindow): Promise<StemSamples> {
    const stem = await this.reader.stem(this.digest, id, range, this.userModels);
    if (!stem) throw new Error(AUDIO_GONE);
    return stem;
  }
}
