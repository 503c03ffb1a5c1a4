// The sweep's chart: each policy's net value Δ% against fixed 20% (with its 90%
// interval) at every value of the swept parameter. Lines that cross zero flip the verdict.
import type { SweepResult } from './sweep';
import { sweepText } from './sweep';

const PALETTE = ['#8c8c8c', '#d4380d', '#fa8c16', '#1677ff', '#13a8a8', '#389e0d', '#722ed1', '#c41d7f', '#5b8c00', '#0050b3', '#ad6800', '#531dab'];
const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function sweepSvg(result: SweepResult, metric: 'netValue' | 'oversoldPer10k' = 'netValue'): string {
  const width = 820;
  const height = 520;
  const m = { left: 70, right: 200, top: 50, bottom: 50 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const labels = result.points[0]?.summaries.map((s) => s.label) ?? [];
  const cells = result.points.map((p) => p.summaries.map((s) => s.delta[metric]));
  const all = cells.flat().flatMap((i) => [i.lo, i.hi]).filter(Number.isFinite);
  const yMin = Math.min(0, ...all);
  const yMax = Math.max(0, ...all);
  const span = yMax - yMin || 1;
  const x = (v: number): number => m.left + (result.points.length === 1 ? plotW / 2 : (v / (result.points.length - 1)) * plotW);
  const y = (d: number): number => m.top + plotH - ((d - yMin) / span) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left + plotW / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${metric === 'netValue' ? 'net value' : 'oversold/10k'} Δ% vs fixed20 over ${esc(String(result.spec.key))}</text>`,
    `<line x1="${m.left}" y1="${y(0)}" x2="${m.left + plotW}" y2="${y(0)}" stroke="#d4380d" stroke-dasharray="4 4"/>`,
    `<text x="${m.left - 6}" y="${y(0) + 4}" text-anchor="end">0%</text>`,
    `<text x="${m.left - 6}" y="${y(yMax) + 4}" text-anchor="end">${(yMax * 100).toFixed(1)}%</text>`,
    `<text x="${m.left - 6}" y="${y(yMin) + 4}" text-anchor="end">${(yMin * 100).toFixed(1)}%</text>`,
  ];
  result.points.forEach((p, v) => parts.push(`<text x="${x(v)}" y="${m.top + plotH + 20}" text-anchor="middle">${p.value}</text>`));
  labels.forEach((label, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const pts = cells.map((row, v) => `${x(v).toFixed(1)},${y(row[i]!.estimate).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    cells.forEach((row, v) => {
      const c = row[i]!;
      parts.push(`<line x1="${x(v) + (i - labels.length / 2) * 2}" y1="${y(c.lo)}" x2="${x(v) + (i - labels.length / 2) * 2}" y2="${y(c.hi)}" stroke="${color}" opacity="0.4"/>`);
    });
    parts.push(`<text x="${m.left + plotW + 10}" y="${m.top + 14 + i * 18}" fill="${color}">${esc(label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export function sweepHtml(result: SweepResult): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>货准 · 参数扫描 ${esc(String(result.spec.key))}</title>
<style>body{font-family:sans-serif;max-width:1000px;margin:24px auto;padding:0 16px}pre{white-space:pre-wrap;background:#f7f7f7;padding:8px}</style></head><body>
<h1>参数扫描 Sensitivity: ${esc(String(result.spec.key))}</h1>
${sweepSvg(result, 'netValue')}
${sweepSvg(result, 'oversoldPer10k')}
<pre>${esc(sweepText(result))}</pre>
<p>Δ% = 各 seed 与固定 20% 的差之和 ÷ 固定 20% 之和；区间为按 seed 成对重抽样的 90% bootstrap。“clearly better/worse” 指整个区间都在 0 的一侧。</p>
</body></html>
`;
}
