import { describe, expect, it } from 'vitest';
import { audibleStems, toggled, type PlaybackStem } from '$lib/playback/stem-mix';

const stems: PlaybackStem[] = [
  { id: 'drums', label: 'Drums', inMix: true },
  { id: 'bass', label: 'Bass', inMix: true },
  { id: 'other', label: 'Other', inMix: true },
  { id: 'centre', label: 'Centre', inMix: false }
];
const none = new Set<string>();

describe('stem mix', () => {
  it('plays the stems that add up to the recording when nothing is muted or soloed', () => {
    expect(audibleStems(stems, { muted: none, soloed: none })).toEqual(['drums', 'bass', 'other']);
  });

  it('drops muted stems', () => {
    expect(audibleStems(stems, { muted: new Set(['bass']), soloed: none })).toEqual(['drums', 'other']);
  });

  it('plays only soloed stems once any is soloed, including one outside the default mix', () => {
    expect(audibleStems(stems, { muted: none, soloed: new Set(['bass']) })).toEqual(['bass']);
    expect(audibleStems(stems, { muted: none, soloed: new Set(['centre', 'drums']) })).toEqual(['drums', 'centre']);
  });

  it('lets mute win over solo', () => {
    expect(audibleStems(stems, { muted: new Set(['bass']), soloed: new Set(['bass', 'drums']) })).toEqual(['drums']);
    expect(audibleStems(stems, { muted: new Set(['bass']), soloed: new Set(['bass']) })).toEqual([]);
  });

  it('toggles into a new set without touching the old one', () => {
    const before = new Set(['bass']);
    const after = toggled(before, 'drums');
    expect([...after]).toEqual(['bass', 'drums']);
    expect([...toggled(after, 'bass')]).toEqual(['drums']);
    expect([...before]).toEqual(['bass']);
  });
});
