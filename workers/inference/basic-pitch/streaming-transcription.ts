// Basic Pitch over a recording of any length in bounded memory. Audio comes in
// blocks of any size; full batches of model windows run as soon as their
// samples are there; the note and onset activations are kept only for the
// stretch still being decided (the contour is not kept at all), and notes are
// extracted segment by segment. An hour at 86 frames/s × 88 keys would be
// 109 MB per matrix; this holds ~50 s of them.
//
// Segments and ownership. Frames are cut into segments of `segmentFrames`;
// each segment's notes are decided by one extraction run over the segment
// plus `contextFrames` on each side, and a note belongs to the segment its
// onset falls in, so a note crossing a boundary comes out once. A note that
// may have been cut by the end of the run (it still sounds in the run's last
// frames) is not decided there: the segment ends at its onset and the next
// run, which starts there, decides it whole, reaching further when the note
// is longer than a run. Only a note over `maxRunFrames` (a 2-minute drone) is cut.
//
// Equal to the one-shot `transcribe` except in one respect: the reference
// scales its inferred onsets by the maxima of the whole file, here by those
// of each run, which changes a note only when an inferred onset sits right at
// the threshold (tests/unit/inference/streaming-transcription.test.ts checks
// minutes of music come out with the same notes).
import { DEFAULT_NOTE_EXTRACTION, extractNotes, type NoteEvent, type NoteExtractionOptions } from './note-extraction.ts';
import { checkOutputs, KEY_BINS, timeNotes, type BasicPitchModel, type TimedNote } from './transcribe.ts';
import { BASIC_PITCH_SAMPLE_RATE, EDGE_FRAMES, FRAMES_PER_WINDOW, KEPT_FRAMES_PER_WINDOW, LEADING_PAD, WINDOW_SAMPLES, WINDOW_STEP, outputFrameCount } from './windowing.ts';

const FRAMES_PER_SECOND = Math.floor(BASIC_PITCH_SAMPLE_RATE / 256);

export interface StreamingTranscriptionOptions {
  /** Windows per model run; 4 is where batching stops paying off on 2 cores. */
  readonly batchSize?: number;
  readonly extraction?: NoteExtractionOptions;
  /** Frames whose notes one extraction run decides (default 30 s). */
  readonly segmentFrames?: number;
  /** Frames of context on each side of a segment (default 10 s: longer than nearly every note). */
  readonly contextFrames?: number;
  /** A note sounding longer than a run makes the run reach further, up to this many frames (default 120 s); longer notes are cut. */
  readonly maxRunFrames?: number;
}

/** A growable frames × 88 store for a sliding stretch of activations. */
class FrameStore {
  values = new Float32Array(0);
  /** Absolute frame index of row 0. */
  first = 0;
  /** Rows held. */
  count = 0;

  append(source: Float32Array, from: number, rows: number): void {
    const needed = (this.count + rows) * KEY_BINS;
    if (needed > this.values.length) {
      const grown = new Float32Array(Math.max(needed, this.values.length * 2));
      grown.set(this.values.subarray(0, this.count * KEY_BINS));
      this.values = grown;
    }
    this.values.set(source.subarray(from * KEY_BINS, (from + rows) * KEY_BINS), this.count * KEY_BINS);
    this.count += rows;
  }

  /** Drops rows before absolute frame `frame`. */
  dropBefore(frame: number): void {
    const drop = Math.min(this.count, Math.max(0, frame - this.first));
    if (drop === 0) return;
    this.values.copyWithin(0, drop * KEY_BINS, this.count * KEY_BINS);
    this.first += drop;
    this.count -= drop;
  }

  /** Rows [from, to) by absolute frame, without a copy. */
  view(from: number, to: number): Float32Array {
    return this.values.subarray((from - this.first) * KEY_BINS, (to - this.first) * KEY_BINS);
  }

  /** Keeps rows before absolute frame `frame` only. */
  truncate(frame: number): void {
    this.count = Math.max(0, Math.min(this.count, frame - this.first));
  }
}

export class StreamingTranscriber {
  readonly #model: BasicPitchModel;
  readonly #batchSize: number;
  readonly #extraction: NoteExtractionOptions;
  readonly #segmentFrames: number;
  readonly #contextFrames: number;
  /** The zero-padded signal (LEADING_PAD zeros, then the audio) from padded sample #audioFirst on. */
  #audio = new Float32Array(0);
  #audioFirst = 0;
  #audioCount = 0;
  /** Real samples received so far. */
  #received = 0;
  #nextWindow = 0;
  readonly #batch: Float32Array;
  readonly #note = new FrameStore();
  readonly #onset = new FrameStore();
  /** First frame not yet decided: the start of the next segment. */
  #decided = 0;
  #finished = false;
  #peakFrames = 0;
  /** Frames added to the current run for a note that sounds through it. */
  #extension = 0;
  readonly #maxRunFrames: number;
  /** Decided notes that may still sound where the next run starts. */
  #recent: NoteEvent[] = [];

  constructor(model: BasicPitchModel, options: StreamingTranscriptionOptions = {}) {
    this.#model = model;
    this.#batchSize = Math.max(1, Math.floor(options.batchSize ?? 4));
    this.#extraction = options.extraction ?? DEFAULT_NOTE_EXTRACTION;
    this.#segmentFrames = Math.max(1, Math.floor(options.segmentFrames ?? 30 * FRAMES_PER_SECOND));
    this.#contextFrames = Math.max(this.#extraction.energyTolerance + 2, Math.floor(options.contextFrames ?? 10 * FRAMES_PER_SECOND));
    this.#maxRunFrames = Math.max(this.#segmentFrames + 2 * this.#contextFrames, Math.floor(options.maxRunFrames ?? 120 * FRAMES_PER_SECOND));
    this.#batch = new Float32Array(this.#batchSize * WINDOW_SAMPLES);
    this.#appendAudio(new Float32Array(LEADING_PAD));
  }

  /** The most activation frames held at once so far (for memory figures and tests). */
  get peakFramesHeld(): number {
    return this.#peakFrames;
  }

  /**
   * Adds mono 22.05 kHz samples; runs every full batch of windows they
   * complete and answers the notes that became final, in onset order.
   * `checkpoint` runs between batches (the caller's cancel point).
   */
  async push(samples: Float32Array, checkpoint?: () => Promise<void>): Promise<TimedNote[]> {
    if (this.#finished) throw new Error('This transcription has finished; start a new one.');
    this.#appendAudio(samples);
    this.#received += samples.length;
    const notes: NoteEvent[] = [];
    while (this.#readyWindows() >= this.#batchSize) {
      await this.#runBatch(this.#batchSize);
      notes.push(...this.#decide(false));
      await checkpoint?.();
    }
    return timeNotes(notes);
  }

  /** Runs the last windows (zero-padded past the end) and answers the remaining notes. */
  async finish(checkpoint?: () => Promise<void>): Promise<TimedNote[]> {
    if (this.#finished) return [];
    this.#finished = true;
    const total = this.#received <= 0 ? 0 : Math.ceil((this.#received + LEADING_PAD) / WINDOW_STEP);
    while (this.#nextWindow < total) {
      await this.#runBatch(Math.min(this.#batchSize, total - this.#nextWindow));
      await checkpoint?.();
    }
    const frames = outputFrameCount(this.#received);
    this.#note.truncate(frames);
    this.#onset.truncate(frames);
    const notes = this.#decide(true);
    this.#audio = new Float32Array(0);
    this.#note.values = new Float32Array(0);
    this.#onset.values = new Float32Array(0);
    return timeNotes(notes);
  }

  #appendAudio(samples: Float32Array): void {
    const needed = this.#audioCount + samples.length;
    if (needed > this.#audio.length) {
      const grown = new Float32Array(Math.max(needed, 2 * this.#audio.length, this.#batch.length + WINDOW_STEP));
      grown.set(this.#audio.subarray(0, this.#audioCount));
      this.#audio = grown;
    }
    this.#audio.set(samples, this.#audioCount);
    this.#audioCount += samples.length;
  }

  /** Windows whose samples have all arrived. */
  #readyWindows(): number {
    const end = this.#audioFirst + this.#audioCount;
    return Math.max(0, Math.floor((end - WINDOW_SAMPLES) / WINDOW_STEP) + 1 - this.#nextWindow);
  }

  async #runBatch(count: number): Promise<void> {
    const batch = this.#batch;
    batch.fill(0, 0, count * WINDOW_SAMPLES);
    for (let w = 0; w < count; w += 1) {
      const from = (this.#nextWindow + w) * WINDOW_STEP - this.#audioFirst;
      const to = Math.min(this.#audioCount, from + WINDOW_SAMPLES);
      if (to > from) batch.set(this.#audio.subarray(from, to), w * WINDOW_SAMPLES);
    }
    const outputs = await this.#model.run(count === this.#batchSize ? batch : batch.subarray(0, count * WINDOW_SAMPLES), count);
    checkOutputs(outputs, count);
    for (let w = 0; w < count; w += 1) {
      const from = w * FRAMES_PER_WINDOW + EDGE_FRAMES;
      this.#note.append(outputs.note, from, KEPT_FRAMES_PER_WINDOW);
      this.#onset.append(outputs.onset, from, KEPT_FRAMES_PER_WINDOW);
    }
    this.#nextWindow += count;
    this.#peakFrames = Math.max(this.#peakFrames, this.#note.count);
    // Samples before the next window's start are never read again.
    const keepFrom = this.#nextWindow * WINDOW_STEP - this.#audioFirst;
    if (keepFrom > 0) {
      const drop = Math.min(keepFrom, this.#audioCount);
      this.#audio.copyWithin(0, drop, this.#audioCount);
      this.#audioCount -= drop;
      this.#audioFirst += drop;
    }
  }

  /**
   * Decides every segment the held frames allow: all of them at the end,
   * otherwise those whose run (segment plus context after it) is complete.
   * Frames are final only below the output length the audio so far implies.
   */
  #decide(atEnd: boolean): NoteEvent[] {
    const known = atEnd ? this.#note.first + this.#note.count : Math.min(this.#note.first + this.#note.count, outputFrameCount(this.#received));
    const notes: NoteEvent[] = [];
    while (this.#decided < known) {
      const segmentEnd = this.#decided + this.#segmentFrames;
      const runEnd = segmentEnd + this.#contextFrames + this.#extension;
      if (!atEnd && runEnd > known) break;
      const decided = this.#decideSegment(Math.min(segmentEnd, known), Math.min(runEnd, known), atEnd && runEnd >= known);
      if (!decided) {
        // A note from the segment's first frame sounds to the run's end: reach further, up to a limit.
        this.#extension += this.#segmentFrames;
        continue;
      }
      this.#extension = 0;
      notes.push(...decided);
    }
    const keepFrom = this.#runStartFor(this.#decided);
    this.#note.dropBefore(keepFrom);
    this.#onset.dropBefore(keepFrom);
    return notes.sort((a, b) => a.startFrame - b.startFrame || a.pitchMidi - b.pitchMidi);
  }

  /**
   * One extraction run: answers the notes the segment owns and moves
   * #decided past them, or undefined when the run must reach further.
   */
  #decideSegment(segmentEnd: number, runEnd: number, reachesEnd: boolean): NoteEvent[] | undefined {
    const segmentStart = this.#decided;
    const runStart = Math.max(this.#note.first, this.#runStartFor(segmentStart));
    const frames = runEnd - runStart;
    const events = extractNotes(
      { frames, bins: KEY_BINS, values: this.#note.view(runStart, runEnd) },
      { frames, bins: KEY_BINS, values: this.#onset.view(runStart, runEnd) },
      this.#extraction
    ).map((event) => ({ ...event, startFrame: event.startFrame + runStart }));
    let ownedEnd = segmentEnd;
    if (!reachesEnd) {
      // A note still sounding within `energyTolerance` frames of the run's end may go on past it:
      // the segment ends at its onset, and the next run decides it.
      const lastWholeEnd = runEnd - 1 - this.#extraction.energyTolerance;
      // Cut by the run's end, a note can also start a little off where a longer run puts it (the
      // strongest-remaining pass extends backwards too): the segment ends that margin before it.
      const margin = this.#extraction.energyTolerance;
      for (const event of events) {
        const start = event.startFrame;
        if (start < segmentStart || start >= ownedEnd || start + event.durationFrames < lastWholeEnd) continue;
        if (start - margin > segmentStart) ownedEnd = start - margin;
        else if (frames < this.#maxRunFrames) return undefined;
      }
    }
    this.#decided = ownedEnd;
    const owned = events.filter((event) => event.startFrame >= segmentStart && event.startFrame < ownedEnd);
    this.#recent = [...this.#recent.filter((event) => this.#reach(event) >= ownedEnd - this.#contextFrames), ...owned];
    return owned;
  }

  /** The last frame a decided note cleared energy in (extraction clears up to `energyTolerance` frames past its end). */
  #reach(event: NoteEvent): number {
    return event.startFrame + event.durationFrames + this.#extraction.energyTolerance + 1;
  }

  /**
   * Where the run for a segment starts: `contextFrames` before it, and earlier
   * still while a decided note sounds there, so the run sees that note from
   * its onset (a run that began mid-note would take its tail for a note of
   * its own and clear its neighbours differently from the one-shot).
   */
  #runStartFor(segmentStart: number): number {
    const margin = this.#extraction.energyTolerance + this.#extraction.minNoteFrames + 3;
    let start = segmentStart - this.#contextFrames;
    for (let moved = true; moved; ) {
      moved = false;
      for (const event of this.#recent) {
        if (this.#reach(event) >= start && event.startFrame < start + margin && event.startFrame - margin < start) {
          start = event.startFrame - margin;
          moved = true;
        }
      }
    }
    return Math.max(0, start);
  }
}

/** Notes for a whole array through the streaming path (what the analysis does with a recording). */
export async function transcribeInSegments(model: BasicPitchModel, audio: Float32Array, options: StreamingTranscriptionOptions & { blockSamples?: number } = {}): Promise<TimedNote[]> {
  const transcriber = new StreamingTranscriber(model, options);
  const notes: TimedNote[] = [];
  const block = Math.max(1, options.blockSamples ?? 65_536);
  for (let at = 0; at < audio.length; at += block) notes.push(...(await transcriber.push(audio.subarray(at, at + block))));
  notes.push(...(await transcriber.finish()));
  return notes;
}
