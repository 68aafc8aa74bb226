import type { Page } from '@playwright/test';

/**
 * Reads what the app actually plays: the engine's output tap (an
 * AnalyserNode in parallel with the speakers) via the `bandroom`
 * diagnostics handle. Returns the strongest frequency, refined by parabolic
 * interpolation between FFT bins, and the RMS level.
 */
export async function listen(page: Page): Promise<{ dominantHz: number; rms: number }> {
  return page.evaluate(() => {
    const analyser = (globalThis as unknown as { bandroom: { audio: { engine: { analyser?: AnalyserNode } } } }).bandroom.audio.engine.analyser;
    if (!analyser) throw new Error('audio is not running');
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(spectrum);
    let best = 1;
    for (let i = 2; i < spectrum.length - 1; i++) if (spectrum[i]! > spectrum[best]!) best = i;
    const [a, b, c] = [spectrum[best - 1]!, spectrum[best]!, spectrum[best + 1]!];
    const offset = (0.5 * (a - c)) / (a - 2 * b + c);
    const binHz = analyser.context.sampleRate / analyser.fftSize;
    const wave = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(wave);
    let sum = 0;
    for (const value of wave) sum += value * value;
    return { dominantHz: (best + offset) * binHz, rms: Math.sqrt(sum / wave.length) };
  });
}

export async function engineStats(page: Page): Promise<{ underruns: number; framesPlayed: number; sampleRate: number }> {
  return page.evaluate(() => {
    const engine = (globalThis as unknown as { bandroom: { audio: { engine: { stats(): { underruns: number; framesPlayed: number }; sampleRate?: number } } } }).bandroom.audio.engine;
    return { ...engine.stats(), sampleRate: engine.sampleRate ?? 0 };
  });
}
