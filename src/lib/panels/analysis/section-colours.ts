/**
 * One colour per section letter, the same wherever a section shows
 * (waveform, chord chart, cue sheet), so "the B part" is the same colour
 * everywhere. Chosen to stay apart on dark and light themes and for the
 * commonest colour-vision deficiencies (Okabe–Ito order).
 */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#999999'];

export function sectionColour(label: string): string {
  const letter = label.trim().toUpperCase().charCodeAt(0);
  const index = letter >= 65 && letter <= 90 ? letter - 65 : 0;
  return PALETTE[index % PALETTE.length]!;
}
