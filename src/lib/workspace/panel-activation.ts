/**
 * The activation rule for controller panels: at most one active panel per
 * (type, bank). Activating a panel, or moving an active panel to another
 * bank, deactivates whichever panel held that (type, bank) before. Pure: the
 * workspace applies the changes it returns, all in one step.
 */
export interface ActivatablePanel {
  id: string;
  type: string;
  bank: string;
  active: boolean;
}

/** Panels whose `active` flag must change when `changed` takes its new state. */
export function activationChanges(panels: readonly ActivatablePanel[], changed: ActivatablePanel): Array<{ id: string; active: boolean }> {
  if (!changed.active) return [];
  return panels
    .filter((panel) => panel.id !== changed.id && panel.active && panel.type === changed.type && panel.bank === changed.bank)
    .map((panel) => ({ id: panel.id, active: false }));
}

/** The panel that receives MIDI for (type, bank), if any. */
export function activePanelFor(panels: readonly ActivatablePanel[], type: string, bank: string): ActivatablePanel | undefined {
  return panels.find((panel) => panel.active && panel.type === type && panel.bank === bank);
}
