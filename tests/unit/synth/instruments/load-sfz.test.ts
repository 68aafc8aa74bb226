import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseInstrumentBank } from '$workers/shared/instrument-schema';
import { InstrumentLoadError, type Zone } from '$workers/synth/instruments/instrument-model';
import type { InstrumentLoadResult } from '$workers/synth/instruments/load-result';
import { loadSfzZip, unzipInstrumentFolder } from '$workers/synth/instruments/sfz/instrument-zip';
import { loadSfz } from '$workers/synth/instruments/sfz/load-sfz';
import { SINE_FRAMES, sineSfzFolder } from '../../../fixtures/instrument-fixtures.js';
import { sineChannel, writeWav } from '../../../fixtures/wav-writer.js';

const wav = (frames = 1000) => writeWav({ channels: [sineChannel(frames, 100)], sampleRate: 44100 });

function folder(sfz: string, files: Record<string, Uint8Array> = {}): Map<string, Uint8Array> {
  return new Map([['inst/piano.sfz', new TextEncoder().encode(sfz)], ...Object.entries(files)]);
}

function zones(result: InstrumentLoadResult): Zone[] {
  return result.bank.presets[0]?.zones ?? [];
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

describe('loadSfz', () => {
  it('loads the fixture folder: default_path, a path with a space, note-name key, WAV loop and unity note', () => {
    const result = loadSfz(sineSfzFolder(), 'sine.sfz');
    expect(result.warnings).toEqual([]);
    expect(result.bank).toMatchObject({ kind: 'sfz', name: 'sine', presets: [{ name: 'sine', bank: 0, program: 0 }] });
    const [zone] = zones(result);
    expect(zone).toMatchObject({ keyLow: 69, keyHigh: 69, rootKey: 69, loopMode: 'loop_sustain', trigger: 'attack' });
    expect(zone?.sample).toMatchObject({ name: 'sine a4.wav', sampleRate: 44100, loop: { start: 1000, end: 3000 } });
    expect(zone?.sample.data).toHaveLength(SINE_FRAMES);
    expect(zone?.sample.data[25]).toBeCloseTo(0.5, 3);
    expect(zone?.envelope.release).toBe(0.3);
    expect(() => parseInstrumentBank(result.bank)).not.toThrow();
  });

  it('resolves samples relative to the .sfz, normalising backslashes and ..', () => {
    const result = loadSfz(folder('<region> sample=..\\shared\\a.wav', { 'shared/a.wav': wav() }), 'inst/piano.sfz');
    expect(zones(result)).toHaveLength(1);
  });

  it('finds a sample whose case differs, as libraries made on Windows expect', () => {
    expect(zones(loadSfz(folder('<region> sample=Samples/A.WAV', { 'inst/samples/a.wav': wav() }), 'inst/piano.sfz'))).toHaveLength(1);
  });

  it.each(['../../etc/passwd', '/abs.wav', 'C:\\x.wav', 'sub/../../../x.wav', 'smb:server/x.wav', '\\\\server\\share\\x.wav'])(
    'refuses the path %s, naming it',
    (path) => {
      const error = loadError(() => loadSfz(folder(`<region> sample=${path}`, { 'inst/x.wav': wav() }), 'inst/piano.sfz'));
      expect(error.fileName).toBe('inst/piano.sfz');
      expect(error.problem).toContain(`'${path}'`);
      expect(error.problem).toMatch(/only use files inside its own folder/);
    }
  );

  it('refuses sub/../../x.wav from an .sfz at the folder root', () => {
    const files = new Map([['piano.sfz', new TextEncoder().encode('<region> sample=sub/../../x.wav')]]);
    expect(loadError(() => loadSfz(files, 'piano.sfz')).problem).toMatch(/'sub\/..\/..\/x.wav', which points outside the instrument folder/);
  });

  it('refuses a default_path that climbs out of the folder', () => {
    const sfz = '<control> default_path=../../\n<region> sample=x.wav';
    expect(loadError(() => loadSfz(folder(sfz), 'inst/piano.sfz')).problem).toMatch(/'..\/..\/x.wav', which points outside/);
  });

  it('skips a region whose sample is missing, with a warning', () => {
    const result = loadSfz(folder('<region> sample=a.wav key=60\n<region> sample=gone.wav key=61', { 'inst/a.wav': wav() }), 'inst/piano.sfz');
    expect(zones(result).map((z) => z.keyLow)).toEqual([60]);
    expect(result.warnings).toEqual(["inst/piano.sfz: the sample 'gone.wav' is missing from the folder; its regions are skipped"]);
  });

  it('fails when every sample is missing, saying why', () => {
    const error = loadError(() => loadSfz(folder('<region> sample=gone.wav'), 'inst/piano.sfz'));
    expect(error.problem).toMatch(/^none of its 1 regions could be loaded \(first problem: .*'gone.wav' is missing/);
  });

  it('fails on an .sfz without regions and on a path not in the folder', () => {
    expect(loadError(() => loadSfz(folder('<group> lokey=1'), 'inst/piano.sfz')).problem).toMatch(/no <region>/);
    expect(loadError(() => loadSfz(folder(''), 'other.sfz')).problem).toBe("isn't in the loaded folder");
  });

  it('maps a release trigger and group/off_by', () => {
    const sfz = '<group> group=1 off_by=2\n<region> sample=a.wav\n<region> sample=a.wav trigger=release group=2';
    const [attack, release] = zones(loadSfz(folder(sfz, { 'inst/a.wav': wav() }), 'inst/piano.sfz'));
    expect([attack?.trigger, attack?.group, attack?.offBy]).toEqual(['attack', 1, 2]);
    expect([release?.trigger, release?.group, release?.offBy]).toEqual(['release', 2, 2]);
  });

  it('decodes each sample once however many regions use it', () => {
    const [a, b] = zones(loadSfz(folder('<region> sample=a.wav key=1 <region> sample=a.wav key=2', { 'inst/a.wav': wav() }), 'inst/piano.sfz'));
    expect(a?.sample).toBe(b?.sample);
  });

  it('turns inclusive SFZ end and loop points into exclusive frames and loops the whole sample without points', () => {
    const sfz = '<region> sample=a.wav offset=10 end=899 loop_mode=loop_continuous loop_start=100 loop_end=199\n<region> sample=a.wav loop_mode=loop_continuous';
    const [points, whole] = zones(loadSfz(folder(sfz, { 'inst/a.wav': wav() }), 'inst/piano.sfz'));
    expect([points?.offset, points?.end, points?.loop]).toEqual([10, 900, { start: 100, end: 200 }]);
    expect(whole?.loop).toEqual({ start: 0, end: 1000 });
  });

  it('clamps a loop that runs past the sample, and warns', () => {
    const result = loadSfz(folder('<region> sample=a.wav loop_mode=loop_sustain loop_start=500 loop_end=5000', { 'inst/a.wav': wav() }), 'inst/piano.sfz');
    expect(zones(result)[0]?.loop).toEqual({ start: 500, end: 1000 });
    expect(result.warnings.join(' ')).toMatch(/reaches past the end of the sample; it is clamped to 500–999/);
  });

  it('does not loop a sample without loop_mode or a loop of its own', () => {
    expect(zones(loadSfz(folder('<region> sample=a.wav', { 'inst/a.wav': wav() }), 'inst/piano.sfz'))[0]?.loopMode).toBe('no_loop');
  });

  it('lists unsupported opcodes once, and skips non-WAV samples with a reason', () => {
    const sfz = '<region> sample=a.wav seq_length=2 lorand=0.5\n<region> sample=b.flac';
    const result = loadSfz(folder(sfz, { 'inst/a.wav': wav(), 'inst/b.flac': new Uint8Array(10) }), 'inst/piano.sfz');
    expect(result.warnings).toEqual([
      "inst/piano.sfz: the sample 'b.flac' is a .flac file; only WAV samples can be loaded for now, so its regions are skipped",
      "inst/piano.sfz: these opcodes aren't supported yet and are ignored: lorand, seq_length"
    ]);
  });

  it('skips a sample that is not really a WAV, saying which', () => {
    const result = loadSfz(folder('<region> sample=a.wav key=1 <region> sample=b.wav key=2', { 'inst/a.wav': wav(), 'inst/b.wav': new TextEncoder().encode('nope') }), 'inst/piano.sfz');
    expect(zones(result)).toHaveLength(1);
    expect(result.warnings).toEqual(["inst/piano.sfz: the sample 'b.wav' isn't a WAV file (no RIFF/WAVE header); its regions are skipped"]);
  });
});

describe('loadSfzZip', () => {
  it('unpacks a zip and loads its only .sfz', () => {
    const zip = zipSync(Object.fromEntries(sineSfzFolder()));
    expect(zones(loadSfzZip(zip))).toHaveLength(1);
  });

  it('asks for a choice when a zip holds several .sfz files, and loads the chosen one', () => {
    const zip = zipSync({ 'a.sfz': new TextEncoder().encode('<region> sample=s.wav'), 'b.sfz': new TextEncoder().encode('<region> sample=s.wav'), 's.wav': wav() });
    expect(loadError(() => loadSfzZip(zip, { zipName: 'kit.zip' })).message).toBe('kit.zip: contains 2 .sfz files (a.sfz, b.sfz); choose one');
    expect(loadSfzZip(zip, { sfzPath: 'b.sfz' }).bank.name).toBe('b');
  });

  it('refuses a zip that would unpack past the size limit (a zip bomb)', () => {
    const zip = zipSync({ 'bomb.sfz': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(50 * 1024);
    const error = loadError(() => loadSfzZip(zip, { zipName: 'bomb.zip', limits: { maxTotalBytes: 1024 * 1024 } }));
    expect(error.message).toMatch(/^bomb\.zip: would unpack to more than 1 MB/);
  });

  it('refuses an entry whose header claims gigabytes, before allocating it', () => {
    const zip = zipSync({ 'a.sfz': new Uint8Array(100) });
    const view = new DataView(zip.buffer);
    for (let at = 0; at + 4 <= zip.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 0xfffffff0, true); // central directory: uncompressed size
    }
    expect(loadError(() => unzipInstrumentFolder(zip)).problem).toMatch(/would unpack to more than 1024 MB/);
  });

  it('refuses something that is not a zip', () => {
    expect(loadError(() => unzipInstrumentFolder(new TextEncoder().encode('not a zip'), 'x.zip')).problem).toMatch(/^isn't a readable zip archive/);
  });
});
