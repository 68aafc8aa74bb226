import { describe, expect, it } from 'vitest';
import { SynthEngine } from '$workers/synth/engine/synth-engine';
import { builtInInstrument, BUILT_IN_INSTRUMENTS } from '$workers/synth/instruments/built-in/built-in-catalog';
import { parseInstrumentBank } from '$workers/shared/instrument-schema';
import { dominantFrequency, rms, sineBank } from './tone';

const RATE = 48000;
const BLOCK = 128;

function engine(maxVoices = 8) {
  return new SynthEngine({ sampleRate: RATE, maxVoices, maxBlockFrames: BLOCK });
}

function render(synth: SynthEngine, seconds: number): Float32Array {
  const frames = Math.round((seconds * RATE) / BLOCK) * BLOCK;
  const out = new Float32Array(frames);
  const left = new Float32Array(BLOCK);
  const right = new Float32Array(BLOCK);
  for (let at = 0; at < frames; at += BLOCK) {
    synth.render(left, right, BLOCK);
    out.set(left, at);
  }
  return out;
}

describe('the synth engine', () => {
  it('plays A4 at 440 Hz from a sampled instrument recorded at another rate', () => {
    const synth = engine();
    synth.selectInstrument(sineBank());
    synth.noteOn(69, 100);
    const out = render(synth, 0.25);
    expect(dominantFrequency(out, RATE, 430, 450)).toBeCloseTo(440, 0);
  });

  it('tracks the keyboard: A5 is an octave above A4', () => {
    const synth = engine();
    synth.selectInstrument(sineBank());
    synth.noteOn(81, 100);
    expect(dominantFrequency(render(synth, 0.25), RATE, 870, 890)).toBeCloseTo(880, 0);
  });

  it('bends pitch by the bend range (two semitones up at full bend)', () => {
    const synth = engine();
    synth.selectInstrument(sineBank());
    synth.noteOn(69, 100);
    synth.setPitchBend(1);
    expect(dominantFrequency(render(synth, 0.25), RATE, 480, 500)).toBeCloseTo(440 * Math.pow(2, 2 / 12), 0);
  });

  it('holds released notes while the sustain pedal is down and lets them go when it lifts', () => {
    const synth = engine();
    synth.selectInstrument(sineBank({ delay: 0, attack: 0.001, hold: 0, decay: 0, sustain: 1, release: 0.05 }));
    synth.setSustain(true);
    synth.noteOn(69, 100);
    synth.noteOff(69);
    expect(rms(render(synth, 0.2))).toBeGreaterThan(0.1);
    synth.setSustain(false);
    render(synth, 0.2);
    expect(rms(render(synth, 0.05))).toBe(0);
  });

  it('makes louder notes for harder velocities when the zone tracks velocity', () => {
    const loud = engine();
    const soft = engine();
    for (const synth of [loud, soft]) synth.selectInstrument(sineBank(undefined, { velocityTrack: 1 }));
    loud.noteOn(69, 127);
    soft.noteOn(69, 30);
    expect(rms(render(loud, 0.1))).toBeGreaterThan(rms(render(soft, 0.1)) * 3);
  });

  it('chokes an open hi-hat when the closed hi-hat of the same group plays', () => {
    const synth = engine();
    synth.selectInstrument(builtInInstrument('drum-kit'));
    synth.noteOn(46, 120);
    render(synth, 0.02);
    synth.noteOn(42, 1);
    render(synth, 0.02);
    const openHats = synth.pool.voices.filter((voice) => voice.active && voice.note === 46 && !voice.released);
    expect(openHats).toHaveLength(0);
  });

  it('plays release-triggered zones on note-off with the note-on velocity', () => {
    const bank = sineBank();
    const releaseZone = { ...bank.presets[0]!.zones[0]!, trigger: 'release' as const, loopMode: 'one_shot' as const };
    bank.presets[0]!.zones.push(releaseZone);
    const synth = engine();
    synth.selectInstrument(bank);
    synth.noteOn(60, 90);
    synth.noteOff(60);
    const releaseVoice = synth.pool.voices.find((voice) => voice.active && voice.zone === releaseZone);
    expect(releaseVoice?.velocity).toBe(90);
  });

  it('renders silence and no NaN with no instrument selected', () => {
    const synth = engine();
    synth.noteOn(60, 100);
    const out = render(synth, 0.01);
    expect(out.every((value) => value === 0)).toBe(true);
  });

  it.each(BUILT_IN_INSTRUMENTS)('builds the built-in %s as a bank the producer accepts, and it sounds', (id) => {
    const bank = builtInInstrument(id);
    expect(() => parseInstrumentBank(bank)).not.toThrow();
    const synth = engine();
    synth.selectInstrument(bank);
    const note = id === 'drum-kit' ? 38 : 60;
    synth.noteOn(note, 100);
    const out = render(synth, 0.2);
    expect(rms(out)).toBeGreaterThan(0.01);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('tunes the built-in piano: A4 sounds at 440 Hz', () => {
    const synth = engine();
    synth.selectInstrument(builtInInstrument('piano'));
    synth.noteOn(69, 100);
    expect(dominantFrequency(render(synth, 0.3), RATE, 430, 450, 0.25)).toBeCloseTo(440, 0);
  });
});

describe('the two parts (keys and pads)', () => {
  it('plays the drum kit on the pads part while the keys part plays the piano, and keeps their notes apart', () => {
    const synth = new SynthEngine({ sampleRate: RATE, maxVoices: 16, maxBlockFrames: BLOCK });
    synth.selectInstrument(sineBank(), 0, 0);
    synth.selectInstrument(builtInInstrument('drum-kit'), 0, 1);
    synth.noteOn(38, 100, 0);
    synth.noteOn(38, 100, 1);
    const parts = synth.pool.voices.filter((voice) => voice.active).map((voice) => voice.part).sort();
    expect(parts).toEqual([0, 1]);
    synth.noteOff(38, 0);
    const stillHeld = synth.pool.voices.filter((voice) => voice.active && !voice.released).map((voice) => voice.part);
    expect(stillHeld).toEqual([1]);
  });

  it('changing the keys instrument leaves the drum kit playing', () => {
    const synth = new SynthEngine({ sampleRate: RATE, maxVoices: 16, maxBlockFrames: BLOCK });
    synth.selectInstrument(builtInInstrument('drum-kit'), 0, 1);
    synth.noteOn(49, 100, 1);
    synth.selectInstrument(sineBank(), 0, 0);
    expect(synth.pool.voices.some((voice) => voice.active && voice.part === 1 && !voice.released)).toBe(true);
    expect(synth.instrumentOf(1).bank?.name).toBe('Drum kit');
  });
});
