import { describe, expect, it } from 'vitest';
import { HeldNotes } from '$lib/midi/held-notes';

describe('held notes per device', () => {
  it('releases exactly the notes the unplugged device still held', () => {
    const held = new HeldNotes();
    held.press('keys', 60);
    held.press('keys', 64);
    held.press('pads', 36);
    held.release('keys', 60);
    expect(held.releaseAll('keys')).toEqual([64]);
    expect(held.releaseAll('keys')).toEqual([]);
    expect(held.releaseAll('pads')).toEqual([36]);
  });

  it('holds a repeated note once', () => {
    const held = new HeldNotes();
    held.press('keys', 60);
    held.press('keys', 60);
    expect(held.releaseAll('keys')).toEqual([60]);
  });
});
