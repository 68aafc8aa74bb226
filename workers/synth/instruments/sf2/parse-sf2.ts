/**
 * SF2 → InstrumentBank. Pure: bytes in, bank and warnings out, no DOM and no
 * worker globals, so it runs in the synth worker and in Node tests alike.
 */
import { InstrumentLoadError, type InstrumentBank, type LoopMode, type Preset, type Zone } from '../instrument-model';
import { LoadWarnings, asLoadError, baseName, type InstrumentLoadResult } from '../load-result';
import { MIN_LOOP_FRAMES } from '../sample-limits';
import { Gen, centibelsToGain, clamp, sustainLevel, timecentsToSeconds } from './sf2-generators';
import { readSf2Hydra } from './sf2-hydra';
import { Sf2SamplePool, type PooledSample } from './sf2-samples';
import { resolvePresets, type CombinedZone } from './sf2-zones';

/** Coarse address offsets count in blocks of 32768 frames (spec §8.1.3, gens 4, 12, 45, 50). */
const COARSE_FRAMES = 32768;

export function parseSf2(file: ArrayBuffer | Uint8Array, fileName = 'SoundFont'): InstrumentLoadResult {
  return asLoadError(fileName, () => {
    const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
    const warnings = new LoadWarnings();
    const hydra = readSf2Hydra(bytes, fileName);
    if (hydra.versionMajor === 3) {
      warnings.add('this is an SF3 (compressed) SoundFont; only its uncompressed samples can be played');
    }
    const samples = new Sf2SamplePool(hydra, fileName, warnings.add);
    const presets: Preset[] = [];
    const taken = new Set<number>();
    for (const resolved of resolvePresets(hydra, fileName, warnings.add)) {
      const owner = `preset '${resolved.name}'`;
      const zones: Zone[] = [];
      for (const combined of resolved.zones) {
        const pooled = samples.get(combined.sampleIndex);
        if (pooled) zones.push(toModelZone(combined, pooled, warnings.add));
      }
      if (zones.length === 0) {
        warnings.add(`${owner} has no playable zones; it is left out`);
        continue;
      }
      const slot = resolved.bank * 128 + resolved.program;
      if (taken.has(slot)) {
        warnings.add(`${owner} uses bank ${resolved.bank} program ${resolved.program}, which an earlier preset already has; it is left out`);
        continue;
      }
      taken.add(slot);
      presets.push({ name: resolved.name || `Program ${resolved.program}`, bank: resolved.bank, program: resolved.program, zones });
    }
    if (presets.length === 0) {
      const reason = warnings.first ? ` (${warnings.first})` : '';
      throw new InstrumentLoadError(fileName, `has no playable presets${reason}`);
    }
    presets.sort((a, b) => a.bank - b.bank || a.program - b.program);
    const bank: InstrumentBank = { kind: 'sf2', name: hydra.name || baseName(fileName), presets };
    return { bank, warnings: warnings.toArray() };
  });
}

function toModelZone(combined: CombinedZone, pooled: PooledSample, warn: (message: string) => void): Zone {
  const v = (generator: number): number => combined.values[generator] ?? 0;
  const { sample } = pooled;
  const label = `sample '${sample.name}'`;
  const length = sample.data.length;

  const overridingRootKey = v(Gen.overridingRootKey);
  const rootKey = overridingRootKey >= 0 && overridingRootKey <= 127 ? overridingRootKey : pooled.originalPitch <= 127 ? pooled.originalPitch : 60;

  const zone: Zone = {
    sample,
    keyLow: combined.keyLow,
    keyHigh: combined.keyHigh,
    velocityLow: combined.velocityLow,
    velocityHigh: combined.velocityHigh,
    rootKey,
    tuneCents: v(Gen.coarseTune) * 100 + v(Gen.fineTune) + pooled.pitchCorrection,
    keyTrackCents: clamp(v(Gen.scaleTuning), 0, 1200),
    gain: centibelsToGain(v(Gen.initialAttenuation)),
    pan: clamp(v(Gen.pan), -500, 500) / 500,
    loopMode: loopModeFor(v(Gen.sampleModes)),
    offset: 0,
    envelope: {
      delay: timecentsToSeconds(v(Gen.delayVolEnv), 5000),
      attack: timecentsToSeconds(v(Gen.attackVolEnv)),
      hold: timecentsToSeconds(v(Gen.holdVolEnv), 5000),
      decay: timecentsToSeconds(v(Gen.decayVolEnv)),
      sustain: sustainLevel(v(Gen.sustainVolEnv)),
      release: timecentsToSeconds(v(Gen.releaseVolEnv))
    },
    trigger: 'attack',
    // SF2's default velocity-to-attenuation modulator makes every zone follow velocity.
    velocityTrack: 1
  };

  const exclusiveClass = v(Gen.exclusiveClass);
  if (exclusiveClass > 0) {
    zone.group = exclusiveClass;
    zone.offBy = exclusiveClass;
  }

  const startOffset = v(Gen.startAddrsOffset) + COARSE_FRAMES * v(Gen.startAddrsCoarseOffset);
  if (startOffset !== 0) {
    zone.offset = clamp(startOffset, 0, length - 1);
    if (zone.offset !== startOffset) warn(`${label}: a zone's start offset reaches outside the sample; it is clamped`);
  }
  const endOffset = v(Gen.endAddrsOffset) + COARSE_FRAMES * v(Gen.endAddrsCoarseOffset);
  if (endOffset !== 0) {
    zone.end = clamp(length + endOffset, zone.offset + 1, length);
    if (zone.end !== length + endOffset) warn(`${label}: a zone's end offset reaches outside the sample; it is clamped`);
  }

  if (zone.loopMode !== 'no_loop') {
    const loopStartOffset = v(Gen.startloopAddrsOffset) + COARSE_FRAMES * v(Gen.startloopAddrsCoarseOffset);
    const loopEndOffset = v(Gen.endloopAddrsOffset) + COARSE_FRAMES * v(Gen.endloopAddrsCoarseOffset);
    const wantedStart = pooled.rawLoopStart + loopStartOffset;
    const wantedEnd = pooled.rawLoopEnd + loopEndOffset;
    const start = clamp(wantedStart, 0, length);
    const end = clamp(wantedEnd, 0, length);
    if (end - start < MIN_LOOP_FRAMES) {
      warn(`${label} has no usable loop (${wantedStart}–${wantedEnd} in a sample of ${length} frames); it plays without looping`);
      zone.loopMode = 'no_loop';
    } else {
      const clamped = start !== wantedStart || end !== wantedEnd;
      if (clamped) warn(`${label} has loop points outside the sample; they are clamped to ${start}–${end}`);
      if (clamped || loopStartOffset !== 0 || loopEndOffset !== 0 || !sample.loop) zone.loop = { start, end };
    }
  }
  return zone;
}

/** sampleModes: 0 and the unused 2 don't loop, 1 loops throughout, 3 loops until release (spec §8.1.3, gen 54). */
function loopModeFor(sampleModes: number): LoopMode {
  switch (sampleModes & 3) {
    case 1:
      return 'loop_continuous';
    case 3:
      return 'loop_sustain';
    default:
      return 'no_loop';
  }
}
