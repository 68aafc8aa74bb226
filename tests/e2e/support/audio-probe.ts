import type { Page } from '@playwright/test';

/**
 * Reads what the app actually plays: the engine's output tap (an
 * AnalyserNode in parallel with the speakers) via the `bandroom`
 * diagnostics handle. Returns the strongest frequency (FFT peak refined by a
 * windowed DFT scan of the raw samples) and the RMS level.
 */
export async function listen(page: Page): Promise<{ dominantHz: number; rms: number }> {
  return page.evaluate(() => {
    const analyser = (globalThis as unknown as { bandroom: { audio: { engine: { analyser?: AnalyserNode } } } }).bandroom.audio.engine.analyser;
    if (!analyser) throw new Error('audio is not running');
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(spectrum);
    // Below 20 Hz is no note: a DC offset or the thump of a start is not "what is heard".
    const lowest = Math.max(2, Math.ceil((20 * analyser.fftSize) / analyser.context.sampleRate));
    let best = lowest;
    for (let i = lowest + 1; i < spectrum.length - 1; i++) if (spectrum[i]! > spectrum[best]!) best = i;
    // A piano's second partial can outweigh its fundamental for a moment. Prefer the
    // octave below when it holds a clear tonal peak there: within 10 dB of the top
    // and 25 dB over the spectrum's median (broadband noise such as a cymbal has no such peak).
    const median = Float32Array.from(spectrum).sort()[spectrum.length >> 1]!;
    const half = Math.round(best / 2);
    let under = half;
    for (let i = half - 1; i <= half + 1; i++) if (i > 1 && spectrum[i]! > spectrum[under]!) under = i;
    if (under >= lowest && spectrum[under]! >= spectrum[best]! - 10 && spectrum[under]! >= median + 25) best = under;
    const rate = analyser.context.sampleRate;
    const coarseHz = (best * rate) / analyser.fftSize;
    const wave = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(wave);
    let sum = 0;
    for (const value of wave) sum += value * value;
    // Refine on the raw samples: a Hann-windowed DFT scan ±3 % around the coarse
    // peak, 0.1 Hz apart (the window keeps a glitch or the note's start from
    // smearing the peak).
    const windowed = wave.map((value, i) => value * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (wave.length - 1))));
    let refinedHz = coarseHz;
    let bestPower = -1;
    for (let hz = coarseHz * 0.97; hz <= coarseHz * 1.03; hz += 0.1) {
      const w = (2 * Math.PI * hz) / rate;
      let re = 0;
      let im = 0;
      for (let i = 0; i < windowed.length; i += 2) {
        // Every other sample: still 8× above the highest frequency scanned, half the work.
        re += windowed[i]! * Math.cos(w * i);
        im += windowed[i]! * Math.sin(w * i);
      }
      const power = re * re + im * im;
      if (power > bestPower) {
        bestPower = power;
        refinedHz = hz;
      }
    }
    return { dominantHz: refinedHz, rms: Math.sqrt(sum / wave.length) };
  });
}

interface EngineCounters {
  underruns: number;
  framesPlayed: number;
  /** Tight timing: note events played at their frame, and late ones. */
  timedScheduled: number;
  timedLate: number;
}

export async function engineStats(page: Page): Promise<EngineCounters & { sampleRate: number }> {
  return page.evaluate(() => {
    const engine = (globalThis as unknown as { bandroom: { audio: { engine: { stats(): EngineCounters; sampleRate?: number } } } }).bandroom.audio.engine;
    return { ...engine.stats(), sampleRate: engine.sampleRate ?? 0 };
  });
}
