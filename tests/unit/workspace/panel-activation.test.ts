import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { activationChanges, activePanelFor, type ActivatablePanel } from '$lib/workspace/panel-activation';

function apply(panels: ActivatablePanel[], changed: ActivatablePanel): ActivatablePanel[] {
  const off = new Set(activationChanges(panels, changed).map((change) => change.id));
  return panels.map((panel) => (panel.id === changed.id ? changed : off.has(panel.id) ? { ...panel, active: false } : panel));
}

describe('panel activation', () => {
  const pads = (bank: string, active: boolean, id: string): ActivatablePanel => ({ id, type: 'pad', bank, active });

  it('activating a pad panel deactivates the one active on the same bank', () => {
    const panels = [pads('A', true, 'p1'), pads('A', false, 'p2')];
    expect(apply(panels, pads('A', true, 'p2')).map((panel) => panel.active)).toEqual([false, true]);
  });

  it('lets pad A and pad B be active together, and a knob panel on A beside a pad panel on A', () => {
    const panels = [pads('A', true, 'p1'), pads('B', false, 'p2'), { id: 'k1', type: 'knob', bank: 'A', active: false }];
    const next = apply(apply(panels, pads('B', true, 'p2')), { id: 'k1', type: 'knob', bank: 'A', active: true });
    expect(next.map((panel) => panel.active)).toEqual([true, true, true]);
  });

  it('moving an active panel to another bank takes over that bank and frees the old one', () => {
    const panels = [pads('A', true, 'p1'), pads('B', true, 'p2')];
    const next = apply(panels, pads('B', true, 'p1'));
    expect(activePanelFor(next, 'pad', 'B')?.id).toBe('p1');
    expect(activePanelFor(next, 'pad', 'A')).toBeUndefined();
  });

  it('keeps at most one active panel per (type, bank) whatever the sequence of changes', () => {
    const change = fc.record({
      id: fc.constantFrom('p1', 'p2', 'p3', 'k1', 'k2'),
      bank: fc.constantFrom('A', 'B'),
      active: fc.boolean()
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        let panels: ActivatablePanel[] = ['p1', 'p2', 'p3', 'k1', 'k2'].map((id) => ({ id, type: id[0] === 'p' ? 'pad' : 'knob', bank: 'A', active: false }));
        for (const { id, bank, active } of changes) {
          const panel = panels.find((candidate) => candidate.id === id)!;
          panels = apply(panels, { ...panel, bank, active });
          for (const type of ['pad', 'knob']) {
            for (const b of ['A', 'B']) expect(panels.filter((p) => p.active && p.type === type && p.bank === b).length).toBeLessThanOrEqual(1);
          }
        }
      })
    );
  });
});
