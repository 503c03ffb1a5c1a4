// A SKU's stock over time as a small SVG, built as a string so the same picture shows in
// WeChat and H5 through an <Image> data URI (no canvas, no chart library in the package).
import { inShanghai } from './format';

export interface StockPoint {
  at: number;
  onHand: number;
  sellable: number;
}

export interface ChartOptions {
  width?: number;
  height?: number;
  /** Draw the last values on to this time (now), so a flat line shows they still hold. */
  until?: number;
}

export const CHART_COLORS = { onHand: '#1f6feb', sellable: '#1a7f37' } as const;

const PAD = { left: 40, right: 10, top: 12, bottom: 24 };
const HOUR = 3_600_000;

/** 0, then a round ceiling: 1, 2, 5 × 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 10;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const fixed = (n: number): string => String(Math.round(n * 10) / 10);

/** Values hold until the next change: a step line, not a slope that invents counts in between. */
function stepPath(points: StockPoint[], key: 'onHand' | 'sellable', x: (at: number) => number, y: (v: number) => number, end: number): string {
  let d = '';
  points.forEach((p, i) => {
    d += i === 0 ? `M${fixed(x(p.at))} ${fixed(y(p[key]))}` : `H${fixed(x(p.at))}V${fixed(y(p[key]))}`;
  });
  return `${d}H${fixed(x(end))}`;
}

/** The chart as SVG text (ASCII only: labels are numbers and times). Empty points draw axes only. */
export function stockChartSvg(points: StockPoint[], options: ChartOptions = {}): string {
  const width = options.width ?? 340;
  const height = options.height ?? 160;
  const sorted = [...points].sort((a, b) => a.at - b.at);
  const firstAt = sorted[0]?.at ?? (options.until ?? 0) - HOUR;
  const lastAt = sorted[sorted.length - 1]?.at ?? firstAt;
  const end = Math.max(lastAt, options.until ?? lastAt);
  // At least an hour across, ending now: a lone fresh count still reads as a line, not a dot.
  const first = Math.min(firstAt, end - HOUR);
  const span = end - first;
  const top = niceMax(Math.max(0, ...sorted.map((p) => Math.max(p.onHand, p.sellable))));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (at: number): number => PAD.left + ((at - first) / span) * plotW;
  const y = (v: number): number => PAD.top + plotH - (Math.max(0, v) / top) * plotH;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const v of [0, top / 2, top]) {
    const gy = fixed(y(v));
    parts.push(`<line x1="${PAD.left}" y1="${gy}" x2="${width - PAD.right}" y2="${gy}" stroke="#e5e6eb" stroke-width="1"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${fixed(y(v) + 4)}" font-size="11" font-family="sans-serif" fill="#86909c" text-anchor="end">${fixed(v)}</text>`);
  }
  const label = (at: number): string => inShanghai(at).format('MM-DD HH:mm');
  const baseY = height - 6;
  parts.push(`<text x="${PAD.left}" y="${baseY}" font-size="11" font-family="sans-serif" fill="#86909c" text-anchor="start">${label(first)}</text>`);
  parts.push(`<text x="${width - PAD.right}" y="${baseY}" font-size="11" font-family="sans-serif" fill="#86909c" text-anchor="end">${label(first + span)}</text>`);
  if (sorted.length > 0) {
    for (const key of ['onHand', 'sellable'] as const) {
      parts.push(`<path d="${stepPath(sorted, key, x, y, first + span)}" fill="none" stroke="${CHART_COLORS[key]}" stroke-width="2" stroke-linejoin="round"/>`);
    }
    const lastPoint = sorted[sorted.length - 1]!;
    for (const key of ['onHand', 'sellable'] as const) {
      parts.push(`<circle cx="${fixed(x(lastPoint.at))}" cy="${fixed(y(lastPoint[key]))}" r="3" fill="${CHART_COLORS[key]}"/>`);
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 then base64, by hand: WeChat's JS engine has no btoa. */
export function base64Utf8(text: string): string {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!;
    out += b === undefined ? '=' : BASE64[(n >> 6) & 63]!;
    out += c === undefined ? '=' : BASE64[n & 63]!;
  }
  return out;
}

/** An <Image src> for an SVG: base64 works in WeChat's image component and in browsers alike. */
export const svgDataUri = (svg: string): string => `data:image/svg+xml;base64,${base64Utf8(svg)}`;

/** One bar of the variance chart: units and money (fen) either way, and its color. */
export interface VarianceBar {
  units: number;
  value: number;
  color: string;
}

/** Each variance reason's color, the same in the chart and in its legend. */
export const REASON_COLORS: Record<string, string> = {
  syncDelay: '#1f6feb', otherChannel: '#8250df', damaged: '#bf8700', lost: '#cf222e', entryError: '#0a7ea4', returnNotBooked: '#1a7f37', other: '#6e7781', none: '#afb8c1',
};

/**
 * A stocktake's variance by reason as SVG text: one row per reason, a bar left of the
 * middle for units short, right for units over, as long as its money (its units when
 * nothing has a cost). Labels are the units, ASCII only; the page's legend names the reasons.
 */
export function varianceChartSvg(bars: VarianceBar[], options: { width?: number } = {}): string {
  const width = options.width ?? 340;
  const row = 26;
  const top = 8;
  const height = top * 2 + Math.max(1, bars.length) * row;
  const mid = width / 2;
  const reach = mid - 40;
  const byValue = bars.some((b) => b.value !== 0);
  const size = (b: VarianceBar): number => Math.abs(byValue ? b.value : b.units);
  const largest = Math.max(1, ...bars.map(size));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<line x1="${mid}" y1="${top / 2}" x2="${mid}" y2="${height - top / 2}" stroke="#c9cdd4" stroke-width="1"/>`,
  ];
  bars.forEach((b, i) => {
    const length = Math.max(2, (size(b) / largest) * reach);
    const short = (byValue ? b.value : b.units) < 0;
    const x = short ? mid - length : mid;
    const y = top + i * row + 4;
    parts.push(`<rect x="${fixed(x)}" y="${y}" width="${fixed(length)}" height="${row - 8}" rx="3" fill="${b.color}"/>`);
    const labelX = short ? x - 4 : x + length + 4;
    const label = b.units > 0 ? `+${b.units}` : String(b.units);
    parts.push(`<text x="${fixed(labelX)}" y="${y + row / 2}" font-size="12" font-family="sans-serif" fill="#4e5969" text-anchor="${short ? 'end' : 'start'}">${label}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** One period's bar of a scorecard trend: its value (null: nothing to rate) and its label (ASCII). */
export interface TrendBar {
  label: string;
  value: number | null;
}

/**
 * A scorecard metric over the last periods as SVG text: one bar per period, oldest left,
 * its value above it; a period with nothing to rate gets a dash and no bar (empty is not
 * zero). Rates (0..1) are drawn against 100%, counts and money against a round ceiling.
 */
export function trendChartSvg(bars: TrendBar[], options: { width?: number; height?: number; color?: string; rate?: boolean; format?: (v: number) => string } = {}): string {
  const width = options.width ?? 340;
  const height = options.height ?? 120;
  const color = options.color ?? CHART_COLORS.onHand;
  const pad = { left: 8, right: 8, top: 18, bottom: 20 };
  const values = bars.map((b) => b.value ?? 0);
  const top = options.rate ? 1 : niceMax(Math.max(0, ...values));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.min(36, slot * 0.6);
  const format = options.format ?? ((v: number) => (options.rate ? `${fixed(v * 100)}%` : fixed(v)));
  const baseY = pad.top + plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<line x1="${pad.left}" y1="${baseY}" x2="${width - pad.right}" y2="${baseY}" stroke="#c9cdd4" stroke-width="1"/>`,
  ];
  bars.forEach((b, i) => {
    const cx = pad.left + slot * i + slot / 2;
    const text = (y: number, label: string, fill: string) =>
      `<text x="${fixed(cx)}" y="${fixed(y)}" font-size="11" font-family="sans-serif" fill="${fill}" text-anchor="middle">${label}</text>`;
    if (b.value !== null) {
      const h = Math.max(1, (Math.max(0, b.value) / top) * plotH);
      parts.push(`<rect x="${fixed(cx - barW / 2)}" y="${fixed(baseY - h)}" width="${fixed(barW)}" height="${fixed(h)}" rx="2" fill="${color}"/>`);
      parts.push(text(baseY - h - 4, format(b.value), '#4e5969'));
    } else {
      parts.push(text(baseY - 4, '-', '#86909c'));
    }
    parts.push(text(height - 6, b.label, '#86909c'));
  });
  parts.push('</svg>');
  return parts.join('');
}
