import { rehearsalChannels } from '../../fixtures/rehearsal-signal';
import { writeWav } from '../../fixtures/wav-writer.js';

/**
 * A mono 16-bit WAV at 22.05 kHz of the reference rehearsal (120 BPM clicks
 * over C – F – G – C, one chord per bar) for `seconds`. `variant` lowers the
 * level slightly so two takes hash differently (no cache sharing).
 */
export function rehearsalWav(seconds = 16, variant = 0): Buffer {
  const [samples] = rehearsalChannels(seconds, 22050);
  const level = 1 - variant / 320;
  for (let i = 0; i < samples!.length; i++) samples![i]! *= level;
  return Buffer.from(writeWav({ channels: [samples!], sampleRate: 22050, encoding: 'pcm16' }));
}
