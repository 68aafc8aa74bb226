// Latency budget and underruns in the real browser: serves the production
// build, plays 32 organ voices with every effect on in interactive mode at
// 48 kHz in headless Debian chromium, and reports what the engine adds before
// the device (ring + one render quantum) and the underruns over 60 s.
import { chromium } from '@playwright/test';
import { writeWav } from '../fixtures/wav-writer.js';
import { startPreview } from './preview-server.mjs';

const PORT = 4179;
const SECONDS = Number(process.env.BENCH_AUDIO_SECONDS ?? 60);
const bench = (name, value, unit) => process.stdout.write(`BENCH ${name} ${Number(value).toFixed(2)} ${unit}\n`);

const server = await startPreview(PORT);
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--autoplay-policy=no-user-gesture-required', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForSelector('[data-testid=workspace][data-ready=true]');
  const result = await page.evaluate(async (seconds) => {
    const audio = globalThis.bandroom.audio;
    await audio.applyConfig({ ...audio.settings?.current?.audio, sampleRate: 48000, latencyMode: 'interactive', maxVoices: 64, masterVolume: 0.8, outputDeviceId: '' });
    await audio.ensureStarted();
    await audio.selectInstrument('organ');
    for (const id of ['filter.enabled', 'pitch.enabled', 'chorus.enabled', 'delay.enabled', 'reverb.enabled']) audio.setFx(id, 1);
    for (let i = 0; i < 32; i++) audio.noteOn(36 + i, 90);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const before = audio.engine.stats();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = audio.engine.stats();
    return { latency: audio.engine.latency(), underruns: after.underruns - before.underruns, frames: after.framesPlayed - before.framesPlayed };
  }, SECONDS);
  const { latency } = result;
  bench('audio.interactive.sample-rate', latency.sampleRate, 'Hz');
  bench('audio.interactive.ring', latency.queueFrames, 'frames');
  bench('audio.interactive.added-latency', latency.queueFrames + latency.quantumFrames, 'frames');
  bench('audio.interactive.added-latency-ms', ((latency.queueFrames + latency.quantumFrames) / latency.sampleRate) * 1000, 'ms');
  bench('audio.interactive.device-base-latency-ms', latency.baseLatencyMs, 'ms');
  bench(`audio.interactive.underruns-${SECONDS}s-32voices-fx`, result.underruns, 'count');
  bench(`audio.interactive.played-${SECONDS}s`, result.frames / latency.sampleRate, 's');

  // The same 32 voices while a 3-minute recording is analysed (decode, stems, Basic Pitch…): what a
  // musician playing along while Bandroom works on a take would hear. Counted from the drop to the result.
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Analysis', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Open analysis' }).first().click();
  const before = await page.evaluate(() => globalThis.bandroom.audio.engine.stats());
  const started = Date.now();
  await page.getByTestId('analysis-file').first().setInputFiles({ name: 'take.wav', mimeType: 'audio/wav', buffer: takeWav(180) });
  await page.locator('[data-testid=analysis-job][data-status^=completed]').first().waitFor({ timeout: 600_000 });
  const analysed = (Date.now() - started) / 1000;
  const after = await page.evaluate(() => globalThis.bandroom.audio.engine.stats());
  bench('audio.interactive.analysis-180s-take.seconds', analysed, 's');
  bench('audio.interactive.underruns-during-analysis-32voices-fx', after.underruns - before.underruns, 'count');
  await browser.close();
} finally {
  server.kill();
}

/** A 16-bit mono take at 44.1 kHz: a chord pad changing every two bars over a bass line and a kick at 120 BPM. */
function takeWav(seconds) {
  const rate = 44100;
  const chords = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]];
  const hz = (note) => 440 * 2 ** ((note - 69) / 12);
  const samples = Float32Array.from({ length: seconds * rate }, (_, i) => {
    const t = i / rate;
    const chord = chords[Math.floor(t / 4) % chords.length];
    let value = 0.25 * Math.sin(2 * Math.PI * hz(chord[0] - 24) * t);
    for (const note of chord) value += 0.12 * Math.sin(2 * Math.PI * hz(note) * t);
    const beat = t % 0.5;
    return Math.max(-1, Math.min(1, value + 0.5 * Math.exp(-beat * 30) * Math.sin(2 * Math.PI * 55 * beat)));
  });
  return Buffer.from(writeWav({ channels: [samples], sampleRate: rate, encoding: 'pcm16' }));
}
