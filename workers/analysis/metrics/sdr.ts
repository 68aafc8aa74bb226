/**
 * Signal-to-distortion ratio of an estimated source against the true one, in
 * dB: 10·log10(‖s‖² / ‖s − ŝ‖²). This is the plain definition (as in the
 * "SI-SDR — half-baked or well done?" paper's SDR without scaling), stricter
 * than BSS Eval's projection-based SDR: any gain or phase error counts as
 * distortion. Good enough for synthetic mixes where we hold the true parts.
 */
export function signalToDistortion(reference: Float32Array, estimate: Float32Array, from = 0, to = reference.length): number {
  let signal = 0;
  let error = 0;
  for (let i = from; i < to; i++) {
    const s = reference[i] ?? 0;
    const e = s - (estimate[i] ?? 0);
    signal += s * s;
    error += e * e;
  }
  if (signal === 0) return error === 0 ? Infinity : -Infinity;
  return 10 * Math.log10(signal / Math.max(error, 1e-30));
}
