import { createRequire } from 'node:module';
import { SoundBankLoader, SpessaSynthProcessor } from 'spessasynth_core';
import { blockBuffers } from '$workers/synth/engine/block-buffers';
import { SynthEngine } from '$workers/synth/engine/synth-engine';
import { FxChain } from '$workers/synth/fx/fx-chain';
import { parseSf2 } from '$workers/synth/instruments/sf2/parse-sf2';
import { benchSf2 } from './bench-sf2';
import { report } from './report';

/**
 * Producer throughput: seconds of 48 kHz stereo rendered per wall second, in
 * 128-frame blocks, with 32/64/128 voices of the same SF2 and effects on, for
 * our engine (voices + the full 7-effect chain), spessasynth_core (reverb +
 * chorus + delay) and FluidSynth in WASM via js-synthesizer (reverb + chorus).
 */
const RATE = 48000;
const BLOCK = 128;
const SECONDS = 2;
const TRIALS = 6;
const WARM_UP_BLOCKS = 1500;
const BLOCKS = Math.round((SECONDS * RATE) / BLOCK);
const VOICE_COUNTS = [32, 64, 128];

function notesFor(voices: number): number[] {
  // Two layers per key: voices / 2 distinct keys, spread over the keyboard.
  return Array.from({ length: voices / 2 }, (_, i) => 24 + ((i * 7) % 80));
}

/**
 * Real-time factor of the fastest of TRIALS runs of SECONDS each, after a
 * warm-up long enough for the JIT (or the WASM tier-up) to settle. The best
 * run, not one run: on a shared machine a single run swings ±30 % with the
 * neighbours, while the best of several is stable to a few per cent, and
 * every synth gets the same treatment.
 */
function timeRealtime(renderBlock: () => void): number {
  for (let i = 0; i < WARM_UP_BLOCKS; i++) renderBlock();
  let fastest = Infinity;
  for (let trial = 0; trial < TRIALS; trial++) {
    const start = performance.now();
    for (let i = 0; i < BLOCKS; i++) renderBlock();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return SECONDS / fastest;
}

function bandroom(sf2: Uint8Array, voices: number): number {
  const { bank } = parseSf2(sf2, 'bench.sf2');
  const fx = new FxChain(RATE, BLOCK);
  for (const id of ['filter.enabled', 'pitch.enabled', 'chorus.enabled', 'delay.enabled', 'reverb.enabled'] as const) fx.setParam(id, 1);
  fx.setParam('filter.cutoff', 8000);
  fx.setParam('pitch.semitones', 0.1);
  const engine = new SynthEngine({ sampleRate: RATE, maxVoices: voices, maxBlockFrames: BLOCK }, fx);
  engine.selectInstrument(bank);
  for (const note of notesFor(voices)) engine.noteOn(note, 100);
  // The producer's own block buffers (staggered against 4 KiB aliasing, see block-buffers.ts).
  const [left, right] = blockBuffers(BLOCK, 2);
  const realtime = timeRealtime(() => engine.render(left, right, BLOCK));
  if (engine.pool.sounding !== voices) throw new Error(`bandroom played ${engine.pool.sounding} voices, not ${voices}`);
  return realtime;
}

async function spessasynth(sf2: Uint8Array, voices: number): Promise<number> {
  const synth = new SpessaSynthProcessor(RATE, { effectsEnabled: true, maxBufferSize: BLOCK });
  synth.soundBankManager.addSoundBank(SoundBankLoader.fromArrayBuffer(sf2.slice().buffer), 'bench');
  await synth.processorInitialized;
  synth.programChange(0, 0);
  synth.controllerChange(0, 91, 100); // reverb send
  synth.controllerChange(0, 93, 60); // chorus send
  for (const note of notesFor(voices)) synth.noteOn(0, note, 100);
  const left = new Float32Array(BLOCK);
  const right = new Float32Array(BLOCK);
  const realtime = timeRealtime(() => {
    left.fill(0);
    right.fill(0);
    synth.process(left, right, 0, BLOCK);
  });
  if (Math.abs(synth.voiceCount - voices) > 2) throw new Error(`spessasynth played ${synth.voiceCount} voices, not ${voices}`);
  return realtime;
}

interface FluidSynthModule {
  Synthesizer: {
    initializeWithFluidSynthModule(module: unknown): void;
  } & (new () => {
    init(rate: number): void;
    loadSFont(bytes: ArrayBuffer): Promise<number>;
    setReverbOn?(on: boolean): void;
    setChorusOn?(on: boolean): void;
    midiProgramChange(channel: number, program: number): void;
    midiControl(channel: number, controller: number, value: number): void;
    midiNoteOn(channel: number, note: number, velocity: number): void;
    render(outputs: Float32Array[]): void;
    setPolyphony?(voices: number): void;
    close(): void;
  });
  waitForReady(): Promise<void>;
}

async function fluidsynth(sf2: Uint8Array, voices: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const imported = (await import('js-synthesizer')) as unknown as FluidSynthModule & { default?: FluidSynthModule };
  const jsSynth = imported.default ?? imported;
  jsSynth.Synthesizer.initializeWithFluidSynthModule(require('js-synthesizer/libfluidsynth'));
  await jsSynth.waitForReady();
  const synth = new jsSynth.Synthesizer();
  synth.init(RATE);
  await synth.loadSFont(sf2.slice().buffer);
  synth.setReverbOn?.(true);
  synth.setChorusOn?.(true);
  synth.midiProgramChange(0, 0);
  synth.midiControl(0, 91, 100);
  synth.midiControl(0, 93, 60);
  for (const note of notesFor(voices)) synth.midiNoteOn(0, note, 100);
  const buffers = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
  const realtime = timeRealtime(() => synth.render(buffers));
  synth.close();
  return realtime;
}

async function main(): Promise<void> {
  const sf2 = benchSf2();
  for (const voices of VOICE_COUNTS) {
    const ours = bandroom(sf2, voices);
    const spessa = await spessasynth(sf2, voices);
    const fluid = await fluidsynth(sf2, voices).catch((error: unknown) => {
      report.note(`fluidsynth unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    report.figure(`synth.voices${voices}.fx-on.realtime`, ours, 'x');
    report.figure(`spessasynth.voices${voices}.fx-on.realtime`, spessa, 'x');
    report.ratio(`synth.voices${voices}.fx-on`, 'spessasynth_core', ours / spessa);
    if (fluid !== undefined) {
      report.figure(`fluidsynth-wasm.voices${voices}.fx-on.realtime`, fluid, 'x');
      report.ratio(`synth.voices${voices}.fx-on`, 'fluidsynth-wasm', ours / fluid);
    }
  }
}

await main();
