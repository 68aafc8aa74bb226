import type { NotesStage } from '$workers/analysis/pipeline/analysis-result';

/**
 * The note model transcribes the harmonic stem, which is bass + other (the
 * DSP separator splits them with a crossover at 150–250 Hz). So its notes
 * belong to one of those two stems by pitch: below the crossover's middle
 * (~200 Hz, between G3 and G#3) they are the bass's, above it the rest's.
 */
export type Note = NotesStage['notes'][number];

/** MIDI G3 = 196 Hz: the highest pitch counted as bass. */
export const HIGHEST_BASS_PITCH = 55;

export interface StemNotes {
  stem: string;
  notes: Note[];
}

export function notesByStem(notes: readonly Note[]): StemNotes[] {
  // The fallback pitch tracker says which stem each note came from (bass, centre): keep its grouping.
  if (notes.length > 0 && notes.every((note) => note.stem !== undefined)) {
    const stems = [...new Set(notes.map((note) => note.stem!))];
    return stems.map((stem) => ({ stem, notes: notes.filter((note) => note.stem === stem) }));
  }
  const bass = notes.filter((note) => note.pitch <= HIGHEST_BASS_PITCH);
  const other = notes.filter((note) => note.pitch > HIGHEST_BASS_PITCH);
  return [
    { stem: 'bass', notes: bass },
    { stem: 'other', notes: other }
  ];
}

/** The pitch span a piano roll shows: the notes' range padded to whole octaves (at least one octave). */
export function pitchSpan(notes: readonly Note[]): { low: number; high: number } {
  if (notes.length === 0) return { low: 48, high: 72 };
  let low = Infinity;
  let high = -Infinity;
  for (const note of notes) {
    low = Math.min(low, note.pitch);
    high = Math.max(high, note.pitch);
  }
  low = Math.floor(low / 12) * 12;
  high = Math.max(low + 12, Math.ceil((high + 1) / 12) * 12);
  return { low, high };
}
