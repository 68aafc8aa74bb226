// Optimal one-to-one assignment (Hungarian / Kuhn–Munkres, O(n³), the
// potentials formulation) for the DER scorer's speaker mapping. Rectangular
// inputs are padded with zero-gain cells, so extra speakers map to nobody.

/**
 * Maximises the total gain. `gain[r][c]` for r in rows, c in columns.
 * Returns, for each row, the column it is assigned to, or −1.
 */
export function maximumAssignment(gain: readonly (readonly number[])[]): Int32Array {
  const rows = gain.length;
  const columns = Math.max(0, ...gain.map((row) => row.length));
  const n = Math.max(rows, columns);
  const assignment = new Int32Array(rows).fill(-1);
  if (n === 0) return assignment;
  let maxGain = 0;
  for (const row of gain) for (const value of row) maxGain = Math.max(maxGain, value);
  // Minimise cost = maxGain − gain over an n×n square (padding costs maxGain: "no match").
  const cost = (r: number, c: number): number => maxGain - (gain[r - 1]?.[c - 1] ?? 0);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const matchedRow = new Int32Array(n + 1); // matchedRow[column] = row (1-based), 0 = free
  const way = new Int32Array(n + 1);
  for (let r = 1; r <= n; r++) {
    matchedRow[0] = r;
    let column = 0;
    const minimum = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[column] = 1;
      const row = matchedRow[column] ?? 0;
      let delta = Infinity;
      let nextColumn = 0;
      for (let c = 1; c <= n; c++) {
        if (used[c]) continue;
        const reduced = cost(row, c) - (u[row] ?? 0) - (v[c] ?? 0);
        if (reduced < (minimum[c] ?? Infinity)) {
          minimum[c] = reduced;
          way[c] = column;
        }
        if ((minimum[c] ?? Infinity) < delta) {
          delta = minimum[c] ?? Infinity;
          nextColumn = c;
        }
      }
      for (let c = 0; c <= n; c++) {
        if (used[c]) {
          const matched = matchedRow[c] ?? 0;
          u[matched] = (u[matched] ?? 0) + delta;
          v[c] = (v[c] ?? 0) - delta;
        } else minimum[c] = (minimum[c] ?? Infinity) - delta;
      }
      column = nextColumn;
    } while ((matchedRow[column] ?? 0) !== 0);
    do {
      const previous = way[column] ?? 0;
      matchedRow[column] = matchedRow[previous] ?? 0;
      column = previous;
    } while (column !== 0);
  }
  for (let c = 1; c <= n; c++) {
    const row = (matchedRow[c] ?? 0) - 1;
    // Padded rows/columns and zero-gain pairs are "unmapped", not a mapping.
    if (row >= 0 && row < rows && c - 1 < columns && (gain[row]?.[c - 1] ?? 0) > 0) assignment[row] = c - 1;
  }
  return assignment;
}
