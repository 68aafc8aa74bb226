import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { AudioConfigSchema, DEFAULT_AUDIO_CONFIG, outputAfterDeviceChange, ringFramesFor } from '$lib/audio/audio-config';

describe('audio configuration', () => {
  it('sizes the interactive ring to hold a whole device buffer plus slack, in whole blocks', () => {
    // Chrome's 10 ms device buffer at 48 kHz is 480 frames: round up to 512, then add slack.
    expect(ringFramesFor('interactive', 0.01, 48000)).toBe(768);
    expect(ringFramesFor('balanced', 0.01, 48000)).toBeGreaterThan(ringFramesFor('interactive', 0.01, 48000));
    expect(ringFramesFor('interactive', 0, 48000) % 128).toBe(0);
  });

  it('falls back to the system default output when the chosen device is unplugged', () => {
    expect(outputAfterDeviceChange('usb-interface', [{ deviceId: 'default' }, { deviceId: 'hdmi' }])).toBe('');
    expect(outputAfterDeviceChange('hdmi', [{ deviceId: 'default' }, { deviceId: 'hdmi' }])).toBe('hdmi');
    expect(outputAfterDeviceChange('', [])).toBe('');
  });

  it('loads a configuration saved before the velocity curve existed, with the default curve', () => {
    const { velocityCurve: _dropped, ...older } = DEFAULT_AUDIO_CONFIG;
    expect(v.parse(AudioConfigSchema, older).velocityCurve).toBe('linear');
  });

  it('loads a configuration saved before tight timing existed, with tight timing off', () => {
    const { tightTiming: _off, tightTimingDelayMs: _delay, ...older } = DEFAULT_AUDIO_CONFIG;
    const loaded = v.parse(AudioConfigSchema, older);
    expect(loaded.tightTiming).toBe(false);
    expect(loaded.tightTimingDelayMs).toBe(5);
    expect(v.safeParse(AudioConfigSchema, { ...DEFAULT_AUDIO_CONFIG, tightTimingDelayMs: 500 }).success).toBe(false);
  });

  it('refuses unknown fields and impossible values', () => {
    expect(v.safeParse(AudioConfigSchema, { ...DEFAULT_AUDIO_CONFIG, extra: 1 }).success).toBe(false);
    expect(v.safeParse(AudioConfigSchema, { ...DEFAULT_AUDIO_CONFIG, sampleRate: 12345 }).success).toBe(false);
    expect(v.safeParse(AudioConfigSchema, { ...DEFAULT_AUDIO_CONFIG, maxVoices: 4 }).success).toBe(false);
  });
});
