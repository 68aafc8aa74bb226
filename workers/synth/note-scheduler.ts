/**
 * Tight timing: the pure scheduling core the producer uses to place a timed
 * note event on the exact frame it belongs to, instead of "whenever the
 * producer next wakes". No worker globals, no allocation after construction.
 *
 * Frames are counted on the producer's own timeline: frame n is the n-th
 * frame this producer generation wrote into the ring. The worklet has
 * consumed `written − queued` of them.
 */

/** How fast the estimate follows a consumer clock that runs slow against the wall clock (300 ppm; crystals are within ±100). */
const DRIFT_PER_SECOND = 0.0003;
/** An observation this far below the estimate (ms) means the consumer stalled or restarted: start over. */
const RESYNC_MS = 40;

/**
 * Maps the shared wall clock (ms, `performance.timeOrigin + performance.now()`)
 * to the consumer's frame position.
 *
 * Chrome renders a whole device buffer of quanta back to back, so frames
 * consumed over wall time is a staircase, and the producer sees it late
 * (it wakes when the OS schedules it). Late observations and mid-burst ones
 * only ever make `consumed − rate·t` smaller, so the upper envelope of that
 * offset is the stable, jitter-free estimate: "by time t the consumer has
 * taken at most this many frames". It decays very slowly so the audio
 * clock may drift against the wall clock, and resyncs after a stall.
 */
export class PlaybackClock {
  #offsetFrames = 0;
  #lastMs = 0;
  #synced = false;
  readonly #framesPerMs: number;

  constructor(readonly sampleRate: number) {
    this.#framesPerMs = sampleRate / 1000;
  }

  get synced(): boolean {
    return this.#synced;
  }

  /** One observation: at wall time `nowMs` the consumer had taken `consumedFrames`. */
  observe(nowMs: number, consumedFrames: number): void {
    const offset = consumedFrames - nowMs * this.#framesPerMs;
    if (!this.#synced) {
      this.#offsetFrames = offset;
      this.#lastMs = nowMs;
      this.#synced = true;
      return;
    }
    const elapsed = nowMs > this.#lastMs ? nowMs - this.#lastMs : 0;
    this.#lastMs = nowMs;
    const decayed = this.#offsetFrames - elapsed * this.#framesPerMs * DRIFT_PER_SECOND;
    if (offset > decayed || offset < this.#offsetFrames - RESYNC_MS * this.#framesPerMs) this.#offsetFrames = offset;
    else this.#offsetFrames = decayed;
  }

  /** The consumer's frame position at wall time `ms` (fractional). */
  consumedAt(ms: number): number {
    return ms * this.#framesPerMs + this.#offsetFrames;
  }
}

export type TimedEventHandler = (op: number, a: number, b: number, c: number) => void;

export interface SchedulerStats {
  /** Events placed at a frame inside a block. */
  scheduled: number;
  /** Events whose frame had already been rendered: played at the start of the next block. */
  late: number;
  /** Events that found the pending queue full: played at once. */
  overflowed: number;
}

/**
 * Pending timed events in a fixed-size queue, kept sorted by frame (events
 * nearly always arrive in order, so insertion is at the end). Parallel typed
 * arrays, allocated once: scheduling and releasing allocate nothing.
 */
export class NoteScheduler {
  readonly #frame: Float64Array;
  readonly #op: Float64Array;
  readonly #a: Float64Array;
  readonly #b: Float64Array;
  readonly #c: Float64Array;
  #head = 0;
  #count = 0;
  readonly stats: SchedulerStats = { scheduled: 0, late: 0, overflowed: 0 };

  constructor(readonly capacity = 256) {
    this.#frame = new Float64Array(capacity);
    this.#op = new Float64Array(capacity);
    this.#a = new Float64Array(capacity);
    this.#b = new Float64Array(capacity);
    this.#c = new Float64Array(capacity);
  }

  get pending(): number {
    return this.#count;
  }

  /**
   * Queues an event for `frame`. When the queue is full the event is played
   * at once through `playNow` and counted, never dropped: a lost note-off
   * would hang a note.
   */
  schedule(frame: number, op: number, a: number, b: number, c: number, playNow: TimedEventHandler): void {
    if (this.#count === this.capacity) {
      this.stats.overflowed++;
      playNow(op, a, b, c);
      return;
    }
    const capacity = this.capacity;
    // Walk back from the tail past later events (equal frames keep arrival order).
    let slot = this.#count;
    while (slot > 0) {
      const before = (this.#head + slot - 1) % capacity;
      if (this.#frame[before]! <= frame) break;
      this.#copy(before, (this.#head + slot) % capacity);
      slot--;
    }
    const at = (this.#head + slot) % capacity;
    this.#frame[at] = frame;
    this.#op[at] = op;
    this.#a[at] = a;
    this.#b[at] = b;
    this.#c[at] = c;
    this.#count++;
  }

  /**
   * Where the earliest pending event falls in the block of `frames` frames
   * starting at `blockStart`: its frame offset (0 when it is already late),
   * or -1 when it belongs to a later block (or nothing is pending).
   */
  nextOffset(blockStart: number, frames: number): number {
    if (this.#count === 0) return -1;
    const relative = this.#frame[this.#head]! - blockStart;
    if (relative >= frames) return -1;
    return relative <= 0 ? 0 : Math.floor(relative);
  }

  /** Hands the earliest pending event to `handle` and counts it as on time or late against `blockStart`. */
  release(blockStart: number, handle: TimedEventHandler): void {
    if (this.#count === 0) return;
    const at = this.#head;
    if (this.#frame[at]! < blockStart) this.stats.late++;
    else this.stats.scheduled++;
    this.#head = (at + 1) % this.capacity;
    this.#count--;
    handle(this.#op[at]!, this.#a[at]!, this.#b[at]!, this.#c[at]!);
  }

  /** Plays everything pending at once (tight timing switched off, or the engine is being replaced). */
  flush(handle: TimedEventHandler): void {
    while (this.#count > 0) {
      const at = this.#head;
      this.#head = (at + 1) % this.capacity;
      this.#count--;
      handle(this.#op[at]!, this.#a[at]!, this.#b[at]!, this.#c[at]!);
    }
  }

  #copy(from: number, to: number): void {
    this.#frame[to] = this.#frame[from]!;
    this.#op[to] = this.#op[from]!;
    this.#a[to] = this.#a[from]!;
    this.#b[to] = this.#b[from]!;
    this.#c[to] = this.#c[from]!;
  }
}
