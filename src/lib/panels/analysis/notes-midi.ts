import MidiWriter from 'midi-writer-js';
import type { StemNotes } from './notes-by-stem';

/**
 * The transcribed notes as a Standard MIDI File: one track per stem (named
 * after it), the analysed tempo, notes at the time they sound in the
 * recording. With the tempo map set to the analysed tempo, a tick is a fixed
 * time, so the file lines up with the recording in any DAW that imports it
 * at its own tempo.
 */
export const TICKS_PER_BEAT = 480;

export interface MidiExportInput {
  bpm: number;
  beatsPerBar: number;
  stems: readonly StemNotes[];
  /** Display name per stem id, for track names. */
  stemLabel(stem: string): string;
}

export function notesMidi(input: MidiExportInput): Uint8Array {
  if (!(input.bpm > 0)) throw new Error('The notes cannot be exported as MIDI without a tempo; the analysis found none.');
  const ticksPerSecond = (input.bpm / 60) * TICKS_PER_BEAT;
  const tracks = input.stems
    .filter((stem) => stem.notes.length > 0)
    .map((stem, index) => {
      const track = new MidiWriter.Track();
      track.addTrackName(input.stemLabel(stem.stem));
      if (index === 0) {
        track.setTempo(input.bpm);
        track.setTimeSignature(input.beatsPerBar, 4, 24, 8);
      }
      const channel = Math.min(16, index + 1) === 10 ? 11 : Math.min(16, index + 1);
      for (const note of stem.notes) {
        track.addEvent(
          new MidiWriter.NoteEvent({
            pitch: [note.pitch],
            // midi-writer reads a start tick of 0 as "no start given" and queues the note after the previous one: one tick (1 ms) later is exact enough.
            startTick: Math.max(1, Math.round(note.start * ticksPerSecond)),
            duration: `T${Math.max(1, Math.round(note.duration * ticksPerSecond))}`,
            // midi-writer's velocity is 1–100; a note the model is sure of plays louder.
            velocity: Math.round(40 + 60 * note.confidence),
            channel
          })
        );
      }
      return track;
    });
  if (tracks.length === 0) throw new Error('There are no notes to export: the note model found none in this recording.');
  return new MidiWriter.Writer(tracks, { ticksPerBeat: TICKS_PER_BEAT }).buildFile();
}
