import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SynthEngine } from '$workers/synth/engine/synth-engine';
import { STEAL_FADE_FRAMES, createStealFade } from '$workers/synth/engine/voice';
import { sineBank } from './tone';

const BLOCK = 128;

function engine(maxVoices: number) {
  const synth = new SynthEngine({ sampleRate: 48000, maxVoices, maxBlockFrames: BLOCK });
  synth.selectInstrument(sineBank({ delay: 0, attack: 0.001, hold: 0, decay: 0, sustain: 1, release: 1 }));
  return synth;
}
const left = new Float32Array(BLOCK);
const right = new Float32Array(BLOCK);

describe('voice allocation', () => {
  it('never sounds more voices than the polyphony limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 80 }), (max, notes) => {
        const synth = engine(max);
        for (const note of notes) {
          synth.noteOn(note, 100);
          synth.render(left, right, BLOCK);
          expect(synth.pool.sounding).toBeLessThanOrEqual(max);
        }
      })
    );
  });

  it('steals a releasing voice before a held one', () => {
    const synth = engine(3);
    synth.noteOn(60, 100);
    synth.noteOn(62, 100);
    synth.noteOn(64, 100);
    synth.noteOff(62); // 62 is on its way out (1 s release)
    synth.render(left, right, BLOCK);
    synth.noteOn(65, 100);
    const held = synth.pool.voices.filter((voice) => voice.active && voice.fadeRemaining === 0).map((voice) => voice.note);
    expect(held.sort()).toEqual([60, 64, 65]);
  });

  it('steals the oldest voice when none is releasing', () => {
    const synth = engine(2);
    synth.noteOn(60, 100);
    synth.noteOn(62, 100);
    synth.noteOn(64, 100);
    const sounding = synth.pool.voices.filter((voice) => voice.active && voice.fadeRemaining === 0).map((voice) => voice.note);
    expect(sounding.sort()).toEqual([62, 64]);
  });

  it('fades a stolen voice out over the pre-computed fade instead of cutting it', () => {
    const synth = engine(1);
    synth.noteOn(60, 100);
    synth.render(left, right, BLOCK);
    synth.noteOn(72, 100);
    const stolen = synth.pool.voices.find((voice) => voice.note === 60);
    expect(stolen?.fadeRemaining).toBe(STEAL_FADE_FRAMES);
    synth.render(left, right, BLOCK);
    expect(stolen?.active).toBe(false);
    const fade = createStealFade();
    expect(fade[0]).toBeLessThan(1);
    expect(fade[STEAL_FADE_FRAMES - 1]).toBeCloseTo(0, 6);
    for (let i = 1; i < STEAL_FADE_FRAMES; i++) expect(fade[i]!).toBeLessThanOrEqual(fade[i - 1]!);
  });
});
