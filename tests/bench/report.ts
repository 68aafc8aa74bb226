/** Benchmark output: one line per figure, one per comparison (>1 means Bandroom is faster). */
export const report = {
  figure(name: string, value: number, unit: string): void {
    process.stdout.write(`BENCH ${name} ${value.toFixed(2)} ${unit}\n`);
  },
  ratio(name: string, peer: string, ratio: number): void {
    process.stdout.write(`BENCH ${name}.vs.${peer} ${ratio.toFixed(3)}\n`);
  },
  note(text: string): void {
    process.stdout.write(`# ${text}\n`);
  }
};
