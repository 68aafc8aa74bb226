/**
 * The default pad profile (MPD/GM style): notes 36–51 are the sixteen pads of
 * bank A, 52–67 those of bank B. A note on an active pad bank plays the pads
 * part (the drum kit); every other note plays the keys part.
 */
export const KEYS_PART = 0;
export const PADS_PART = 1;

export function padBankForNote(note: number): 'A' | 'B' | undefined {
  if (note >= 36 && note <= 51) return 'A';
  if (note >= 52 && note <= 67) return 'B';
  return undefined;
}

export function partForNote(note: number, padBankActive: (bank: 'A' | 'B') => boolean): number {
  const bank = padBankForNote(note);
  return bank && padBankActive(bank) ? PADS_PART : KEYS_PART;
}
