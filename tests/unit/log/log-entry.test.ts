import { describe, expect, it } from 'vitest';
import { LOG_LEVELS, levelAtLeast, toLogData } from '$lib/log/log-entry';

describe('turning log data into something that clones and prints', () => {
  it('keeps strings, numbers, booleans and null as they are', () => {
    expect(toLogData({ device: 'MPD218', channel: 10, connected: true, port: null })).toEqual({
      device: 'MPD218',
      channel: 10,
      connected: true,
      port: null
    });
  });

  it('turns an Error into its name and message', () => {
    expect(toLogData({ error: new TypeError('sample rate must be positive') })).toEqual({
      error: 'TypeError: sample rate must be positive'
    });
  });

  it('turns a DOMException into its name and message', () => {
    expect(toLogData({ error: new DOMException('The operation is insecure.', 'SecurityError') })).toEqual({
      error: 'SecurityError: The operation is insecure.'
    });
  });

  it('turns objects and arrays into JSON', () => {
    expect(toLogData({ size: { width: 360, height: 420 }, notes: [36, 38] })).toEqual({
      size: '{"width":360,"height":420}',
      notes: '[36,38]'
    });
  });

  it('drops fields whose value is undefined', () => {
    expect(toLogData({ device: 'MPD218', port: undefined })).toEqual({ device: 'MPD218' });
  });

  it('cuts long JSON to 500 characters', () => {
    const data = toLogData({ peaks: Array.from({ length: 400 }, (_, index) => index) });
    expect(data.peaks).toHaveLength(500);
  });

  it('falls back to String() for values JSON cannot hold', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    expect(toLogData({ loop, frames: 10n, render: () => 1 })).toEqual({
      loop: '[object Object]',
      frames: '10',
      render: '() => 1'
    });
  });
});

describe('log levels', () => {
  it('orders debug < info < warn < error', () => {
    expect(LOG_LEVELS).toEqual(['debug', 'info', 'warn', 'error']);
  });

  it('counts a level as at least itself and every lower level', () => {
    expect(levelAtLeast('warn', 'info')).toBe(true);
    expect(levelAtLeast('warn', 'warn')).toBe(true);
    expect(levelAtLeast('info', 'warn')).toBe(false);
  });
});
