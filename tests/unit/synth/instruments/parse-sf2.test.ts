import { describe, expect, it } from 'vitest';
import { parseInstrumentBank } from '$workers/shared/instrument-schema';
import { InstrumentLoadError, type Preset, type Zone } from '$workers/synth/instruments/instrument-model';
import { parseSf2 } from '$workers/synth/instruments/sf2/parse-sf2';
import { pianoSineSf2, pianoSineSpec, SINE_FRAMES } from '../../../fixtures/instrument-fixtures.js';
import { GEN, sineFrames, writeSf2 } from '../../../fixtures/sf2-writer.js';
import { findId, presetBagField, sampleHeaderField, setU16, setU32 } from './sf2-test-bytes';

function preset(presets: Preset[], name: string): Preset {
  const found = presets.find((p) => p.name === name);
  if (!found) throw new Error(`no preset ${name}`);
  return found;
}

function zoneAt(presetValue: Preset, key: number, velocity = 100): Zone {
  const zone = presetValue.zones.find((z) => z.keyLow <= key && key <= z.keyHigh && z.velocityLow <= velocity && velocity <= z.velocityHigh);
  if (!zone) throw new Error(`no zone for key ${key}`);
  return zone;
}

function loadError(run: () => unknown): InstrumentLoadError {
  try {
    run();
  } catch (error) {
    if (error instanceof InstrumentLoadError) return error;
    throw error;
  }
  throw new Error('expected an InstrumentLoadError');
}

describe('parseSf2 on a generated two-preset bank', () => {
  const { bank, warnings } = parseSf2(pianoSineSf2(), 'piano-sine.sf2');
  const piano = preset(bank.presets, 'Sine Piano');
  const kit = preset(bank.presets, 'Click Kit');

  it('reads the bank name and both presets with their bank and program, melodic first', () => {
    expect(bank.kind).toBe('sf2');
    expect(bank.name).toBe('Piano Sine');
    expect(bank.presets.map((p) => [p.name, p.bank, p.program])).toEqual([
      ['Sine Piano', 0, 0],
      ['Click Kit', 128, 0]
    ]);
    expect(warnings).toEqual([]);
  });

  it('produces a bank the synth producer accepts', () => {
    expect(() => parseInstrumentBank(bank)).not.toThrow();
  });

  it('intersects the preset key range with each instrument zone', () => {
    expect(piano.zones.map((z) => [z.keyLow, z.keyHigh])).toEqual([
      [48, 59],
      [60, 96]
    ]);
  });

  it('keeps the instrument velocity range', () => {
    expect([zoneAt(piano, 70).velocityLow, zoneAt(piano, 70).velocityHigh]).toEqual([0, 100]);
    expect(() => zoneAt(piano, 70, 110)).toThrow();
  });

  it("uses the sample's original pitch as root key unless overridingRootKey is set", () => {
    expect(zoneAt(piano, 50).rootKey).toBe(69);
    expect(zoneAt(piano, 70).rootKey).toBe(72);
  });

  it('adds coarse and fine tune, the preset fine tune and the sample pitch correction', () => {
    expect(zoneAt(piano, 50).tuneCents).toBe(5 - 3);
    expect(zoneAt(piano, 70).tuneCents).toBe(200 - 10 + 5 - 3);
  });

  it('maps scaleTuning to key tracking, 0 for the drum zone', () => {
    expect(zoneAt(piano, 50).keyTrackCents).toBe(100);
    expect(zoneAt(kit, 36).keyTrackCents).toBe(0);
  });

  it('maps sample modes to loop modes and keeps the sample loop', () => {
    const low = zoneAt(piano, 50);
    expect(low.loopMode).toBe('loop_continuous');
    expect(low.sample.loop).toEqual({ start: 1000, end: 3000 });
    expect(low.loop).toBeUndefined();
    expect(zoneAt(kit, 36).loopMode).toBe('no_loop');
  });

  it('applies loop offsets as a zone loop that overrides the sample loop', () => {
    const high = zoneAt(piano, 70);
    expect(high.loopMode).toBe('loop_sustain');
    expect(high.loop).toEqual({ start: 1010, end: 2990 });
  });

  it('converts the volume envelope from timecents and centibels', () => {
    const high = zoneAt(piano, 70).envelope;
    expect(high.attack).toBeCloseTo(0.5, 6);
    expect(high.decay).toBeCloseTo(2, 6);
    expect(high.sustain).toBeCloseTo(0.1, 6);
    expect(high.release).toBeCloseTo(1, 6); // from the instrument's global zone
    expect(high.delay).toBeCloseTo(2 ** -10, 6); // the -12000 default
    expect(zoneAt(piano, 50).envelope.sustain).toBe(1);
  });

  it('turns attenuation into gain, with a local zone overriding the global one', () => {
    expect(zoneAt(piano, 50).gain).toBeCloseTo(10 ** (-60 / 200), 6);
    expect(zoneAt(piano, 70).gain).toBe(1);
  });

  it('adds the preset pan to the instrument pan and scales it to -1…1', () => {
    expect(zoneAt(piano, 50).pan).toBeCloseTo(-0.3, 6);
    expect(zoneAt(piano, 70).pan).toBeCloseTo(0.2, 6);
  });

  it('maps exclusiveClass to group and offBy', () => {
    const click = zoneAt(kit, 37);
    expect([click.group, click.offBy]).toEqual([1, 1]);
    expect(zoneAt(piano, 50).group).toBeUndefined();
  });

  it('copies each sample once into its own Float32Array at its own rate', () => {
    const low = zoneAt(piano, 50).sample;
    expect(zoneAt(piano, 70).sample).toBe(low);
    expect(low.data).toBeInstanceOf(Float32Array);
    expect(low.data.length).toBe(SINE_FRAMES);
    expect(low.data[25]).toBeCloseTo(0.5, 3); // a quarter of a 100-frame cycle
    expect(low.sampleRate).toBe(44100);
    expect(zoneAt(kit, 36).sample.sampleRate).toBe(22050);
  });

  it('fills the rest of the zone with model defaults', () => {
    const low = zoneAt(piano, 50);
    expect(low.trigger).toBe('attack');
    expect(low.velocityTrack).toBe(1);
    expect(low.offset).toBe(0);
    expect(low.end).toBeUndefined();
  });
});

describe('parseSf2 generator details', () => {
  const oneZone = (generators: Array<[number, number]>, sampleLoop = { start: 100, end: 300 }) =>
    writeSf2({
      name: 'One',
      samples: [{ name: 's', data: sineFrames(1000, 50), sampleRate: 48000, originalPitch: 60, loop: sampleLoop }],
      instruments: [{ name: 'i', zones: [{ generators, sample: 0 }] }],
      presets: [{ name: 'p', program: 3, zones: [{ instrument: 0 }] }]
    });

  it('applies start and end address offsets, coarse included', () => {
    const { bank } = parseSf2(oneZone([[GEN.startAddrsOffset, 20], [GEN.endAddrsOffset, -100]]));
    const zone = bank.presets[0]?.zones[0];
    expect([zone?.offset, zone?.end]).toEqual([20, 900]);
  });

  it('clamps a coarse start offset past the sample end and says so', () => {
    const { bank, warnings } = parseSf2(oneZone([[GEN.startAddrsCoarseOffset, 1]]));
    expect(bank.presets[0]?.zones[0]?.offset).toBe(999);
    expect(warnings.join(' ')).toMatch(/start offset reaches outside the sample/);
  });

  it('clamps a loop that runs past the sample and records a warning', () => {
    const { bank, warnings } = parseSf2(oneZone([[GEN.sampleModes, 1]], { start: 500, end: 5000 }));
    const zone = bank.presets[0]?.zones[0];
    expect(zone?.loop).toEqual({ start: 500, end: 1000 });
    expect(zone?.sample.loop).toBeUndefined();
    expect(warnings.join(' ')).toMatch(/loop points outside the sample; they are clamped/);
  });

  it('drops an empty loop and plays the zone without looping', () => {
    const { bank, warnings } = parseSf2(oneZone([[GEN.sampleModes, 3]], { start: 400, end: 400 }));
    expect(bank.presets[0]?.zones[0]?.loopMode).toBe('no_loop');
    expect(warnings.join(' ')).toMatch(/no usable loop/);
  });

  it('ignores generators a preset zone may not set, such as sampleModes', () => {
    const bytes = writeSf2({
      name: 'P',
      samples: [{ name: 's', data: sineFrames(1000, 50), sampleRate: 48000, loop: { start: 10, end: 900 } }],
      instruments: [{ name: 'i', zones: [{ sample: 0 }] }],
      presets: [{ name: 'p', program: 0, zones: [{ generators: [[GEN.sampleModes, 1], [GEN.overridingRootKey, 10]], instrument: 0 }] }]
    });
    const zone = parseSf2(bytes).bank.presets[0]?.zones[0];
    expect([zone?.loopMode, zone?.rootKey]).toEqual(['no_loop', 60]);
  });

  it('applies a preset global zone to every preset zone', () => {
    const bytes = writeSf2({
      name: 'G',
      samples: [{ name: 's', data: sineFrames(1000, 50), sampleRate: 48000 }],
      instruments: [{ name: 'i', zones: [{ generators: [[GEN.coarseTune, 1]], sample: 0 }] }],
      presets: [{ name: 'p', program: 0, global: { generators: [[GEN.coarseTune, 12]] }, zones: [{ keyRange: [0, 59], instrument: 0 }, { keyRange: [60, 127], generators: [[GEN.coarseTune, -12]], instrument: 0 }] }]
    });
    expect(parseSf2(bytes).bank.presets[0]?.zones.map((z) => z.tuneCents)).toEqual([1300, -1100]);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', () => {
    const bytes = pianoSineSf2();
    const buffer = new ArrayBuffer(bytes.length);
    new Uint8Array(buffer).set(bytes);
    expect(parseSf2(buffer).bank.presets).toHaveLength(2);
  });
});

describe('parseSf2 on damaged or hostile files', () => {
  it('skips a zone whose sample is empty and keeps the rest of the bank', () => {
    const spec = pianoSineSpec();
    const click = spec.samples[1];
    if (click) click.data = new Int16Array(0);
    const { bank, warnings } = parseSf2(writeSf2(spec));
    expect(bank.presets.map((p) => p.name)).toEqual(['Sine Piano']);
    expect(warnings.join(' ')).toMatch(/sample 'click' is empty/);
  });

  it('skips a zone whose sample header points outside the sample data', () => {
    const bytes = pianoSineSf2();
    setU32(bytes, sampleHeaderField(bytes, 1, 24), 0x7fffffff);
    const { bank, warnings } = parseSf2(bytes);
    expect(bank.presets.map((p) => p.name)).toEqual(['Sine Piano']);
    expect(warnings.join(' ')).toMatch(/points outside the sample data/);
  });

  it('fails with a readable error when no zone is playable', () => {
    const bytes = pianoSineSf2();
    setU32(bytes, sampleHeaderField(bytes, 0, 24), 0);
    setU32(bytes, sampleHeaderField(bytes, 1, 24), 0);
    expect(loadError(() => parseSf2(bytes, 'bad.sf2')).message).toMatch(/^bad\.sf2: has no playable presets \(.*is empty/);
  });

  it('fails on a file that is cut short', () => {
    const bytes = pianoSineSf2();
    expect(loadError(() => parseSf2(bytes.slice(0, bytes.length - 200), 'cut.sf2')).problem).toMatch(/may be truncated/);
  });

  it('fails on a chunk that claims more bytes than the file holds', () => {
    const bytes = pianoSineSf2();
    setU32(bytes, findId(bytes, 'smpl') + 4, 0xfffffff0);
    expect(loadError(() => parseSf2(bytes)).problem).toMatch(/'smpl' chunk that claims 4294967280 bytes/);
  });

  it('fails on a bank without presets', () => {
    const spec = pianoSineSpec();
    spec.presets = [];
    expect(loadError(() => parseSf2(writeSf2(spec))).problem).toBe('contains no presets');
  });

  it('names what the file is when it is not a SoundFont', () => {
    expect(loadError(() => parseSf2(new TextEncoder().encode('hello'), 'notes.txt')).message).toBe(
      "notes.txt: isn't a SoundFont 2 file: it doesn't start with a RIFF header"
    );
    expect(loadError(() => parseSf2(new Uint8Array(0))).problem).toMatch(/RIFF header/);
  });

  it('skips a preset whose zone indices point past the zone table', () => {
    const bytes = pianoSineSf2();
    setU16(bytes, presetBagField(bytes, 0), 60000);
    const { bank, warnings } = parseSf2(bytes);
    expect(bank.presets.map((p) => p.name)).toEqual(['Click Kit']);
    expect(warnings.join(' ')).toMatch(/preset 'Sine Piano' has zone indices outside the zone table/);
  });

  it('warns about a preset zone linking a missing instrument', () => {
    const spec = pianoSineSpec();
    spec.presets.push({ name: 'Ghost', program: 5, zones: [{ instrument: 9 }] });
    const { warnings } = parseSf2(writeSf2(spec));
    expect(warnings.join(' ')).toMatch(/refers to instrument #9, which doesn't exist/);
  });

  it('refuses a structure that multiplies into an absurd number of zones', () => {
    const zones = Array.from({ length: 400 }, () => ({ sample: 0 }));
    const presets = Array.from({ length: 400 }, (_, i) => ({ name: `p${i}`, program: i % 128, bank: Math.floor(i / 128), zones: [{ instrument: 0 }] }));
    const bytes = writeSf2({ name: 'Bomb', samples: [{ name: 's', data: sineFrames(100, 10), sampleRate: 44100 }], instruments: [{ name: 'i', zones }], presets });
    expect(loadError(() => parseSf2(bytes)).problem).toMatch(/more than 100000 zones/);
  });

  it('refuses, quickly, preset headers whose zone ranges overlap over and over', () => {
    // Preset 0 has 3000 zones; every other preset header is rewritten to start at zone 0 as well.
    const presetCount = 4000;
    const bytes = writeSf2({
      name: 'Tangle',
      samples: [{ name: 's', data: sineFrames(100, 10), sampleRate: 44100 }],
      instruments: [{ name: 'i', zones: [{ keyRange: [127, 127], sample: 0 }] }],
      presets: [
        { name: 'p0', program: 0, zones: Array.from({ length: 3000 }, () => ({ keyRange: [0, 0] as [number, number], instrument: 0 })) },
        ...Array.from({ length: presetCount }, (_, i) => ({ name: `p${i + 1}`, program: (i + 1) % 128, bank: Math.floor((i + 1) / 128), zones: [] }))
      ]
    });
    for (let i = 0; i <= presetCount; i += 2) setU16(bytes, presetBagField(bytes, i), 0);
    const started = performance.now();
    expect(loadError(() => parseSf2(bytes)).problem).toMatch(/too tangled to load/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('skips compressed SF3 samples with a hint to convert', () => {
    const spec = pianoSineSpec();
    const click = spec.samples[1];
    if (click) click.sampleType = 0x11;
    const { warnings } = parseSf2(writeSf2(spec));
    expect(warnings.join(' ')).toMatch(/compressed \(SF3\).*Convert the bank to SF2/);
  });
});
