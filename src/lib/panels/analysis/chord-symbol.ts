/**
 * Chord labels as a chart reads them. The analysis speaks the MIREX
 * convention ("C", "A:min", "G:7", "N" for no chord); a band reads "C",
 * "Am", "G7" and "N.C.".
 */
const QUALITY: Readonly<Record<string, string>> = { maj: '', min: 'm', '7': '7', maj7: 'maj7', min7: 'm7', dim: 'dim', aug: 'aug', sus2: 'sus2', sus4: 'sus4' };

export const NO_CHORD = 'N.C.';

export function chordSymbol(label: string): string {
  if (label === 'N' || label === 'X' || label.trim() === '') return NO_CHORD;
  const [root = '', quality] = label.split(':');
  if (quality === undefined) return root;
  return root + (QUALITY[quality] ?? quality);
}
