import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { blankPreset, defaultPresets } from '$lib/presets/default-presets';
import { createPreset, deletePreset, duplicatePreset, exportPresets, findPreset, importPresets, renamePreset } from '$lib/presets/preset-rules';
import type { Preset } from '$lib/presets/preset';

function value<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('preset names', () => {
  it('are case-sensitive: "Verse" and "verse" are two presets', () => {
    const presets = value(createPreset(value(createPreset([], 'Verse')), 'verse'));
    expect(presets.map((preset) => preset.name)).toEqual(['Verse', 'verse']);
    expect(findPreset(presets, 'VERSE')).toBeUndefined();
  });

  it('refuses an exact duplicate and an empty name', () => {
    const presets = [blankPreset('Verse')];
    expect(createPreset(presets, 'Verse')).toEqual({ ok: false, error: 'A preset named "Verse" already exists' });
    expect(createPreset(presets, '   ').ok).toBe(false);
  });
});

describe('renaming', () => {
  it('keeps the pads and knobs and retargets pads that switch to it', () => {
    const chorus = blankPreset('Chorus');
    const verse: Preset = { ...blankPreset('Verse'), pads: blankPreset('x').pads.map((pad, i) => (i === 15 ? { label: 'Go chorus', action: { type: 'preset', preset: 'Chorus' } } : pad)) };
    const renamed = value(renamePreset([verse, chorus], 'Chorus', 'Refrain'));
    expect(renamed.map((preset) => preset.name)).toEqual(['Verse', 'Refrain']);
    expect(renamed[0]!.pads[15]!.action).toEqual({ type: 'preset', preset: 'Refrain' });
    expect(renamed[1]!.knobs).toEqual(chorus.knobs);
  });

  it('to a name differing only in case is allowed', () => {
    expect(value(renamePreset([blankPreset('verse')], 'verse', 'Verse')).map((preset) => preset.name)).toEqual(['Verse']);
  });

  it('onto another existing name is refused', () => {
    expect(renamePreset(defaultPresets(), 'Default', 'Percussion').ok).toBe(false);
  });
});

describe('deleting', () => {
  it('names the preset its panels move to: the one before it, or the next for the first', () => {
    const presets = [blankPreset('A'), blankPreset('B'), blankPreset('C')];
    expect(value(deletePreset(presets, 'B')).replacement).toBe('A');
    expect(value(deletePreset(presets, 'A')).replacement).toBe('B');
  });

  it('never deletes the last preset', () => {
    expect(deletePreset([blankPreset('Only')], 'Only')).toEqual({ ok: false, error: 'The last preset cannot be deleted: panels always need one' });
  });

  it('retargets preset-switch pads to the replacement', () => {
    const a: Preset = { ...blankPreset('A'), pads: blankPreset('A').pads.map((pad, i) => (i === 0 ? { label: 'to B', action: { type: 'preset', preset: 'B' } } : pad)) };
    const { presets } = value(deletePreset([a, blankPreset('B')], 'B'));
    expect(presets[0]!.pads[0]!.action).toEqual({ type: 'preset', preset: 'A' });
  });
});

it('duplicates under a new name as an independent copy', () => {
  const presets = value(duplicatePreset([blankPreset('Kit')], 'Kit', 'Kit 2'));
  presets[1]!.pads[0]!.label = 'changed';
  expect(presets[0]!.pads[0]!.label).toBe('Kick');
});

describe('export and import', () => {
  it('round-trips, renaming clashes instead of overwriting', () => {
    const mine = defaultPresets();
    const result = value(importPresets(mine, exportPresets(mine)));
    expect(result.presets.map((preset) => preset.name)).toEqual(['Default', 'Percussion', 'Default (2)', 'Percussion (2)']);
    expect(result.renamed).toEqual([
      ['Default', 'Default (2)'],
      ['Percussion', 'Percussion (2)']
    ]);
  });

  it('refuses invalid JSON, foreign files and presets with unknown fields, saying where', () => {
    expect(importPresets([], '{nope')).toEqual({ ok: false, error: 'This file is not a preset export: it is not valid JSON' });
    expect(importPresets([], JSON.stringify({ hello: 1 })).ok).toBe(false);
    const tampered = JSON.parse(exportPresets([blankPreset('X')])) as { presets: Array<Record<string, unknown>> };
    tampered.presets[0]!['extra'] = true;
    const refused = importPresets([], JSON.stringify(tampered));
    expect(refused.ok).toBe(false);
    const unknownFx = exportPresets([blankPreset('X')]).replace('"reverb.mix"', '"reverb.bogus"');
    const second = importPresets([], unknownFx);
    expect(second.ok ? '' : second.error).toContain('presets.0.knobs.6.target');
  });

  it('never throws on arbitrary text and never changes the existing list', () => {
    const mine = defaultPresets();
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const result = importPresets(mine, text);
        if (result.ok) expect(result.value.presets.slice(0, 2)).toEqual(mine);
      })
    );
    expect(mine.map((preset) => preset.name)).toEqual(['Default', 'Percussion']);
  });
});
