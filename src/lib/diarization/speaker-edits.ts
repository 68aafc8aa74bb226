/**
 * The user's corrections to a diarization, kept apart from the machine result
 * (which stays as cached, untouched): speaker names ("Sam — drums"), speakers
 * merged into others, points where a turn was split, and turns given to
 * another speaker. `applyEdits` replays them over the result; every edit is a
 * pure function from edits to edits, so undo is keeping the old value.
 */
import * as v from 'valibot';
import type { DiarizationResult, SpeakerTurn } from '$workers/diarization/types';

const SpeakerId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
export const MAX_SPEAKER_NAME = 80;

export const SpeakerEditsSchema = v.strictObject({
  version: v.literal(1),
  names: v.record(SpeakerId, v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SPEAKER_NAME))),
  merges: v.record(SpeakerId, SpeakerId),
  /** Seconds (to the millisecond) where a turn was cut in two. */
  splits: v.array(v.pipe(v.number(), v.finite(), v.minValue(0))),
  /** Turn start in whole milliseconds → the speaker it was given to. */
  assignments: v.record(v.pipe(v.string(), v.regex(/^\d{1,10}$/)), SpeakerId)
});
export type SpeakerEdits = v.InferOutput<typeof SpeakerEditsSchema>;

export const NO_EDITS: SpeakerEdits = { version: 1, names: {}, merges: {}, splits: [], assignments: {} };

export interface EditedTurn extends SpeakerTurn {
  /** The speaker's shown name (their id until renamed). */
  readonly label: string;
  /** Split, reassigned or merged by the user. */
  readonly edited: boolean;
}

export interface EditedSpeaker {
  readonly id: string;
  readonly label: string;
  readonly seconds: number;
  readonly turns: number;
}

export interface EditedDiarization {
  readonly speakers: readonly EditedSpeaker[];
  readonly turns: readonly EditedTurn[];
}

const ms = (seconds: number): number => Math.round(seconds * 1000);

/** Follows merges to the speaker that absorbed `id` (a cycle, from a damaged record, stops where it repeats). */
export function resolveSpeaker(edits: SpeakerEdits, id: string): string {
  const seen = new Set<string>();
  let current = id;
  while (edits.merges[current] !== undefined && !seen.has(current)) {
    seen.add(current);
    current = edits.merges[current] as string;
  }
  return current;
}

export function applyEdits(result: Pick<DiarizationResult, 'speakers' | 'turns'>, edits: SpeakerEdits): EditedDiarization {
  const cuts = [...new Set(edits.splits.map(ms))].sort((a, b) => a - b);
  const pieces = result.turns.flatMap((turn) => {
    const inside = cuts.filter((cut) => cut > ms(turn.start) && cut < ms(turn.end)).map((cut) => cut / 1000);
    const bounds = [turn.start, ...inside, turn.end];
    return bounds.slice(1).map((end, i) => ({ ...turn, start: bounds[i] as number, end, split: inside.length > 0 }));
  });
  const label = (id: string): string => edits.names[id] ?? id;
  const turns = pieces.map((piece): EditedTurn => {
    const assigned = edits.assignments[String(ms(piece.start))];
    const speaker = resolveSpeaker(edits, assigned ?? piece.speaker);
    const { split, ...turn } = piece;
    return { ...turn, speaker, label: label(speaker), edited: split || assigned !== undefined || speaker !== piece.speaker };
  });
  const order = [...result.speakers.map((id) => resolveSpeaker(edits, id)), ...turns.map((t) => t.speaker)];
  const speakers = [...new Set(order)]
    .map((id) => {
      const own = turns.filter((t) => t.speaker === id);
      return { id, label: label(id), seconds: own.reduce((sum, t) => sum + t.end - t.start, 0), turns: own.length };
    })
    .filter((speaker) => speaker.turns > 0 || !result.turns.length);
  return { speakers, turns };
}

/** Names a speaker; a blank name goes back to the machine's label. */
export function renameSpeaker(edits: SpeakerEdits, id: string, name: string): SpeakerEdits {
  const trimmed = name.trim().slice(0, MAX_SPEAKER_NAME);
  const names = { ...edits.names };
  if (trimmed && trimmed !== id) names[id] = trimmed;
  else delete names[id];
  return { ...edits, names };
}

/** Folds `from` into `into`: its turns (and any speaker already folded into it) become `into`'s. */
export function mergeSpeakers(edits: SpeakerEdits, from: string, into: string): SpeakerEdits {
  const target = resolveSpeaker(edits, into);
  const source = resolveSpeaker(edits, from);
  if (source === target) return edits;
  return { ...edits, merges: { ...edits.merges, [source]: target } };
}

/** Cuts the turn that contains `at` in two (both halves keep the speaker until one is reassigned). */
export function splitTurn(edits: SpeakerEdits, turn: Pick<SpeakerTurn, 'start' | 'end'>, at: number): SpeakerEdits {
  const point = ms(at);
  if (point <= ms(turn.start) || point >= ms(turn.end)) throw new RangeError(`A turn from ${turn.start.toFixed(2)} s to ${turn.end.toFixed(2)} s cannot be split at ${at.toFixed(2)} s.`);
  return { ...edits, splits: [...edits.splits.filter((s) => ms(s) !== point), point / 1000].sort((a, b) => a - b) };
}

/** Gives one turn (by its start) to another speaker. */
export function assignTurn(edits: SpeakerEdits, turn: Pick<SpeakerTurn, 'start'>, speaker: string): SpeakerEdits {
  return { ...edits, assignments: { ...edits.assignments, [String(ms(turn.start))]: speaker } };
}

/** The stored edits, or none when the record is missing or damaged (a damaged record never breaks the panel). */
export function readEdits(value: unknown): { edits: SpeakerEdits; damaged: boolean } {
  if (value === undefined) return { edits: NO_EDITS, damaged: false };
  const parsed = v.safeParse(SpeakerEditsSchema, value);
  return parsed.success ? { edits: parsed.output, damaged: false } : { edits: NO_EDITS, damaged: true };
}
