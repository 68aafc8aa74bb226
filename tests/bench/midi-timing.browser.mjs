// MIDI timing under a busy main thread, in the real browser: serves the
// production build in headless Debian chromium, delivers 100 notes on a
// 125 ms grid the way WebMIDI does (each event carries its exact timestamp,
// but reaches the page only when the main thread is free), keeps the main
// thread busy with random 5–30 ms busy loops, records the engine's output
// with an AudioWorklet tap, finds the onsets and reports the jitter of the
// onset intervals and timestamp → audible latency, tight timing off vs on.
import { chromium } from '@playwright/test';
import { startPreview } from './preview-server.mjs';

const PORT = 4181;
const NOTES = Number(process.env.BENCH_MIDI_NOTES ?? 100);
const SPACING_MS = 125;
const bench = (name, value, unit) => process.stdout.write(`BENCH ${name} ${Number(value).toFixed(2)} ${unit}\n`);

/** Runs in the page: one pass of the grid with the given tight-timing setting; returns onset frames and timing maps. */
async function pass({ tight, delayMs, notes, spacingMs }) {
  const audio = globalThis.bandroom.audio;
  const current = audio.engine.config;
  await audio.applyConfig({ ...current, tightTiming: tight, tightTimingDelayMs: delayMs });
  const analyser = audio.engine.analyser;
  const context = analyser.context;
  const recorderSource = `registerProcessor('bench-recorder', class extends AudioWorkletProcessor {
    process(inputs) { const x = inputs[0]?.[0]; if (x) this.port.postMessage({ frame: currentFrame, data: x.slice() }); return true; }
  });`;
  await context.audioWorklet.addModule(URL.createObjectURL(new Blob([recorderSource], { type: 'text/javascript' })));
  const recorder = new AudioWorkletNode(context, 'bench-recorder', { numberOfInputs: 1, numberOfOutputs: 1 });
  const chunks = [];
  recorder.port.onmessage = (event) => chunks.push(event.data);
  // A silent path to the destination so the recorder is pulled every quantum.
  const mute = context.createGain();
  mute.gain.value = 0;
  analyser.connect(recorder);
  recorder.connect(mute).connect(context.destination);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Random busy loops: the main thread is unavailable 5–30 ms at a time, about half the time.
  let jank = true;
  const busy = () => {
    if (!jank) return;
    const until = performance.now() + 5 + Math.random() * 25;
    while (performance.now() < until) {
      /* busy */
    }
    setTimeout(busy, Math.random() * 25);
  };
  setTimeout(busy, 0);
  const start = performance.now() + 200;
  const times = [];
  for (let i = 0; i < notes; i++) {
    const at = start + i * spacingMs;
    times.push(at);
    // Delivered like a WebMIDI event: the hardware timestamp is exact, the handler runs when the thread is free.
    setTimeout(() => audio.engine.noteOn(60, 110, 0, at), Math.max(0, at - performance.now()));
    setTimeout(() => audio.engine.noteOff(60, 0, at + 50), Math.max(0, at + 50 - performance.now()));
  }
  await new Promise((resolve) => setTimeout(resolve, notes * spacingMs + 800));
  jank = false;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stamp = context.getOutputTimestamp();
  analyser.disconnect(recorder);
  recorder.port.onmessage = null;
  const rate = context.sampleRate;
  const firstFrame = chunks[0].frame;
  const total = chunks[chunks.length - 1].frame + 128 - firstFrame;
  const signal = new Float32Array(total);
  for (const chunk of chunks) signal.set(chunk.data, chunk.frame - firstFrame);
  // Onsets: the level crosses a third of the peak after at least 10 ms below 3 % of it (between notes the release has died away).
  let top = 0;
  for (const x of signal) top = Math.max(top, Math.abs(x));
  const onsets = [];
  let quiet = 0;
  let armed = true;
  for (let i = 0; i < signal.length; i++) {
    const level = Math.abs(signal[i]);
    quiet = level < top * 0.03 ? quiet + 1 : 0;
    if (quiet >= rate * 0.01) armed = true;
    // A second crossing within 60 ms is the same note (the organ's attack wobbles), never the next one (125 ms away).
    if (armed && level > top / 3 && (onsets.length === 0 || i + firstFrame - onsets[onsets.length - 1] > rate * 0.06)) {
      onsets.push(i + firstFrame);
      armed = false;
    }
  }
  let peak = 0;
  for (const x of signal) peak = Math.max(peak, Math.abs(x));
  return { onsets, times, rate, peak, chunks: chunks.length, instrument: audio.instrumentName, contextTime: stamp.contextTime, performanceTime: stamp.performanceTime };
}

function summarise(label, result) {
  const { onsets, times, rate } = result;
  if (onsets.length !== times.length) process.stderr.write(`${label}: found ${onsets.length} onsets for ${times.length} notes\n`);
  // Audible time of a context frame, from getOutputTimestamp (includes the device's output latency).
  const audibleAt = (frame) => result.performanceTime + (frame / rate - result.contextTime) * 1000;
  // Each onset's phase on the 125 ms grid: robust to a missed or doubled onset (an interval metric is not).
  const phases = onsets.map((frame) => (((audibleAt(frame) - times[0]) % SPACING_MS) + SPACING_MS) % SPACING_MS);
  const centre = phases.slice().sort((a, b) => a - b)[Math.floor(phases.length / 2)];
  const errors = phases.map((phase) => ((phase - centre + SPACING_MS * 1.5) % SPACING_MS) - SPACING_MS / 2);
  const mean = errors.reduce((sum, e) => sum + e, 0) / errors.length;
  const std = Math.sqrt(errors.reduce((sum, e) => sum + (e - mean) ** 2, 0) / errors.length);
  const sorted = errors.map((e) => Math.abs(e - mean)).sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
  // Timestamp → audible: the onset minus the latest note time before it (assumes latency < one grid step).
  const lags = onsets.map((frame) => {
    const at = audibleAt(frame);
    let last = times[0];
    for (const t of times) if (t <= at) last = t;
    return at - last;
  });
  bench(`midi.jitter.${label}`, std, 'ms');
  bench(`midi.jitter-p99.${label}`, p99, 'ms');
  bench(`midi.latency.${label}`, lags.sort((a, b) => a - b)[Math.floor(lags.length / 2)], 'ms');
  bench(`midi.onsets.${label}`, onsets.length, 'count');
}

const server = await startPreview(PORT);
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--autoplay-policy=no-user-gesture-required', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForSelector('[data-testid=workspace][data-ready=true]');
  await page.evaluate(async () => {
    const audio = globalThis.bandroom.audio;
    await audio.ensureStarted();
    await audio.applyConfig({ ...audio.engine.config, sampleRate: 48000, latencyMode: 'interactive' });
    await audio.selectInstrument('organ');
  });
  const runs = [
    ['off', { tight: false, delayMs: 5 }],
    ['tight', { tight: true, delayMs: 5 }],
    ['tight-20ms', { tight: true, delayMs: 20 }],
    ['tight-40ms', { tight: true, delayMs: 40 }]
  ];
  for (const [label, options] of runs) summarise(label, await page.evaluate(pass, { ...options, notes: NOTES, spacingMs: SPACING_MS }));
  await browser.close();
} finally {
  server.kill();
}
