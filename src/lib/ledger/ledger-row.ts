import * as v from 'valibot';

/**
 * The contract between the MIDI router (which makes verdicts) and the action
 * ledger (which records them). The router imports these types; the schemas
 * validate rows read back from IndexedDB, which may be stale or corrupted.
 */

export type ActionKind = 'note' | 'piano-note' | 'fx-toggle' | 'fx-momentary' | 'knob' | 'preset' | 'bank' | 'record' | 'sustain' | 'pitch-bend' | 'learn';

export type Verdict =
  | { kind: 'fired'; action: { kind: ActionKind; detail: string } }
  | { kind: 'ignored'; reason: 'inactive-panel' | 'unmapped' | 'filtered' }
  | { kind: 'rejected'; reason: 'flood-limit' };

/** What the router hands over, synchronously, after sending the synth command. */
export interface LedgerInput {
  /** performance.now() ms when the verdict was made. */
  at: number;
  /** The MIDI event's timestamp (ms, same clock as `at`). */
  midiTimestamp: number;
  /** Input port name. */
  device: string;
  status: number;
  data1: number;
  data2: number;
  panel?: { type: 'pad' | 'knob'; bank: 'A' | 'B'; slot: number; panelId: string };
  verdict: Verdict;
}

/** A tier-2 opinion about a row, backfilled after the verdict. */
export interface Score {
  /** Which scorer produced it (e.g. 'groove'). */
  scorer: string;
  /** 0 = very wrong, 1 = fine. */
  value: number;
  /** Short machine-readable label: 'on-grid', 'late', 'flam', 'double-trigger'... */
  label: string;
  detail?: string;
  /** performance.now() ms when the score was produced. */
  at: number;
}

export interface LedgerRow extends LedgerInput {
  /** Monotonically sortable as a string, unique across reloads (see row-id.ts). */
  id: string;
  score?: Score;
  /** Why the score disagrees with the verdict; the verdict itself never changes. */
  review?: string;
}

export const ActionKindSchema = v.picklist([
  'note',
  'piano-note',
  'fx-toggle',
  'fx-momentary',
  'knob',
  'preset',
  'bank',
  'record',
  'sustain',
  'pitch-bend',
  'learn',
] as const);

export const VerdictSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('fired'),
    action: v.strictObject({ kind: ActionKindSchema, detail: v.string() }),
  }),
  v.strictObject({
    kind: v.literal('ignored'),
    reason: v.picklist(['inactive-panel', 'unmapped', 'filtered'] as const),
  }),
  v.strictObject({ kind: v.literal('rejected'), reason: v.literal('flood-limit') }),
]);

const midiByte = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(255));
const finiteNumber = v.pipe(v.number(), v.finite());

export const PanelRefSchema = v.strictObject({
  type: v.picklist(['pad', 'knob'] as const),
  bank: v.picklist(['A', 'B'] as const),
  slot: v.pipe(v.number(), v.integer(), v.minValue(0)),
  panelId: v.string(),
});

export const ScoreSchema = v.strictObject({
  scorer: v.pipe(v.string(), v.minLength(1)),
  value: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  label: v.string(),
  detail: v.optional(v.string()),
  at: finiteNumber,
});

export const LedgerRowSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1)),
  at: finiteNumber,
  midiTimestamp: finiteNumber,
  device: v.string(),
  status: midiByte,
  data1: midiByte,
  data2: midiByte,
  panel: v.optional(PanelRefSchema),
  verdict: VerdictSchema,
  score: v.optional(ScoreSchema),
  review: v.optional(v.string()),
});

/** Compile-time check that the schema and the interface describe the same row. */
type SchemaRow = v.InferOutput<typeof LedgerRowSchema>;
export type LedgerRowSchemaMatches = [SchemaRow] extends [LedgerRow]
  ? [LedgerRow] extends [SchemaRow]
    ? true
    : never
  : never;
const schemaMatches: LedgerRowSchemaMatches = true;
void schemaMatches;

/** Reads one stored value back; a malformed row is `undefined`, never a throw. */
export function parseLedgerRow(value: unknown): LedgerRow | undefined {
  const result = v.safeParse(LedgerRowSchema, value);
  return result.success ? result.output : undefined;
}
