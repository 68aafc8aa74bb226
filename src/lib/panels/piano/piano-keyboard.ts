/** On-screen and computer-keyboard piano layout: pure, so it is tested in Node. */
const BLACK = new Set([1, 3, 6, 8, 10]);
const NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];

export function isBlack(note: number): boolean {
  return BLACK.has(((note % 12) + 12) % 12);
}

export function noteName(note: number): string {
  return `${NAMES[((note % 12) + 12) % 12]}${Math.floor(note / 12) - 1}`;
}

export interface PianoKey {
  note: number;
  black: boolean;
  /** Left edge and width as a share (0…1) of the keyboard's width. */
  left: number;
  width: number;
}

/**
 * Keys from `low` to `high` (both white). White keys share the width equally;
 * black keys are 60 % as wide, centred on the gap between their neighbours.
 */
export function keyboardLayout(low: number, high: number): PianoKey[] {
  const whites: number[] = [];
  for (let note = low; note <= high; note++) if (!isBlack(note)) whites.push(note);
  const whiteWidth = 1 / whites.length;
  const keys: PianoKey[] = [];
  let whiteIndex = 0;
  for (let note = low; note <= high; note++) {
    if (isBlack(note)) {
      keys.push({ note, black: true, left: whiteIndex * whiteWidth - whiteWidth * 0.3, width: whiteWidth * 0.6 });
    } else {
      keys.push({ note, black: false, left: whiteIndex * whiteWidth, width: whiteWidth });
      whiteIndex++;
    }
  }
  return keys;
}

/** The usual DAW layout: A-row plays white keys, the row above plays black keys. */
const COMPUTER_KEYS: Record<string, number> = {
  a: 0, w: 1, s: 2, e: 3, d: 4, f: 5, t: 6, g: 7, y: 8, h: 9, u: 10, j: 11, k: 12, o: 13, l: 14, p: 15, ';': 16
};

export const LOWEST_OCTAVE = 0;
export const HIGHEST_OCTAVE = 8;

/** The MIDI note a computer key plays with C of `octave` on "a" (C4 = 60), or undefined. */
export function computerKeyToNote(key: string, octave: number): number | undefined {
  const offset = COMPUTER_KEYS[key.toLowerCase()];
  if (offset === undefined) return undefined;
  const note = (octave + 1) * 12 + offset;
  return note >= 0 && note <= 127 ? note : undefined;
}

/** "z" and "x" shift the computer keyboard down and up an octave. */
export function shiftOctave(key: string, octave: number): number | undefined {
  if (key === 'z') return Math.max(LOWEST_OCTAVE, octave - 1);
  if (key === 'x') return Math.min(HIGHEST_OCTAVE, octave + 1);
  return undefined;
}

/** Velocity from where a key is struck: nearer the player (bottom) is louder, as on a real key. */
export function velocityFromPosition(yShare: number): number {
  return Math.max(20, Math.min(127, Math.round(40 + 87 * Math.min(1, Math.max(0, yShare)))));
}
