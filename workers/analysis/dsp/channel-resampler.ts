/**
 * One streaming resampler per channel, for the decode → analysis-rate step:
 * the stems stage needs the stereo image at 22.05 kHz, the rhythm and pitch
 * stages the mono mix of the same samples.
 */
import { Resampler } from './resampler';

export class ChannelResampler {
  private readonly resamplers: Resampler[] | null;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    readonly channelCount: number
  ) {
    this.resamplers = inputRate === outputRate ? null : Array.from({ length: channelCount }, () => new Resampler(inputRate, outputRate));
  }

  /** The next chunk at the output rate (the input arrays themselves when the rates match). */
  push(channels: readonly Float32Array[]): Float32Array[] {
    const resamplers = this.resamplers;
    if (!resamplers) return channels.slice(0, this.channelCount);
    return resamplers.map((resampler, c) => resampler.push(channels[c] ?? (channels[0] as Float32Array)));
  }

  flush(): Float32Array[] {
    return this.resamplers ? this.resamplers.map((resampler) => resampler.flush()) : Array.from({ length: this.channelCount }, () => new Float32Array(0));
  }
}
