import type { PlaybackStem } from '$lib/playback/stem-mix';

/**
 * The analysis' stems as a musician listens to them, named as stem
 * separators name them (drums, bass, other; "centre" is where a lead voice sits). Drums, bass and the
 * rest add back to the recording (the DSP separator's masks sum to one), so
 * those three make the default mix; the centre stem is another view of the
 * same sound and plays only when soloed. The harmonic stem (bass + rest) is
 * not offered: it would double them.
 */
export const PLAYBACK_STEMS: readonly PlaybackStem[] = [
  { id: 'percussive', label: 'Drums', inMix: true },
  { id: 'bass', label: 'Bass', inMix: true },
  { id: 'other', label: 'Other', inMix: true },
  { id: 'centre', label: 'Centre', inMix: false }
];

/** The built-in separator's sum of bass and the rest: never offered (it would double them). */
const HARMONIC = 'harmonic';

/**
 * The stems of one analysis that can be played. A user's separator (model
 * manager) names its own stems, e.g. "vocals" or "drums": each is offered
 * under its own name, and together they make the mix, as a separator's
 * outputs add back to the recording.
 */
export function playbackStemsOf(available: readonly string[]): PlaybackStem[] {
  const known = PLAYBACK_STEMS.filter((stem) => available.includes(stem.id));
  const own = available.filter((id) => id !== HARMONIC && !PLAYBACK_STEMS.some((stem) => stem.id === id)).map((id) => ({ id, label: id, inMix: true }));
  return [...known, ...own];
}

export function stemLabel(id: string): string {
  return PLAYBACK_STEMS.find((stem) => stem.id === id)?.label ?? id;
}
