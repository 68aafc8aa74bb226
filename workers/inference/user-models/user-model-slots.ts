/**
 * The two slots a user can fill with their own ONNX model, and the contract a
 * file must meet to go in one (checked by user-model-check.ts when loaded).
 *
 * Stem separator — stereo waveform in, N stems out:
 *   input  "mix"   float32 [1, 2, samples]     44.1 kHz, left/right
 *   output "stems" float32 [1, N, 2, samples]  same length, one stereo track per stem
 *   `samples` may be fixed (e.g. Demucs' 343980) or dynamic; the app cuts any
 *   recording into segments of that length with 25 % overlap and cross-fades
 *   them back (overlap-add), so any length works. Optional ONNX metadata
 *   `stem_names` = "drums,bass,other,vocals" names the stems; otherwise they
 *   are "stem-1"…"stem-N". A stem named "bass" and one named "vocals" feed
 *   the notes fallback. Export a Demucs/Open-Unmix model with its STFT inside
 *   the graph (opset 17 STFT) to fit.
 *
 * Speaker embedding — log-mel frames in, one embedding out:
 *   input  "feats" float32 [1, frames, 80]    Kaldi-style fbank: 16 kHz, 25 ms
 *          frames every 10 ms, 80 mel bins, log energies, mean-normalised per window
 *   output "embs"  float32 [1, D]              one vector per window
 *   The names and features are those of WeSpeaker's ONNX exports (ResNet,
 *   ECAPA-TDNN), which load as they are.
 */
import type { ModelContract } from '../../../models/model-manifest.ts';

export const USER_MODEL_SLOTS = ['stem-separator', 'speaker-embedding'] as const;
export type UserModelSlot = (typeof USER_MODEL_SLOTS)[number];

/** Larger files would not fit next to a decoded rehearsal in a tab (HT Demucs is ~170 MB). */
export const MAX_USER_MODEL_BYTES = 512 * 1024 * 1024;

export const SEPARATOR_SAMPLE_RATE = 44100;
export const EMBEDDING_SAMPLE_RATE = 16000;
export const FBANK_BINS = 80;

export const USER_MODEL_CONTRACTS: Readonly<Record<UserModelSlot, ModelContract>> = {
  'stem-separator': {
    sampleRate: SEPARATOR_SAMPLE_RATE,
    inputs: [{ name: 'mix', dtype: 'float32', shape: [1, 2, 'samples'], description: 'stereo mix at 44.1 kHz' }],
    outputs: [{ name: 'stems', dtype: 'float32', shape: [1, 'stems', 2, 'samples'], description: 'one stereo track per stem, same length as the input' }]
  },
  'speaker-embedding': {
    sampleRate: EMBEDDING_SAMPLE_RATE,
    inputs: [{ name: 'feats', dtype: 'float32', shape: [1, 'frames', FBANK_BINS], description: '80-bin log-mel fbank frames (25 ms / 10 ms at 16 kHz), mean-normalised' }],
    outputs: [{ name: 'embs', dtype: 'float32', shape: [1, 'dimensions'], description: 'one speaker embedding' }]
  }
};

export const USER_MODEL_SLOT_TITLES: Readonly<Record<UserModelSlot, string>> = {
  'stem-separator': 'Stem separator',
  'speaker-embedding': 'Speaker embedding'
};

/** One line per slot for the model manager: what the file must look like. */
export function describeContract(slot: UserModelSlot): string {
  const contract = USER_MODEL_CONTRACTS[slot];
  const tensor = (value: ModelContract['inputs'][number]) => `"${value.name}" ${value.dtype} [${value.shape.join(', ')}]`;
  return `in ${contract.inputs.map(tensor).join(', ')} → out ${contract.outputs.map(tensor).join(', ')} at ${(contract.sampleRate ?? 0) / 1000} kHz`;
}
