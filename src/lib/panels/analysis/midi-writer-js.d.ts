// midi-writer-js ships types (build/types) but its package "exports" map
// does not point at them, so "bundler" resolution finds none. This declares
// the part Bandroom uses, matching build/types of midi-writer-js 3.2.
declare module 'midi-writer-js' {
  interface NoteEventFields {
    pitch: (string | number)[];
    duration: string;
    startTick?: number;
    velocity?: number;
    channel?: number;
  }
  class NoteEvent {
    constructor(fields: NoteEventFields);
  }
  class Track {
    addEvent(events: NoteEvent | NoteEvent[]): Track;
    addTrackName(text: string): Track;
    setTempo(bpm: number, tick?: number): Track;
    setTimeSignature(numerator: number, denominator: number, midiclockspertick: number, notespermidiclock: number): Track;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- used through `typeof Writer` below
  class Writer {
    constructor(tracks: Track[], options?: { ticksPerBeat?: number });
    buildFile(): Uint8Array;
  }
  const MidiWriter: { Track: typeof Track; NoteEvent: typeof NoteEvent; Writer: typeof Writer };
  export default MidiWriter;
}
