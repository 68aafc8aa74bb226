import { chordSymbol } from './chord-symbol';
import { sectionColour } from './section-colours';
import type { SectionSheetRow } from './section-sheet';

/**
 * The chord chart as a standalone, print-ready HTML page: the song's key,
 * tempo and count-in at the top, then each section with its label, start
 * bar and cue notes, and its bars four to a row. Plain HTML with print CSS
 * (A4/Letter, black on white, sections kept whole across pages), so
 * "Print…" from the browser gives a chart a band can put on a music stand.
 */
export interface PrintableChartInput {
  title: string;
  key: string;
  bpm: number;
  beatsPerBar: number;
  rows: readonly SectionSheetRow[];
  stemLabel(stem: string): string;
}

export const BARS_PER_ROW = 4;

export function barRows<T>(bars: readonly T[], perRow = BARS_PER_ROW): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < bars.length; i += perRow) rows.push(bars.slice(i, i + perRow));
  return rows;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function printableChordChart(input: PrintableChartInput): string {
  const sections = input.rows
    .map((row) => {
      const notes: string[] = [`${row.bars} bars`, row.key, `${Math.round(row.bpm)} BPM`];
      if (row.stemsIn?.length) notes.push(`in: ${row.stemsIn.map(input.stemLabel).join(', ')}`);
      if (row.stemsOut?.length) notes.push(`out: ${row.stemsOut.map(input.stemLabel).join(', ')}`);
      const bars = barRows(row.chordChart.map((label, i) => ({ label, bar: row.startBar + i })))
        .map(
          (line) =>
            `<div class="line">${line.map((cell) => `<div class="bar"><span class="num">${cell.bar}</span><span class="chord">${escapeHtml(chordSymbol(cell.label))}</span></div>`).join('')}${'<div class="bar empty"></div>'.repeat(BARS_PER_ROW - line.length)}</div>`
        )
        .join('');
      return `<section data-section="${escapeHtml(row.label)}"><h2><span class="tag" style="border-color:${sectionColour(row.label)}">${escapeHtml(row.label)}</span> bar ${row.startBar} <small>${escapeHtml(notes.join(' · '))}</small></h2>${bars || '<p class="none">(no full bars)</p>'}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.title)} — chord chart</title>
<style>
  @page { margin: 14mm; }
  body { font-family: system-ui, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 190mm; }
  header h1 { font-size: 18pt; margin: 0 0 2mm; }
  header p { margin: 0 0 5mm; font-size: 11pt; }
  section { break-inside: avoid; margin-bottom: 5mm; }
  h2 { font-size: 12pt; margin: 0 0 1.5mm; display: flex; gap: 2mm; align-items: baseline; }
  h2 small { font-weight: normal; color: #333; font-size: 9.5pt; }
  .tag { border: 2px solid; border-radius: 3px; padding: 0 1.5mm; }
  .line { display: grid; grid-template-columns: repeat(${BARS_PER_ROW}, 1fr); border-left: 2px solid #000; }
  .bar { border-right: 1px solid #000; border-bottom: 1px solid #999; min-height: 11mm; padding: 1mm 2mm; position: relative; }
  .bar.empty { border-right-color: transparent; }
  .num { position: absolute; top: 0.5mm; left: 1mm; font-size: 7pt; color: #555; }
  .chord { display: block; margin-top: 3mm; font-size: 15pt; font-weight: 600; }
  .none { color: #555; }
</style>
</head>
<body>
<header><h1>${escapeHtml(input.title)}</h1><p>Key ${escapeHtml(input.key)} · ${Math.round(input.bpm)} BPM · count-in ${input.beatsPerBar} beats</p></header>
${sections}
</body>
</html>
`;
}
