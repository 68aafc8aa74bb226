import type { PadAction } from '$lib/presets/preset';

/** A pad action in a few words, for the pad's corner (short) or the editor. */
export function describePadAction(action: PadAction, short = false): string {
  switch (action.type) {
    case 'note':
      return short ? String(action.note) : `Note ${action.note} on the ${action.part === 'pads' ? 'drum kit' : 'instrument'}`;
    case 'fx-toggle':
      return short ? 'FX ⇄' : `Toggle ${action.param}`;
    case 'fx-momentary':
      return short ? 'FX ⌁' : `Hold ${action.param}`;
    case 'preset':
      return short ? '→ preset' : `Switch to preset "${action.preset}"`;
    case 'bank':
      return short ? `→ ${action.bank === 'toggle' ? 'A/B' : action.bank}` : action.bank === 'toggle' ? 'Switch bank A ⇄ B' : `Switch to bank ${action.bank}`;
    case 'record':
      return short ? '● rec' : 'Start/stop recording';
    case 'none':
      return short ? '' : 'Nothing';
  }
}
