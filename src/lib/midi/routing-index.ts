import type { Preset } from '$lib/presets/preset';
import type { Bank } from './controller-profile';

/** The state of one controller panel that routing needs (read from its persisted params). */
export interface ControlPanelState {
  id: string;
  type: 'pad' | 'knob';
  bank: Bank;
  active: boolean;
  preset: string;
  /** Knob positions 0…1 (knob panels). */
  values?: readonly number[];
}

export interface PanelRoute {
  readonly panelId: string;
  readonly bank: Bank;
  readonly preset: Preset;
  /** Live knob positions: the router moves them, the panel shows them. */
  readonly positions: number[];
}

/** A panel's route with its preset resolved (a missing preset falls back, so pads never go dead). */
export function routeOf(panel: ControlPanelState, presetNamed: (name: string) => Preset | undefined, fallbackPreset: () => Preset): PanelRoute {
  return { panelId: panel.id, bank: panel.bank, preset: presetNamed(panel.preset) ?? fallbackPreset(), positions: [...(panel.values ?? [])] };
}

/**
 * Which panel receives MIDI for each (type, bank), with its preset resolved:
 * a derived index the workspace rebuilds, in the same step, after every
 * change to panels or presets, so routing a message is two property reads.
 */
export class RoutingIndex {
  pad: Partial<Record<Bank, PanelRoute>> = {};
  knob: Partial<Record<Bank, PanelRoute>> = {};
  /** The bank the controller is on now (last pad bank hit or switched to): knob panels may follow it. */
  currentPadBank: Bank = 'A';

  rebuild(panels: readonly ControlPanelState[], presetNamed: (name: string) => Preset | undefined, fallbackPreset: () => Preset): void {
    const pad: Partial<Record<Bank, PanelRoute>> = {};
    const knob: Partial<Record<Bank, PanelRoute>> = {};
    for (const panel of panels) {
      if (!panel.active) continue;
      const table = panel.type === 'pad' ? pad : knob;
      // The activation rule guarantees one per (type, bank); should a bad layout hold two, the first wins.
      if (table[panel.bank]) continue;
      table[panel.bank] = routeOf(panel, presetNamed, fallbackPreset);
    }
    this.pad = pad;
    this.knob = knob;
  }
}
