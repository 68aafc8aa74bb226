/**
 * The notes stage's fallback when Basic Pitch cannot run or times out: YIN on
 * the bass stem (the low line) and on the centre stem (voice or lead, which
 * usually sit in the middle of the stereo image), one pitch at a time each.
 * Lower-confidence than the model by construction (see monophonic-notes.ts).
 * Audio streams through block by block (an hour of a stem never sits in
 * memory); only the pitch tracks are kept, ~1 KB per second per stem.
 */
import { notesFromPitchTrack, type MonophonicNote } from './monophonic-notes';
import { YinPitchTracker, type PitchTrack, type YinOptions } from './yin-pitch';

export interface FallbackTrack {
  /** Stem name, kept on each note ("bass", "centre", or "mix" when no stems exist). */
  readonly name: string;
  readonly role: 'bass' | 'melody';
}

export interface FallbackStem extends FallbackTrack {
  readonly audio: Float32Array;
}

export interface FallbackNote extends MonophonicNote {
  readonly stem: string;
}

const RANGES: Record<FallbackTrack['role'], Pick<YinOptions, 'minHz' | 'maxHz'>> = {
  // B0 (31 Hz) to E4: the range of a 5-string bass and then some.
  bass: { minHz: 30, maxHz: 330 },
  // G2 up to C6: voice, guitar and keys leads, above most of the bass.
  melody: { minHz: 95, maxHz: 1050 }
};

/** A growable Float32Array. */
class FloatColumn {
  values = new Float32Array(1024);
  length = 0;

  append(more: Float32Array): void {
    if (this.length + more.length > this.values.length) {
      const grown = new Float32Array(Math.max(this.length + more.length, 2 * this.values.length));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.values.set(more, this.length);
    this.length += more.length;
  }

  result(): Float32Array {
    return this.values.slice(0, this.length);
  }
}

/**
 * YIN over audio that arrives in blocks: frames are computed as soon as their
 * samples are there, at the same positions `track` uses on the whole array,
 * so the result is the same pitch track.
 */
export class StreamingPitchTracker {
  readonly #tracker: YinPitchTracker;
  #pending = new Float32Array(0);
  readonly #frequency = new FloatColumn();
  readonly #aperiodicity = new FloatColumn();
  readonly #rms = new FloatColumn();

  constructor(options: YinOptions) {
    this.#tracker = new YinPitchTracker(options);
  }

  push(audio: Float32Array): void {
    const joined = new Float32Array(this.#pending.length + audio.length);
    joined.set(this.#pending);
    joined.set(audio, this.#pending.length);
    const part = this.#tracker.track(joined);
    const frames = part.frequency.length;
    this.#frequency.append(part.frequency);
    this.#aperiodicity.append(part.aperiodicity);
    this.#rms.append(part.rms);
    // The next frame starts `frames` hops in; keep from there.
    this.#pending = joined.slice(Math.min(joined.length, frames * this.#tracker.options.hopSamples));
  }

  finish(): PitchTrack {
    const { hopSamples, integrationSamples, sampleRate } = this.#tracker.options;
    return { frequency: this.#frequency.result(), aperiodicity: this.#aperiodicity.result(), rms: this.#rms.result(), hopSeconds: hopSamples / sampleRate, offsetSeconds: integrationSamples / 2 / sampleRate };
  }
}

/** The fallback over tracks that arrive block by block (one block per track, in `tracks` order, each push). */
export class MonophonicStemsTranscriber {
  readonly #trackers: StreamingPitchTracker[];

  constructor(
    private readonly tracks: readonly FallbackTrack[],
    sampleRate: number
  ) {
    this.#trackers = tracks.map(
      (track) => new StreamingPitchTracker({ sampleRate, integrationSamples: Math.round(0.046 * sampleRate), hopSamples: Math.round(0.0116 * sampleRate), threshold: 0.15, ...RANGES[track.role] })
    );
  }

  push(blocks: readonly Float32Array[]): void {
    if (blocks.length !== this.tracks.length) throw new Error(`Expected ${this.tracks.length} blocks (one per track), got ${blocks.length}.`);
    this.#trackers.forEach((tracker, index) => tracker.push(blocks[index]!));
  }

  finish(): FallbackNote[] {
    const notes: FallbackNote[] = [];
    this.#trackers.forEach((tracker, index) => {
      for (const note of notesFromPitchTrack(tracker.finish())) notes.push({ ...note, stem: this.tracks[index]!.name });
    });
    return notes.sort((a, b) => a.startSeconds - b.startSeconds || a.pitchMidi - b.pitchMidi);
  }
}

export function transcribeMonophonicStems(stems: readonly FallbackStem[], sampleRate: number): FallbackNote[] {
  const transcriber = new MonophonicStemsTranscriber(stems, sampleRate);
  transcriber.push(stems.map((stem) => stem.audio));
  return transcriber.finish();
}
