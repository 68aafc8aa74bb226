import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beatSynchronous } from '$workers/analysis/harmony/chroma-sequence';
import { estimateChords } from '$workers/analysis/harmony/chords';
import { computeChromagram, type Chromagram } from '$workers/analysis/harmony/chromagram';
import { estimateKey } from '$workers/analysis/harmony/key';
import { blendChroma, NOTE_CHROMA_WEIGHT, noteChroma, type ChromaNote } from '$workers/analysis/harmony/note-chroma';
import { majMinRecall } from '$workers/analysis/harmony-metrics/chord-recall';
import { mirexKeyScore } from '$workers/analysis/harmony-metrics/key-score';
import { DspStemSeparator } from '$workers/analysis/stems/stem-separator';
import { decodeWav } from '$workers/synth/instruments/decode-wav';
import { SONGS, renderSong, songTruth, type SongTruth } from '../fixtures/harmony-songs';
import { report } from './report';

/**
 * Do transcribed notes improve key and chords? On the rendered songs whose
 * MIDI is the truth (tests/fixtures/harmony-songs.ts; the ones with drums are
 * the full-band ones), as the pipeline would run: Basic Pitch (streamed) on
 * the DSP harmonic stem, the audio chroma of the mix, then key (MIREX weighted
 * score) and chords (MajMin duration-weighted recall, beat-synchronous as
 * the pipeline runs them, and frame by frame: a harder case) from
 * the audio chroma alone and from blends with the note chroma at several
 * weights. The beats are the true ones, so only the chroma differs.
 */
const RATE = 22050;
const WEIGHTS = [0, 0.25, 0.5, 0.75, 1];
/** The blend the pipeline uses (reported as "with-notes"). */
const WITH_NOTES_WEIGHT = NOTE_CHROMA_WEIGHT;
/**
 * The clean renders are easy (audio alone scores 1.00, so notes can only
 * lose there); the same songs under noise at this signal-to-noise ratio are
 * a test where notes could help.
 */
const NOISY_SNR_DB = 0;

/** The mix plus deterministic white noise at `snrDb` below its RMS. */
function underNoise(mix: Float32Array, snrDb: number): Float32Array {
  let energy = 0;
  for (const x of mix) energy += x * x;
  const noiseRms = Math.sqrt(energy / Math.max(1, mix.length)) * 10 ** (-snrDb / 20);
  let seed = 12345;
  const out = new Float32Array(mix.length);
  for (let i = 0; i < mix.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    // Uniform in ±√3·rms has the wanted RMS.
    out[i] = mix[i]! + ((seed / 2 ** 32) * 2 - 1) * Math.sqrt(3) * noiseRms;
  }
  return out;
}

interface Song {
  name: string;
  fullBand: boolean;
  /** Played under broadband noise at NOISY_SNR_DB: where the audio chroma is no longer easy. */
  noisy: boolean;
  truth: SongTruth;
  chroma: Chromagram;
  notes: ChromaNote[];
}

function harmonicStem(mix: Float32Array): Float32Array {
  const separator = new DspStemSeparator(RATE, 1);
  const parts: Float32Array[] = [];
  for (let at = 0; at < mix.length; at += 65_536) parts.push(separator.push([mix.subarray(at, at + 65_536)]).harmonic.slice());
  parts.push(separator.flush().harmonic.slice());
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function songs(): Promise<Song[]> {
  const ort = await import('onnxruntime-web/wasm');
  const { onnxBasicPitchModel } = await import('../../workers/inference/basic-pitch/onnx-basic-pitch.ts');
  const { transcribeInSegments } = await import('../../workers/inference/basic-pitch/streaming-transcription.ts');
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(join(process.cwd(), 'static/models/basic-pitch.onnx')), { graphOptimizationLevel: 'all' });
  const model = onnxBasicPitchModel(session);
  const out: Song[] = [];
  for (const spec of SONGS) {
    const path = renderSong(spec, RATE);
    const wav = decodeWav(readFileSync(path), path);
    for (const noisy of [false, true]) {
      const mix = noisy ? underNoise(wav.data, NOISY_SNR_DB) : wav.data;
      const notes = await transcribeInSegments(model, harmonicStem(mix));
      out.push({
        name: noisy ? `${spec.name} (noisy)` : spec.name,
        fullBand: spec.drums,
        noisy,
        truth: songTruth(spec),
        chroma: computeChromagram(mix, wav.sampleRate),
        notes: notes.map((note) => ({ start: note.startSeconds, duration: note.durationSeconds, pitch: note.pitchMidi, confidence: note.confidence }))
      });
    }
  }
  await session.release();
  return out;
}

function scores(song: Song, weight: number): { key: number; chords: number; frameChords: number; keyLabel: string } {
  const sequence = weight === 0 ? song.chroma : blendChroma(song.chroma, noteChroma(song.notes, song.chroma), weight);
  const key = estimateKey(sequence);
  return {
    key: mirexKeyScore(song.truth.key, key.label),
    keyLabel: key.label,
    chords: majMinRecall(song.truth.chords, estimateChords(beatSynchronous(sequence, song.truth.beats))),
    frameChords: majMinRecall(song.truth.chords, estimateChords(sequence))
  };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

const all = await songs();
const clean = all.filter((song) => !song.noisy);
report.note(`${clean.length} rendered songs (${clean.filter((song) => song.fullBand).length} full-band with drums), clean and under noise at ${NOISY_SNR_DB} dB SNR; Basic Pitch on the DSP harmonic stem, true beats`);
for (const song of all) {
  const line = WEIGHTS.map((weight) => {
    const s = scores(song, weight);
    return `w${weight}: ${s.keyLabel} (${s.key}) chords ${s.chords.toFixed(3)} beats, ${s.frameChords.toFixed(3)} frames`;
  }).join('; ');
  report.note(`${song.name} (key ${song.truth.key}, ${song.notes.length} notes): ${line}`);
}
for (const [group, members] of [
  ['', clean],
  ['.full-band', clean.filter((song) => song.fullBand)],
  ['.noisy', all.filter((song) => song.noisy)]
] as const) {
  for (const weight of WEIGHTS) {
    const results = members.map((song) => scores(song, weight));
    const name = weight === 0 ? 'without-notes' : weight === WITH_NOTES_WEIGHT ? 'with-notes' : `notes-weight-${weight}`;
    report.figure(`analysis.key.mirex${group}.${name}`, mean(results.map((r) => r.key)), 'score');
    report.figure(`analysis.chords.majmin${group}.${name}`, mean(results.map((r) => r.chords)), 'recall');
    report.figure(`analysis.chords.majmin.frames${group}.${name}`, mean(results.map((r) => r.frameChords)), 'recall');
  }
}
