import type { AudioSession } from '$lib/audio/audio-session.svelte';
import type { Cue } from '$workers/analysis/cues/rehearsal-cues-schema';
import type { AnalysisResult } from '$workers/analysis/pipeline/analysis-result';
import { notesByStem, type StemNotes } from './notes-by-stem';
import { RecordingMedia, type RecordingReader } from './recording-media.svelte';
import { sectionSheet, type SectionSheetRow } from './section-sheet';
import { playbackStemsOf } from './stem-roster';
import { StemTransport } from './stem-transport.svelte';

/**
 * One shown analysis, ready to listen to and read: the cached media
 * (waveform, notes, levels), the transport, and what the views derive from
 * them (cue sheet rows, notes per stem). Made when a result is shown,
 * `close()`d when the panel closes or shows another result, which stops
 * playback and lets every buffer go.
 */
export class AnalysisDeck {
  readonly media: RecordingMedia;
  readonly transport: StemTransport;
  readonly rows: SectionSheetRow[] = $derived.by(() => sectionSheet(this.result.cues, playbackStemsOf(this.result.summary.stems).map((stem) => stem.id), this.media.levels));
  readonly stemNotes: StemNotes[] | undefined = $derived.by(() => {
    const notes = this.media.notes;
    return notes && notes.source !== 'skipped' ? notesByStem(notes.notes) : undefined;
  });

  constructor(
    readonly result: AnalysisResult,
    digest: string,
    private readonly reader: RecordingReader & { close?(): void },
    audio: AudioSession
  ) {
    const stems = playbackStemsOf(result.summary.stems);
    this.media = new RecordingMedia(reader, digest, result.cues, stems.map((stem) => stem.id), result.summary.userModels);
    this.transport = new StemTransport({
      stems,
      duration: result.summary.duration,
      output: async () => ((await audio.ensureStarted()) ? audio.engine.playbackInput() : undefined),
      load: (id, range) => this.media.loadStem(id, range)
    });
    void this.media.load().catch((error: unknown) => {
      this.media.problem = `Could not read this analysis' audio from the cache: ${error instanceof Error ? error.message : String(error)}`;
    });
  }

  /** Why the piano rolls are empty, in words. */
  get notesMessage(): string | undefined {
    if (this.stemNotes) return undefined;
    const notes = this.media.notes;
    if (notes?.reason) return `No piano roll: ${notes.reason}`;
    if (this.result.summary.notesSource === 'skipped') return 'No piano roll: notes were skipped for this analysis.';
    return this.media.peaks ? 'No piano roll: the notes are no longer in the cache; analyse the recording again.' : undefined;
  }

  loopSection(row: SectionSheetRow): void {
    this.transport.loopRegion({ start: row.start, end: row.end });
  }

  /** A cue jumps to the section it belongs to and loops it. */
  jumpToCue(cue: Cue): void {
    const row = this.rows.find((r) => cue.time >= r.start - 0.05 && cue.time < r.end) ?? this.rows[this.rows.length - 1];
    if (row) this.loopSection(row);
    else this.transport.seek(cue.time);
  }

  close(): void {
    this.media.close();
    this.transport.release();
    this.reader.close?.();
  }
}
