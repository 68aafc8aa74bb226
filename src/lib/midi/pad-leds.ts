import type { ControllerProfile } from './controller-profile';
import type { RoutingIndex } from './routing-index';

/**
 * Pad LEDs on controllers with an output port: pads of an active panel glow
 * dimly, a hit pad lights fully, everything else is dark. Most pad
 * controllers take the LED state as a note-on whose velocity is the
 * brightness (or colour) on the channel the pads send on.
 */
export const LED_DIM = 16;
export const LED_FULL = 127;
export const LED_OFF = 0;

/** The brightness every note's LED should have now (index = note). */
export function desiredLeds(profile: ControllerProfile, routing: RoutingIndex, lit: Readonly<Record<string, Readonly<Record<number, number>>>>): Uint8Array {
  const leds = new Uint8Array(128);
  for (const bank of ['A', 'B'] as const) {
    const route = routing.pad[bank];
    if (!route) continue;
    profile.pads[bank].forEach((note, slot) => {
      if (note === null) return;
      leds[note] = (lit[route.panelId]?.[slot] ?? 0) > 0 ? LED_FULL : LED_DIM;
    });
  }
  return leds;
}

/** The MIDI messages that turn the LEDs from `shown` to `wanted` (only the changes), updating `shown`. */
export function ledMessages(shown: Uint8Array, wanted: Uint8Array, channel: number): number[][] {
  const messages: number[][] = [];
  for (let note = 0; note < 128; note++) {
    if (shown[note] === wanted[note]) continue;
    shown[note] = wanted[note]!;
    messages.push(wanted[note] === LED_OFF ? [0x80 | channel, note, 0] : [0x90 | channel, note, wanted[note]!]);
  }
  return messages;
}
