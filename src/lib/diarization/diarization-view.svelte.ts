import { describeThrown } from '$lib/jobs/job-errors';
import { followNewestOnRecord, subscribeNewestJob, type NewestJobFollower } from '$lib/jobs/newest-job';
import type { JobRecord } from '$lib/jobs/job-record';
import { isFinished } from '$lib/analysis/analysis-service';
import type { AudioSession } from '$lib/audio/audio-session.svelte';
import { formatCsv, formatWebVtt } from '$workers/diarization/exporters';
import { DIARIZATION_JOB_KIND, DIARIZATION_STAGES } from '$workers/diarization/job/diarization-stages';
import { formatRttm } from '$workers/diarization/rttm';
import { DIARIZATION_SAMPLE_RATE, type DiarizationResult } from '$workers/diarization/types';
import type { DiarizationService } from './diarization-service';
import { applyEdits, assignTurn, mergeSpeakers, NO_EDITS, renameSpeaker, splitTurn, type EditedDiarization, type EditedTurn, type SpeakerEdits } from './speaker-edits';
import { timelineLanes, type TimelineLane } from './timeline-layout';
import { TurnPlayer } from './turn-player';

export type ExportFormat = 'rttm' | 'csv' | 'vtt';

/**
 * The Diarization panel's state: the job it follows (the newest diarization),
 * its machine result, the user's edits over it (saved on every change) and
 * what is playing. The markup only renders and calls these methods.
 */
export class DiarizationView {
  job = $state.raw<JobRecord | undefined>();
  result = $state.raw<DiarizationResult | undefined>();
  /** The finished job `result` came from (the followed `job` may be a newer one still running). */
  resultJob = $state.raw<JobRecord | undefined>();
  edits = $state.raw<SpeakerEdits>(NO_EDITS);
  resultProblem = $state<string | undefined>();
  submitError = $state<string | undefined>();
  editError = $state<string | undefined>();
  submitting = $state(false);
  /** A finished analysis whose recording can be diarized without dropping it again. */
  analysed = $state.raw<JobRecord | undefined>();
  /** 0 = automatic. */
  speakerCount = $state(0);
  selected = $state<number | undefined>();
  playing = $state.raw<EditedTurn | undefined>();
  playError = $state<string | undefined>();
  readonly edited: EditedDiarization = $derived(this.result ? applyEdits(this.result, this.edits) : { speakers: [], turns: [] });
  readonly lanes: TimelineLane[] = $derived(this.result ? timelineLanes(this.edited, this.result.regions, this.result.durationSeconds, this.result.suppressedAsMusic) : []);
  readonly #player = new TurnPlayer();
  #voice: Float32Array | undefined;
  #unsubscribe: (() => void) | undefined;
  #loadedRef: string | undefined;
  readonly #follower: NewestJobFollower = {
    current: () => this.job,
    follow: (record) => this.#follow(record),
    cleared: () => {
      this.job = undefined;
    },
    // A finished analysis may be the one this panel offers to diarize next.
    other: (record) => {
      if (isFinished(record)) void this.#refreshAnalysed();
    }
  };

  constructor(
    private readonly service: DiarizationService,
    private readonly audio: AudioSession
  ) {}

  get warning(): string | undefined {
    return this.service.storageWarning;
  }

  stageLabel(id: string): string {
    return DIARIZATION_STAGES.find((stage) => stage.id === id)?.label ?? id;
  }

  async open(): Promise<void> {
    this.#unsubscribe ??= subscribeNewestJob(this.service.orchestrator, DIARIZATION_JOB_KIND, this.#follower);
    await followNewestOnRecord(this.service.orchestrator, DIARIZATION_JOB_KIND, this.#follower);
    if (!this.result) {
      const finished = await this.service.latestCompleted();
      if (finished) await this.#load(finished);
    }
    await this.#refreshAnalysed();
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#player.stop();
  }

  async diarize(file: File): Promise<void> {
    await this.#submit(() => this.service.diarizeFile(file, this.speakerCount || undefined));
  }

  async diarizeAnalysed(): Promise<void> {
    const analysed = this.analysed;
    if (analysed) await this.#submit(() => this.service.diarizeAnalysed(analysed, this.speakerCount || undefined));
  }

  /** Job controls in the panel itself (the Jobs panel has the same): the confirmed state comes back as an event. */
  async control(action: 'cancel' | 'resume' | 'retry'): Promise<void> {
    const job = this.job;
    if (!job) return;
    this.submitError = undefined;
    try {
      await this.service.orchestrator[action](job.id);
    } catch (error) {
      this.submitError = describeThrown(error);
    }
  }

  rename(id: string, name: string): void {
    this.#edit(renameSpeaker(this.edits, id, name));
  }

  merge(from: string, into: string): void {
    this.#edit(mergeSpeakers(this.edits, from, into));
  }

  split(index: number, at: number): void {
    const turn = this.edited.turns[index];
    if (!turn) return;
    try {
      this.#edit(splitTurn(this.edits, turn, at));
    } catch (error) {
      this.editError = describeThrown(error);
    }
  }

  assign(index: number, speaker: string): void {
    const turn = this.edited.turns[index];
    if (turn) this.#edit(assignTurn(this.edits, turn, speaker));
  }

  /** Plays a turn through the app's audio output (starting audio if needed: this runs from a click). */
  async play(index: number): Promise<void> {
    const turn = this.edited.turns[index];
    const job = this.resultJob;
    this.selected = index;
    if (!turn || !job) return;
    this.playError = undefined;
    try {
      this.#voice ??= await this.service.loadVoice(job);
      if (!this.#voice) throw new Error('The recording is no longer in the cache, so turns cannot be played; diarize it again.');
      if (!(await this.audio.ensureStarted())) throw new Error(`Audio is off (${this.audio.error ?? 'it could not start'}).`);
      const context = this.audio.engine.context;
      if (!context) throw new Error('Audio is off.');
      this.playing = turn;
      const tap = this.audio.engine.analyser;
      this.#player.play(context, this.#voice, DIARIZATION_SAMPLE_RATE, turn.start, turn.end, () => {
        if (this.playing === turn) this.playing = undefined;
      }, tap ? [tap] : []);
    } catch (error) {
      this.playing = undefined;
      this.playError = describeThrown(error);
    }
  }

  stop(): void {
    this.#player.stop();
    this.playing = undefined;
  }

  /** The edited turns, with the speakers' shown names, in the chosen format. */
  exportFile(format: ExportFormat): { name: string; type: string; text: string } {
    const base = (this.resultJob?.title ?? 'recording').replace(/\.[a-z0-9]{1,5}$/i, '') || 'recording';
    const turns = this.edited.turns.map((turn) => ({ ...turn, speaker: turn.label }));
    switch (format) {
      case 'rttm':
        return { name: `${base}.rttm`, type: 'text/plain', text: formatRttm(base, turns) };
      case 'csv':
        return { name: `${base}.csv`, type: 'text/csv', text: formatCsv(turns) };
      case 'vtt':
        return { name: `${base}.vtt`, type: 'text/vtt', text: formatWebVtt(turns) };
    }
  }

  async #submit(start: () => Promise<JobRecord>): Promise<void> {
    this.submitError = undefined;
    this.submitting = true;
    try {
      this.#follow(await start());
    } catch (error) {
      this.submitError = describeThrown(error);
    } finally {
      this.submitting = false;
    }
  }

  #edit(next: SpeakerEdits): void {
    const ref = this.#loadedRef;
    if (next === this.edits || !ref) return;
    this.edits = next;
    this.editError = undefined;
    this.service.saveEdits(ref, next).catch((error: unknown) => (this.editError = describeThrown(error)));
  }

  async #refreshAnalysed(): Promise<void> {
    this.analysed = await this.service.latestAnalysis();
  }

  #follow(record: JobRecord): void {
    this.job = record;
    if (isFinished(record)) void this.#load(record);
  }

  async #load(record: JobRecord): Promise<void> {
    if (!record.resultRef || record.resultRef === this.#loadedRef) return;
    const ref = record.resultRef;
    this.#loadedRef = ref;
    const loaded = await this.service.loadResult(record);
    if (loaded.type === 'missing') {
      this.#loadedRef = undefined;
      this.resultProblem = loaded.message;
      return;
    }
    const { edits, damaged } = await this.service.loadEdits(ref);
    this.#player.stop();
    this.#voice = undefined;
    this.playing = undefined;
    this.selected = undefined;
    this.edits = edits;
    this.result = loaded.result;
    this.resultJob = record;
    this.resultProblem = undefined;
    this.editError = damaged ? 'Your saved speaker changes for this recording were unreadable and were set aside; the machine result is shown.' : undefined;
  }
}
