import * as v from 'valibot';
import { blankPreset } from './default-presets';
import { PresetNameSchema, PresetSchema, type Preset } from './preset';

/**
 * The rules of the preset list, as pure functions over an array: names are
 * unique and case-sensitive, there is always at least one preset, renaming
 * and deleting say which panels must follow. Errors are values with a
 * sentence the musician can read.
 */
export type PresetResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): PresetResult<T> => ({ ok: true, value });
const fail = <T>(error: string): PresetResult<T> => ({ ok: false, error });

function checkNewName(presets: readonly Preset[], name: string): string | undefined {
  const parsed = v.safeParse(PresetNameSchema, name);
  if (!parsed.success) return parsed.issues[0].message;
  // Exact comparison: "Verse" and "verse" are different presets.
  if (presets.some((preset) => preset.name === name)) return `A preset named "${name}" already exists`;
  return undefined;
}

export function findPreset(presets: readonly Preset[], name: string): Preset | undefined {
  return presets.find((preset) => preset.name === name);
}

export function createPreset(presets: readonly Preset[], name: string): PresetResult<Preset[]> {
  const problem = checkNewName(presets, name);
  return problem ? fail(problem) : ok([...presets, blankPreset(name)]);
}

export function duplicatePreset(presets: readonly Preset[], from: string, to: string): PresetResult<Preset[]> {
  const source = findPreset(presets, from);
  if (!source) return fail(`There is no preset named "${from}"`);
  const problem = checkNewName(presets, to);
  return problem ? fail(problem) : ok([...presets, { ...structuredClone(source), name: to }]);
}

/** Renames in place; pad actions that switch to the old name now switch to the new one. */
export function renamePreset(presets: readonly Preset[], from: string, to: string): PresetResult<Preset[]> {
  if (!findPreset(presets, from)) return fail(`There is no preset named "${from}"`);
  if (from === to) return ok([...presets]);
  const problem = checkNewName(presets, to);
  if (problem) return fail(problem);
  return ok(presets.map((preset) => retarget({ ...preset, name: preset.name === from ? to : preset.name }, from, to)));
}

export interface Deletion {
  presets: Preset[];
  /** Where panels (and preset-switch pads) that used the deleted preset go now. */
  replacement: string;
}

/** Deletes a preset; its panels move to the preset before it in the list (or the next). The last preset stays. */
export function deletePreset(presets: readonly Preset[], name: string): PresetResult<Deletion> {
  const index = presets.findIndex((preset) => preset.name === name);
  if (index < 0) return fail(`There is no preset named "${name}"`);
  if (presets.length === 1) return fail('The last preset cannot be deleted: panels always need one');
  const replacement = presets[index > 0 ? index - 1 : 1]!.name;
  const remaining = presets.filter((_, i) => i !== index).map((preset) => retarget(preset, name, replacement));
  return ok({ presets: remaining, replacement });
}

function retarget(preset: Preset, from: string, to: string): Preset {
  if (!preset.pads.some((pad) => pad.action.type === 'preset' && pad.action.preset === from)) return preset;
  return {
    ...preset,
    pads: preset.pads.map((pad) => (pad.action.type === 'preset' && pad.action.preset === from ? { ...pad, action: { ...pad.action, preset: to } } : pad))
  };
}

const EXPORT_FORMAT = 'bandroom-presets';
const ExportSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(1),
  presets: v.pipe(v.array(PresetSchema), v.minLength(1), v.maxLength(500))
});

export function exportPresets(presets: readonly Preset[]): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: 1, presets }, null, 2);
}

export interface Import {
  presets: Preset[];
  /** Imported names that clashed and were renamed, as [original, stored as]. */
  renamed: Array<[string, string]>;
  added: string[];
}

/** Validates an exported file and adds its presets; clashing names get " (2)", " (3)"… instead of overwriting. */
export function importPresets(presets: readonly Preset[], text: string): PresetResult<Import> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('This file is not a preset export: it is not valid JSON');
  }
  const parsed = v.safeParse(ExportSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    return fail(`This file is not a valid preset export${path ? ` (at ${path})` : ''}: ${issue.message}`);
  }
  const next = [...presets];
  const renamed: Array<[string, string]> = [];
  const added: string[] = [];
  for (const preset of parsed.output.presets) {
    const name = freeName(next, preset.name);
    if (name !== preset.name) renamed.push([preset.name, name]);
    next.push({ ...preset, name });
    added.push(name);
  }
  return ok({ presets: next, renamed, added });
}

/** `base`, or `base (2)`, `base (3)`… whichever is free (exact, case-sensitive match). */
export function freeName(presets: readonly Preset[], base: string): string {
  if (!findPreset(presets, base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 58)} (${n})`;
    if (!findPreset(presets, candidate)) return candidate;
  }
}
