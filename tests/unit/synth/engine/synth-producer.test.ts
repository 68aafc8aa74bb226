import { describe, expect, it } from 'vitest';
import { createAudioRingMemory } from '$workers/shared/audio-ring';
import { CommandWriter, RealtimeOp } from '$workers/shared/synth-commands';
import { FX_PARAM_IDS } from '$workers/synth/fx/fx-params';
import { SynthProducer } from '$workers/synth/synth-producer';
import { RingReader } from '$workers/worklet/ring-reader';
import { dominantFrequency, sineBank } from './tone';

function setup(sampleRate: number, capacityFrames = 512, memory = createAudioRingMemory(capacityFrames)) {
  return { memory, sampleRate, maxVoices: 16, blockFrames: 128 };
}

/** Plays `quanta` render quanta through the worklet-side reader, refilling between them. */
function play(producer: SynthProducer, reader: RingReader, quanta: number): Float32Array {
  const out = new Float32Array(quanta * 128);
  const left = new Float32Array(128);
  const right = new Float32Array(128);
  for (let q = 0; q < quanta; q++) {
    producer.fill();
    reader.read(left, right, 128);
    out.set(left, q * 128);
  }
  return out;
}

describe('the synth producer', () => {
  it('fills the ring with whole blocks and the reader plays them without underruns', () => {
    const producer = new SynthProducer(setup(48000));
    const reader = new RingReader(producer.setup.memory!);
    producer.selectInstrument(sineBank());
    const writer = new CommandWriter(producer.setup.memory!.commands);
    writer.write(RealtimeOp.NoteOn, 69, 100);
    const out = play(producer, reader, 200);
    expect(reader.views.stats().underruns).toBe(0);
    expect(dominantFrequency(out.subarray(4096), 48000, 430, 450)).toBeCloseTo(440, 0);
    expect(reader.views.stats().peakLeft).toBeGreaterThan(0.1);
  });

  it('counts an underrun when the ring runs dry after playing has begun, not before', () => {
    const producer = new SynthProducer(setup(48000));
    const reader = new RingReader(producer.setup.memory!);
    const left = new Float32Array(128);
    reader.read(left, left, 128); // before the first block: start-up silence
    expect(reader.views.stats().underruns).toBe(0);
    producer.fill();
    for (let i = 0; i < 5; i++) reader.read(left, left, 128);
    expect(reader.views.stats().underruns).toBe(1);
  });

  it('keeps every FX setting, the instrument, master volume, velocity curve and held notes across a reconfigure to another sample rate', () => {
    const first = new SynthProducer(setup(44100));
    first.selectInstrument(sineBank());
    first.fx.setParam('reverb.enabled', 1);
    first.fx.setParam('reverb.size', 0.83);
    first.fx.setParam('filter.cutoff', 1234);
    first.engine.setMasterVolume(0.5);
    first.engine.setVelocityCurve('hard');
    first.engine.noteOn(69, 100);
    const next = first.successor(setup(48000, 1024, createAudioRingMemory(1024, { commands: first.setup.memory!.commands, mailbox: first.setup.memory!.mailbox })));
    for (const id of FX_PARAM_IDS) expect(next.fx.getParam(id)).toBeCloseTo(first.fx.getParam(id), 6);
    expect(next.engine.instrument).toBe(first.engine.instrument);
    expect(next.engine.masterVolume).toBe(0.5);
    expect(next.engine.velocityCurve).toBe('hard');
    const reader = new RingReader(next.setup.memory!);
    const out = play(next, reader, 100);
    // Within 1 % (reverb and filter colour the spectrum around the peak).
    expect(Math.abs(dominantFrequency(out.subarray(2048), 48000, 430, 450) - 440)).toBeLessThan(4.4);
  });

  it('leaves the running producer untouched when a reconfigure cannot be built', () => {
    const first = new SynthProducer(setup(48000));
    first.fx.setParam('delay.mix', 0.7);
    expect(() => first.successor({ ...setup(48000), blockFrames: -5 })).toThrow();
    expect(first.fx.getParam('delay.mix')).toBeCloseTo(0.7, 6);
    expect(first.fill()).toBeGreaterThan(0);
  });

  it('applies real-time commands from the command ring between blocks', () => {
    const producer = new SynthProducer(setup(48000));
    producer.selectInstrument(sineBank());
    const writer = new CommandWriter(producer.setup.memory!.commands);
    writer.write(RealtimeOp.SetFx, FX_PARAM_IDS.indexOf('pan.position'), -1);
    writer.write(RealtimeOp.NoteOn, 60, 100);
    producer.fill();
    expect(producer.fx.getParam('pan.position')).toBe(-1);
    expect(producer.engine.pool.sounding).toBe(1);
    writer.write(RealtimeOp.StopAll);
    producer.views!.ring.pop(new Float32Array(2048), 2048);
    producer.fill();
    expect(producer.engine.pool.voices.every((voice) => !voice.active || voice.released)).toBe(true);
  });
});
