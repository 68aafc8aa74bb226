import { describe, expect, it } from 'vitest';
import { parseNote, readRegion } from '$workers/synth/instruments/sfz/sfz-opcodes';
import { buildRegions, type SfzRegion } from '$workers/synth/instruments/sfz/sfz-regions';
import { tokenizeSfz } from '$workers/synth/instruments/sfz/sfz-text';

function regionsOf(text: string, includes: Record<string, string> = {}): { regions: SfzRegion[]; warnings: string[] } {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const tokens = tokenizeSfz(text, 'test.sfz', { warn, readInclude: (path) => includes[path] });
  return { regions: buildRegions(tokens, 'test.sfz', warn), warnings };
}

function opcodes(region: SfzRegion | undefined): Record<string, string> {
  return Object.fromEntries(region?.opcodes ?? []);
}

describe('SFZ text', () => {
  it('reads a sample path with spaces up to the next opcode', () => {
    const { regions } = regionsOf('<region> sample=My Piano/C 4 soft.wav lokey=60 hikey=62');
    expect(opcodes(regions[0])).toEqual({ sample: 'My Piano/C 4 soft.wav', lokey: '60', hikey: '62' });
  });

  it('ends a value at a header on the same line and at the end of the line', () => {
    const { regions } = regionsOf('<region> sample=a b.wav <region> sample=c.wav\nlokey=1');
    expect(regions.map(opcodes)).toEqual([{ sample: 'a b.wav' }, { sample: 'c.wav', lokey: '1' }]);
  });

  it('drops line and block comments, even inside a line', () => {
    const text = '// header comment\n<region> /* a\nblock */ sample=x.wav // trailing\n<region>/*x*/sample=y.wav';
    expect(regionsOf(text).regions.map(opcodes)).toEqual([{ sample: 'x.wav' }, { sample: 'y.wav' }]);
  });

  it('substitutes #define variables', () => {
    const { regions } = regionsOf('#define $KEY 64\n#define $NAME soft\n<region> sample=$NAME.wav key=$KEY');
    expect(opcodes(regions[0])).toMatchObject({ sample: 'soft.wav', lokey: '64', hikey: '64', pitch_keycenter: '64' });
  });

  it('inlines #include files and warns about missing ones', () => {
    const { regions, warnings } = regionsOf('<group> lovel=10\n#include "regions.sfzh"\n#include "gone.sfzh"', { 'regions.sfzh': '<region> sample=a.wav' });
    expect(opcodes(regions[0])).toEqual({ lovel: '10', sample: 'a.wav' });
    expect(warnings).toEqual(["the included file 'gone.sfzh' is missing; it is skipped"]);
  });

  it('refuses an #include that includes itself', () => {
    expect(() => regionsOf('#include "self.sfz"', { 'self.sfz': '#include "self.sfz"' })).toThrow(/#include more than/);
  });

  it('refuses #define values that double without end', () => {
    const lines = ['#define $A xxxxxxxxxxxxxxxx'];
    for (let i = 0; i < 40; i++) lines.push(`#define $A $A$A`);
    expect(() => regionsOf(lines.join('\n'))).toThrow(/expand without end/);
  });

  it('warns about text it cannot read and goes on', () => {
    const { regions, warnings } = regionsOf('<region> sample=a.wav garbage <unclosed');
    expect(opcodes(regions[0])).toEqual({ sample: 'a.wav garbage' });
    expect(warnings).toEqual(["the header '<unclosed' isn't closed; the rest of its line is ignored"]);
    expect(regionsOf('<region> =x sample=a.wav').warnings).toEqual(["couldn't read '=x'; it is ignored"]);
  });
});

describe('SFZ header inheritance', () => {
  const text = `
    <control> default_path=samples/
    <global> volume=-6 ampeg_release=0.5
    <master> pan=-20
    <group> lovel=1 hivel=63
    <region> sample=soft.wav
    <region> sample=soft2.wav pan=10
    <group> lovel=64
    <region> sample=loud.wav
    <master>
    <region> sample=bare.wav
    <global>
    <region> sample=empty.wav
  `;
  const { regions } = regionsOf(text);

  it('gives each region the opcodes of the global, master and group above it', () => {
    expect(opcodes(regions[0])).toEqual({ volume: '-6', ampeg_release: '0.5', pan: '-20', lovel: '1', hivel: '63', sample: 'soft.wav' });
  });

  it("lets a region's own opcode override an inherited one", () => {
    expect(opcodes(regions[1]).pan).toBe('10');
  });

  it('starts a new group from the master, not from the previous group', () => {
    expect(opcodes(regions[2])).toEqual({ volume: '-6', ampeg_release: '0.5', pan: '-20', lovel: '64', sample: 'loud.wav' });
  });

  it('clears group opcodes at a new master and everything at a new global', () => {
    expect(opcodes(regions[3])).toEqual({ volume: '-6', ampeg_release: '0.5', sample: 'bare.wav' });
    expect(opcodes(regions[4])).toEqual({ sample: 'empty.wav' });
  });

  it('records the <control> default_path on each region', () => {
    expect(regions.map((r) => r.defaultPath)).toEqual(Array(5).fill('samples/'));
  });

  it('lets a later key= override an earlier lokey', () => {
    expect(opcodes(regionsOf('<group> lokey=10 <region> key=c4 sample=a.wav').regions[0])).toMatchObject({ lokey: 'c4', hikey: 'c4' });
  });
});

describe('SFZ note names', () => {
  it.each([
    ['c4', 60],
    ['C4', 60],
    ['c#4', 61],
    ['db4', 61],
    ['bb3', 58],
    ['b3', 59],
    ['a4', 69],
    ['c-1', 0],
    ['g9', 127],
    ['60', 60],
    [' 72 ', 72]
  ])('reads %s as %i', (name, note) => {
    expect(parseNote(name)).toBe(note);
  });

  it('rejects what is not a note', () => {
    expect(parseNote('h4')).toBeUndefined();
    expect(parseNote('c')).toBeUndefined();
  });

  it('applies <control> note_offset and octave_offset to keys', () => {
    const { regions } = regionsOf('<control> octave_offset=1 note_offset=-2 <region> sample=a.wav key=c4');
    const region = regions[0];
    if (!region) throw new Error('no region');
    const settings = readRegion(region, () => {});
    expect([settings.keyLow, settings.keyHigh, settings.rootKey]).toEqual([70, 70, 70]);
  });
});

describe('SFZ opcode values', () => {
  const settingsOf = (text: string) => {
    const warnings: string[] = [];
    const region = regionsOf(text).regions[0];
    if (!region) throw new Error('no region');
    return { settings: readRegion(region, (message) => warnings.push(message)), warnings };
  };

  it('converts volume, pan, tune, transpose, velocity tracking and the envelope', () => {
    const { settings } = settingsOf(
      '<region> sample=a.wav volume=-6 pan=-50 tune=-20 transpose=2 amp_veltrack=50 ampeg_delay=0.1 ampeg_attack=0.2 ampeg_hold=0.3 ampeg_decay=0.4 ampeg_sustain=25 ampeg_release=1.5 pitch_keytrack=0'
    );
    expect(settings.gain).toBeCloseTo(10 ** (-6 / 20), 6);
    expect(settings.pan).toBe(-0.5);
    expect(settings.tuneCents).toBe(180);
    expect(settings.velocityTrack).toBe(0.5);
    expect(settings.keyTrackCents).toBe(0);
    expect(settings.envelope).toEqual({ delay: 0.1, attack: 0.2, hold: 0.3, decay: 0.4, sustain: 0.25, release: 1.5 });
  });

  it('maps trigger=release and group/off_by', () => {
    const { settings } = settingsOf('<region> sample=a.wav trigger=release group=2 off_by=3');
    expect([settings.trigger, settings.group, settings.offBy]).toEqual(['release', 2, 3]);
  });

  it('ignores values that are not numbers, with a warning, and clamps the rest', () => {
    const { settings, warnings } = settingsOf('<region> sample=a.wav volume=loud pan=400 lokey=q9');
    expect([settings.gain, settings.pan, settings.keyLow]).toEqual([1, 1, 0]);
    expect(warnings.sort()).toEqual(["lokey=q9 isn't a MIDI note (0–127 or a name like c#4); it is ignored", "volume=loud isn't a number; it is ignored"]);
  });

  it('accepts the old loopmode/loopstart/loopend spellings', () => {
    const { settings } = settingsOf('<region> sample=a.wav loopmode=loop_continuous loopstart=10 loopend=20');
    expect([settings.loopMode, settings.loopStart, settings.loopEnd]).toEqual(['loop_continuous', 10, 20]);
  });

  it('reads pitch_keycenter=sample as "use the WAV unity note"', () => {
    expect(settingsOf('<region> sample=a.wav pitch_keycenter=sample').settings.rootKey).toBe('sample');
  });
});
