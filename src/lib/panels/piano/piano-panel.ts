import * as v from 'valibot';
import { definePanelKind } from '$lib/workspace/panel-registry';
import { HIGHEST_OCTAVE, LOWEST_OCTAVE } from './piano-keyboard';
import PianoPanel from './PianoPanel.svelte';

export const PianoPanelParamsSchema = v.strictObject({
  /** Octave that the computer keyboard's "a" key plays C of. */
  octave: v.pipe(v.number(), v.integer(), v.minValue(LOWEST_OCTAVE), v.maxValue(HIGHEST_OCTAVE)),
  showFx: v.boolean()
});
export type PianoPanelParams = v.InferOutput<typeof PianoPanelParamsSchema>;

export const pianoPanelKind = definePanelKind({
  type: 'piano',
  title: 'Piano',
  component: PianoPanel,
  paramsSchema: PianoPanelParamsSchema,
  initialParams: (): PianoPanelParams => ({ octave: 4, showFx: true }),
  defaultSize: { width: 900, height: 300 },
  singleton: true,
  // Held notes and the level meter must survive switching tabs.
  alwaysRendered: true
});
