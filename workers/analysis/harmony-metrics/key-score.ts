/**
 * MIREX key weighted score, as mir_eval.key.weighted_score computes it:
 * 1 same key, 0.5 estimate a perfect fifth ABOVE the reference (same mode),
 * 0.3 relative major/minor, 0.2 parallel, 0 otherwise. Keys are spelled
 * "C# major" / "Bb minor"; enharmonic spellings are equal.
 */
import { parsePitchName, type Mode } from '../harmony/pitch-class';

export interface ParsedKey {
  tonic: number;
  mode: Mode;
}

export function parseKey(label: string): ParsedKey {
  const [name = '', mode = ''] = label.trim().split(/\s+/);
  const tonic = parsePitchName(name.charAt(0).toUpperCase() + name.slice(1));
  const lower = mode.toLowerCase();
  if (tonic === undefined || (lower !== 'major' && lower !== 'minor')) throw new Error(`"${label}" is not a key; write it like "G major" or "F# minor"`);
  return { tonic, mode: lower };
}

export function mirexKeyScore(reference: string, estimate: string): number {
  const ref = parseKey(reference);
  const est = parseKey(estimate);
  const up = (((est.tonic - ref.tonic) % 12) + 12) % 12;
  if (up === 0 && ref.mode === est.mode) return 1;
  if (ref.mode === est.mode && up === 7) return 0.5;
  if (ref.mode === 'major' && est.mode === 'minor' && up === 9) return 0.3;
  if (ref.mode === 'minor' && est.mode === 'major' && up === 3) return 0.3;
  if (ref.mode !== est.mode && up === 0) return 0.2;
  return 0;
}
