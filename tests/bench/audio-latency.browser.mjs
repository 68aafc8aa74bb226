// Latency budget and underruns in the real browser: serves the production
// build, plays 32 organ voices with every effect on in interactive mode at
// 48 kHz in headless Debian chromium, and reports what the engine adds before
// the device (ring + one render quantum) and the underruns over 60 s.
import { chromium } from '@playwright/test';
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
  await browser.close();
} finally {
  server.kill();
}
