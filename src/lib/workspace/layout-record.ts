import * as v from 'valibot';
import type { SerializedDockview } from 'dockview-core';
import type { PanelRegistry } from './panel-registry';

export const LAYOUT_FORMAT_VERSION = 1;

/**
 * Dockview's own serialisation is its business (loosely checked here, and
 * `fromJSON` is the final judge); the panels inside it are ours and are
 * checked strictly against their kind's schema.
 */
const SerializedPanelSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1)),
  contentComponent: v.string(),
  title: v.optional(v.string()),
  params: v.optional(v.unknown())
});

const SerializedDockviewSchema = v.looseObject({
  grid: v.looseObject({
    root: v.looseObject({ type: v.picklist(['branch', 'leaf']) }),
    width: v.number(),
    height: v.number(),
    orientation: v.string()
  }),
  panels: v.record(v.string(), SerializedPanelSchema)
});

export const LayoutRecordSchema = v.strictObject({
  formatVersion: v.literal(LAYOUT_FORMAT_VERSION),
  savedAt: v.number(),
  dockview: SerializedDockviewSchema
});
export type LayoutRecord = Omit<v.InferOutput<typeof LayoutRecordSchema>, 'dockview'> & {
  dockview: SerializedDockview;
};

export type LayoutCheck = { ok: true; layout: LayoutRecord } | { ok: false; problem: string };

/** Checks a saved layout: shape, every panel's kind, and every panel's params. */
export function checkLayoutRecord(candidate: unknown, registry: PanelRegistry): LayoutCheck {
  const parsed = v.safeParse(LayoutRecordSchema, candidate);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue?.path?.map((item) => String(item.key)).join('.') ?? 'layout';
    return { ok: false, problem: `the saved layout is malformed at "${where}": ${issue?.message ?? 'invalid'}` };
  }
  const panels = Object.values(parsed.output.dockview.panels);
  if (panels.length === 0) return { ok: false, problem: 'the saved layout has no panels' };
  for (const panel of panels) {
    const kind = registry.get(panel.contentComponent);
    if (!kind) return { ok: false, problem: `the saved layout has a panel of unknown type "${panel.contentComponent}"` };
    const params = v.safeParse(kind.paramsSchema, panel.params ?? {});
    if (!params.success) {
      return { ok: false, problem: `the saved "${panel.title ?? kind.title}" panel has invalid settings (${params.issues[0]?.message})` };
    }
  }
  return { ok: true, layout: parsed.output as unknown as LayoutRecord };
}

export function toLayoutRecord(dockview: SerializedDockview, savedAt: number): LayoutRecord {
  return { formatVersion: LAYOUT_FORMAT_VERSION, savedAt, dockview };
}
