/**
 * Which stems sound, from mute and solo, as on a mixing desk: with any stem
 * soloed only the soloed ones play; otherwise every stem of the default mix
 * that is not muted. Mute wins over solo (a muted, soloed stem stays
 * silent), so a musician can solo a group and still drop one of it.
 *
 * Some stems are another view of the same sound (the DSP "centre" stem
 * overlaps the others): they are not in the default mix, so the unmuted mix
 * adds back to the recording, and they play only when soloed.
 */
export interface PlaybackStem {
  id: string;
  label: string;
  /** Part of the default mix (the default-mix stems add up to the recording). */
  inMix: boolean;
}

export interface MixState {
  muted: ReadonlySet<string>;
  soloed: ReadonlySet<string>;
}

export function audibleStems(stems: readonly PlaybackStem[], state: MixState): string[] {
  const anySolo = stems.some((stem) => state.soloed.has(stem.id));
  return stems.filter((stem) => !state.muted.has(stem.id) && (anySolo ? state.soloed.has(stem.id) : stem.inMix)).map((stem) => stem.id);
}

/** Toggles one member of a set, returning a new set (state stays immutable for the UI). */
export function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
