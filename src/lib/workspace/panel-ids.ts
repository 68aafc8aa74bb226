/** Panel ids are `<type>-<n>`; numbering continues after the highest id in a restored layout. */
export function nextPanelId(type: string, existingIds: Iterable<string>): string {
  let highest = 0;
  const prefix = `${type}-`;
  for (const id of existingIds) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${highest + 1}`;
}

/** Second and later panels of a kind get a number so their tabs can be told apart. */
export function titleForNewPanel(baseTitle: string, existingTitles: readonly string[]): string {
  if (!existingTitles.includes(baseTitle)) return baseTitle;
  let n = 2;
  while (existingTitles.includes(`${baseTitle} ${n}`)) n += 1;
  return `${baseTitle} ${n}`;
}
