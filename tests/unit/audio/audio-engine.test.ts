import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AudioEngine } from '$lib/audio/audio-engine';
import { DEFAULT_AUDIO_CONFIG, type AudioConfig } from '$lib/audio/audio-config';
import { AppLog } from '$lib/log/app-log';
import { SHUTTING_DOWN } from '$workers/shared/synth-protocol';
import { installFakeBrowserAudio, type FakeAudioWorld } from './fake-browser-audio';

let world: FakeAudioWorld;
let engine: AudioEngine;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(async () => {
  world = installFakeBrowserAudio();
  engine = new AudioEngine(new AppLog());
  await engine.start({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 48000 });
});

afterEach(() => world.restore());

const producer = () => world.workers[0]!;

describe('the audio controller, reconfiguring', () => {
  it('moves to a new context when the producer accepts, and closes the old one', async () => {
    const next: AudioConfig = { ...DEFAULT_AUDIO_CONFIG, sampleRate: 44100 };
    const done = engine.reconfigure(next);
    await settle();
    producer().reply(producer().pending('reconfigure')[0]!.requestId, true);
    await done;
    expect(engine.sampleRate).toBe(44100);
    expect(world.contexts[0]!.state).toBe('closed');
    expect(world.contexts[1]!.state).toBe('running');
  });

  it('keeps playing the old configuration when the device refuses a sample rate, and says which rate', async () => {
    world.refusedRates.add(96000);
    await expect(engine.reconfigure({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 96000 })).rejects.toThrow('Could not open audio at 96000 Hz');
    expect(engine.sampleRate).toBe(48000);
    expect(engine.config?.sampleRate).toBe(48000);
    expect(world.contexts[0]!.state).toBe('running');
    // The producer was never asked: nothing to roll back on its side.
    expect(producer().received.filter((message) => message.type === 'reconfigure')).toEqual([]);
  });

  it('rolls back when the producer refuses the new setup: the new context is closed, the old one plays on', async () => {
    const done = engine.reconfigure({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 44100 });
    await settle();
    producer().reply(producer().pending('reconfigure')[0]!.requestId, false, 'Could not allocate 256 voices');
    await expect(done).rejects.toThrow('Could not allocate 256 voices');
    expect(engine.sampleRate).toBe(48000);
    expect(world.contexts[0]!.state).toBe('running');
    expect(world.contexts[1]!.state).toBe('closed');
  });

  it('refuses an output device that is not connected any more (unplugged since the list was read) and keeps the current output', async () => {
    await engine.reconfigure({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 48000, outputDeviceId: 'usb-interface' });
    expect(world.contexts[0]!.sinkId).toBe('usb-interface');
    world.outputs.delete('usb-interface');
    world.outputs.add('hdmi');
    await expect(engine.reconfigure({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 48000, outputDeviceId: 'usb-interface-2' })).rejects.toThrow('That audio output is not connected any more');
    expect(engine.config?.outputDeviceId).toBe('usb-interface');
    expect(world.contexts[0]!.state).toBe('running');
  });

  it('answers a reconfigure still waiting when shutdown comes with "engine shutting down", and leaves no context open', async () => {
    const first = engine.reconfigure({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 44100 });
    const outcome = first.then(
      () => 'resolved',
      (error: Error) => error.message
    );
    await settle();
    expect(producer().pending('reconfigure')).toHaveLength(1);
    const stopping = engine.shutdown();
    await settle();
    // The producer acknowledges the shutdown; it never answers the reconfigure.
    producer().reply(producer().pending('shutdown')[0]!.requestId, true);
    await stopping;
    expect(await outcome).toBe(SHUTTING_DOWN);
    expect(engine.running).toBe(false);
    expect(producer().terminated).toBe(true);
    expect(world.contexts.every((context) => context.state === 'closed')).toBe(true);
  });

  it('after shutdown, reconfiguring says the engine is not started instead of hanging', async () => {
    const stopping = engine.shutdown();
    await settle();
    producer().reply(producer().pending('shutdown')[0]!.requestId, true);
    await stopping;
    await expect(engine.reconfigure({ ...DEFAULT_AUDIO_CONFIG, sampleRate: 44100 })).rejects.toThrow('not started');
  });
});
