// What the operator reads: the terminal table, the chart (SVG), the self-contained
// HTML report and the JSON file. Words in Chinese, with English where it helps.
import type { IntegrationLevel } from '../cloudfunctions/src/domain/model';
import { describeSettings } from './policies';
import { DEFAULT_ECONOMICS, type Economics, type Measures, exchangeRate, measuresOf } from './metrics';
import { type PolicyFigures, type SimulationResult, flowBalances } from './figures';
import { WORLD_NOTES, type WorldConfig } from './world';

export const BASELINE_POLICY = 'fixed20';

export interface Definition {
  name: string;
  text: string;
}

export const MEASURE_DEFINITIONS: Definition[] = [
  { name: '计量期 Measured days', text: '预热天数之后的天数；每件事按它发生的时刻计入（发货、缺货按波次确认时刻，需求按下单时刻）。' },
  { name: '需求 Demand', text: '计量期内团长想订的件数（每次下单的数量之和）。团长先看可售数，最多订可售数那么多。' },
  { name: '售出 Sold', text: '计量期内确认的波次里实际发出的件数。' },
  { name: '超卖 Oversold', text: '已被我方订单占用、但到波次确认时供应商实际没有的件数，加上供应商确认能发、出库时却发现短少的件数（订购 − 实发）。每一件都是要给顾客道歉的缺货。' },
  { name: '有货未售 Stranded units', text: '因可售不足被拒的需求中，当时仓库里其实有、且没被我方订单占用的件数（取两者较小值）。这是该卖没卖出去的货。' },
  { name: '超卖/万件 Oversold per 10k sold', text: '超卖件数 ÷ 售出件数 × 10,000。少卖也会让超卖件数变少；按售出折算，少卖就不会看起来像超卖更少。' },
  { name: '滞留件·时 Stranded unit-hours（次要）', text: '每个 15 分钟步长里，某商品有需求因可售不足被拒时，取“真实库存 − 我方未发订单”与这一步被拒件数中较小者，乘以步长小时数累加。以被拒件数封顶：没人要的缓冲不算滞留。' },
  { name: '净值 Net value', text: '毛利 × 售出件数 − 道歉成本 × 超卖件数（默认毛利 4 元/件、道歉成本 5 元/件 = 产品默认缺货券；见 simulator/metrics.ts，可用 --margin、--apology 改）。' },
  { name: '交换率 Exchange', text: '与固定 20% 相比，每少超卖 1 件少卖了几件：（基准售出 − 策略售出）÷（基准超卖 − 策略超卖）。' },
  { name: '售罄率 Sell-through', text: '售出 ÷（售出 + 结束时仍未卖出的真实库存）。其他渠道卖掉的货两边都不算。' },
  { name: '缺货行/千行 Shortage lines per 1,000', text: '计量期内确认的波次里，被确认缺货（哪怕缺 1 件）的订单行数，每千行。' },
  { name: '未满足需求 Unserved', text: '需求 − 实际下单的件数：包括可售不足和限购。' },
  { name: '限购 Rationed', text: '因产品的限购规则（紧缺热销商品每个团长只能拿一部分）没下成的件数；这是规则，不算有货未售。' },
  { name: '守恒 Conservation', text: '期初真实库存 + 到货 = 我方售出 + 其他渠道售出 + 损耗 + 期末真实库存；每个策略都核对（整段运行和计量期各一次）。损耗：生鲜当天没卖完、24:00 扔掉的件数，以及确认后出库时发现不能发的件数。' },
];

const LEVEL_NAMES: Record<IntegrationLevel, string> = { api: '接口 api', portal: '小程序 portal', rules: '微信群 rules' };

/** Terminal cells: a CJK character takes two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3)
      || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) ? 2 : 1;
  }
  return width;
}

const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (n: number, digits = 1): string => `${(n * 100).toFixed(digits)}%`;

/** A figure against the fixed-20% rule of the same run: −40% means 40% fewer. */
export function versus(value: number, baseline: number): string {
  if (baseline === 0) return value === 0 ? '±0%' : '—';
  const change = value / baseline - 1;
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${Math.abs(change * 100).toFixed(0)}%`;
}

/** Plain-text table; first column left-aligned, the rest right-aligned. */
export function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const TABLE_HEAD = ['策略 Policy', '售出 Sold', '超卖 Oversold', '超卖/万件 per 10k', '有货未售 Stranded', '滞留件·时 Unit-h', '净值 Net ¥', '售罄率 Sell-thru', '缺货行/千行',
  '超卖/万 vs 20%', '有货未售 vs 20%', '售出 vs 20%', '净值 vs 20%'];

export function tableRows(figures: PolicyFigures[], economics: Economics = DEFAULT_ECONOMICS): string[][] {
  const baseFigures = figures.find((f) => f.policyId === BASELINE_POLICY);
  const base = baseFigures ? measuresOf(baseFigures, economics) : undefined;
  return figures.map((f) => {
    const m = measuresOf(f, economics);
    const vs = (key: keyof Measures): string => (base ? versus(m[key], base[key]) : '—');
    return [
      f.policyName, int(f.soldUnits), int(f.oversoldUnits), m.oversoldPer10k.toFixed(1), int(f.strandedUnits), int(f.strandedUnitHours),
      int(m.netValue), pct(f.sellThrough), f.shortLinesPerThousand.toFixed(1),
      vs('oversoldPer10k'), vs('strandedUnits'), vs('soldUnits'), vs('netValue'),
    ];
  });
}

export function terminalReport(result: SimulationResult): string {
  const w = result.world;
  const title = `货准策略模拟 seed ${result.seed}：${w.skus} 个商品、${w.suppliers} 家供应商、预热 ${w.warmupDays} 天 + 计量 ${w.days} 天（${(result.wallMs / 1000).toFixed(1)} 秒）`;
  return `${title}\n\n${textTable(TABLE_HEAD, tableRows(result.figures, result.economics))}\n\n${findings(result.figures, result.economics).join('\n')}\n`;
}

// ---- chart

const PALETTE = ['#8c8c8c', '#d4380d', '#fa8c16', '#1677ff', '#13a8a8', '#389e0d', '#722ed1', '#c41d7f'];
const FONT = "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Noto Sans SC',sans-serif";

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Round axis steps (1, 2, 5 × 10ⁿ) so tick labels read cleanly. */
function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

const ox = (f: PolicyFigures): number => measuresOf(f).oversoldPer10k;
const sy = (f: PolicyFigures): number => f.strandedUnits;

/** Oversold per 10,000 sold (x) against stranded units (y), one numbered point per policy: lower-left is better. */
export function chartSvg(result: SimulationResult): string {
  const width = 760;
  const height = 500;
  const m = { left: 80, right: 24, top: 56, bottom: 150 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const figs = result.figures;
  const xTicks = niceTicks(Math.max(1, ...figs.map((f) => ox(f))));
  const yTicks = niceTicks(Math.max(1, ...figs.map((f) => sy(f))));
  const xMax = xTicks[xTicks.length - 1]!;
  const yMax = yTicks[yTicks.length - 1]!;
  const x = (v: number): number => m.left + (v / xMax) * plotW;
  const y = (v: number): number => m.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="600">超卖 vs 滞留（越靠左下越好）Oversold vs stranded</text>`);
  parts.push(`<text x="${width / 2}" y="42" text-anchor="middle" fill="#666">seed ${result.seed} · ${result.world.skus} 个商品 · ${result.world.suppliers} 家供应商 · 计量 ${result.world.days} 天</text>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${x(t)}" y1="${m.top}" x2="${x(t)}" y2="${m.top + plotH}" stroke="#eee"/>`);
    parts.push(`<text x="${x(t)}" y="${m.top + plotH + 16}" text-anchor="middle" fill="#555">${int(t)}</text>`);
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${m.left}" y1="${y(t)}" x2="${m.left + plotW}" y2="${y(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.left - 8}" y="${y(t) + 4}" text-anchor="end" fill="#555">${int(t)}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${m.left + plotW / 2}" y="${m.top + plotH + 36}" text-anchor="middle" fill="#333">超卖/万件 Oversold per 10k sold →</text>`);
  parts.push(`<text transform="translate(20 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">有货未售 Stranded units →</text>`);
  const base = figs.find((f) => f.policyId === BASELINE_POLICY);
  if (base) {
    parts.push(`<line x1="${x(ox(base))}" y1="${m.top}" x2="${x(ox(base))}" y2="${m.top + plotH}" stroke="#d4380d" stroke-dasharray="4 4" opacity="0.5"/>`);
    parts.push(`<line x1="${m.left}" y1="${y(sy(base))}" x2="${m.left + plotW}" y2="${y(sy(base))}" stroke="#d4380d" stroke-dasharray="4 4" opacity="0.5"/>`);
    parts.push(`<text x="${m.left + plotW - 4}" y="${y(sy(base)) - 4}" text-anchor="end" fill="#d4380d" opacity="0.8">固定 20% 基准 baseline</text>`);
  }
  figs.forEach((f, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    parts.push(`<circle cx="${x(ox(f)).toFixed(1)}" cy="${y(sy(f)).toFixed(1)}" r="11" fill="${color}" fill-opacity="0.85" stroke="#fff"><title>${escapeXml(f.policyName)}：超卖 ${ox(f).toFixed(1)}/万件，有货未售 ${int(sy(f))} 件</title></circle>`);
    parts.push(`<text x="${x(ox(f)).toFixed(1)}" y="${(y(sy(f)) + 4).toFixed(1)}" text-anchor="middle" fill="#fff" font-weight="700">${i + 1}</text>`);
    const col = i % 2;
    const row = Math.floor(i / 2);
    const lx = m.left + col * (plotW / 2);
    const ly = m.top + plotH + 62 + row * 22;
    parts.push(`<circle cx="${lx + 8}" cy="${ly - 4}" r="8" fill="${color}"/><text x="${lx + 8}" y="${ly}" text-anchor="middle" fill="#fff" font-size="10" font-weight="700">${i + 1}</text>`);
    parts.push(`<text x="${lx + 22}" y="${ly}" fill="#333">${escapeXml(f.policyName)}：超卖 ${ox(f).toFixed(1)}/万，有货未售 ${int(sy(f))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

// ---- HTML

const esc = escapeXml;

function htmlTable(head: string[], rows: string[][], firstLeft = true): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i === 0 && firstLeft ? ' class="l"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const formatValue = (value: unknown): string => {
  if (Array.isArray(value)) return value.length > 8 ? value.map((v) => String(v)).join(' ') : value.join(' – ');
  return String(value);
};

/**
 * What the figures say, in plain words and without opinion: which policies beat the
 * fixed-20% rule on both oversold per 10,000 sold and stranded units, which trade one for
 * the other, and the exchange each makes (sales given up per oversold unit avoided).
 */
export function findings(figures: PolicyFigures[], economics: Economics = DEFAULT_ECONOMICS): string[] {
  const baseFigures = figures.find((f) => f.policyId === BASELINE_POLICY);
  if (!baseFigures) return [];
  const base = measuresOf(baseFigures, economics);
  const others = figures.filter((f) => f !== baseFigures).map((f) => ({ f, m: measuresOf(f, economics) }));
  const both = others.filter(({ m }) => m.oversoldPer10k <= base.oversoldPer10k && m.strandedUnits <= base.strandedUnits
    && (m.oversoldPer10k < base.oversoldPer10k || m.strandedUnits < base.strandedUnits));
  const lessOversold = others.filter(({ m }) => m.oversoldPer10k < base.oversoldPer10k && m.strandedUnits > base.strandedUnits);
  const lessStranded = others.filter(({ m }) => m.strandedUnits < base.strandedUnits && m.oversoldPer10k > base.oversoldPer10k);
  const say = ({ f, m }: { f: PolicyFigures; m: Measures }): string => {
    const rate = exchangeRate(f, baseFigures);
    const trade = rate !== null ? `，每少超卖 1 件少卖 ${rate.toFixed(1)} 件` : '';
    const sold = f.soldUnits === baseFigures.soldUnits ? '' : `，售出 ${f.soldUnits > baseFigures.soldUnits ? '多' : '少'} ${int(Math.abs(f.soldUnits - baseFigures.soldUnits))} 件`;
    return `${f.policyName}（超卖/万件 ${versus(m.oversoldPer10k, base.oversoldPer10k)}，有货未售 ${versus(m.strandedUnits, base.strandedUnits)}，净值 ${versus(m.netValue, base.netValue)}${sold}${trade}）`;
  };
  const lines = [
    both.length > 0 ? `比固定 20% 超卖率更低且有货未售不更多：${both.map(say).join('；')}。` : '没有策略在超卖率和有货未售上同时胜过固定 20%。',
  ];
  if (lessOversold.length > 0) lines.push(`超卖率更低但有货未售更多（以少卖换少超卖）：${lessOversold.map(say).join('；')}。`);
  if (lessStranded.length > 0) lines.push(`有货未售更少但超卖率更高：${lessStranded.map(say).join('；')}。`);
  lines.push('一个 seed 只是一次抽样：要下结论请看 npm run bench:simulate 的多 seed 区间。');
  return lines;
}

export function htmlReport(result: SimulationResult, extra: { title?: string } = {}): string {
  const figs = result.figures;
  const w = result.world;
  const levelRows = figs.flatMap((f) => (['api', 'portal', 'rules'] as const).map((level) => [
    f.policyName, LEVEL_NAMES[level], int(f.byLevel[level].soldUnits), int(f.byLevel[level].oversoldUnits), int(f.byLevel[level].strandedUnits), int(f.byLevel[level].strandedUnitHours),
  ]));
  const flowRows = figs.map((f) => {
    const ok = flowBalances(f.flow) && flowBalances(f.runFlow);
    return [f.policyName, int(f.flow.start), int(f.flow.restocked), int(f.flow.sold), int(f.flow.elsewhere), int(f.flow.spoiled), int(f.flow.end), ok ? '✓ 平衡' : '✗ 不平衡'];
  });
  const activityRows = figs.map((f) => [
    f.policyName, int(f.activity.reportsApplied), int(f.activity.reportsHeld), `${int(f.activity.pulls)}（${int(f.activity.pullsFailed ?? 0)}）`, `${int(f.activity.reminders)} / ${int(f.activity.recountAsks ?? 0)}`,
    int(f.activity.ordersPlaced), int(f.rationedUnits), `${(f.wallMs / 1000).toFixed(1)} s`,
  ]);
  const worldRows = (Object.keys(WORLD_NOTES) as Array<keyof WorldConfig>).map((key) => [WORLD_NOTES[key].label, formatValue(w[key]), WORLD_NOTES[key].reason, key]);
  const policyRows = result.policies.map((p, i) => [`${i + 1}. ${p.name}`, describeSettings(p), p.description]);
  const title = extra.title ?? '货准 · 库存策略模拟报告';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:${FONT};margin:24px auto;max-width:1100px;padding:0 16px;color:#222;line-height:1.6}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #eee;padding-bottom:4px}
.sub{color:#666}table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid #e5e5e5;padding:4px 8px;text-align:right;vertical-align:top}th{background:#fafafa}
td.l,th:first-child{text-align:left}.words td{text-align:left}.chart{overflow-x:auto}
dt{font-weight:600;margin-top:8px}dd{margin-left:16px}code{background:#f5f5f5;padding:0 4px}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="sub">seed ${result.seed} · ${w.skus} 个商品 · ${w.suppliers} 家供应商 · 预热 ${w.warmupDays} 天 + 计量 ${w.days} 天 · 步长 ${w.stepMinutes} 分钟 · 用时 ${(result.wallMs / 1000).toFixed(1)} 秒</p>
<p>同一个模拟世界（同样的真实库存、到货、团长需求、其他渠道销售和供应商报数习惯），依次用每个策略设置产品，调用产品自己的报数、下单、截单、确认波次代码，对照真实库存计量结果。“vs 20%”是与种子规则（固定 20%）在同一次运行中的差：−40% 表示少四成。</p>
<h2>结果 Results</h2>
${htmlTable(TABLE_HEAD, tableRows(figs, result.economics))}
<ul>${findings(figs, result.economics).map((line) => `<li>${esc(line)}</li>`).join('')}</ul>
<div class="chart">${chartSvg(result)}</div>
<h2>按对接层级 By integration level</h2>
${htmlTable(['策略 Policy', '层级 Level', '售出 Sold', '超卖 Oversold', '有货未售 Stranded', '滞留件·时 Unit-h'], levelRows)}
<h2>策略 Policies</h2>
<div class="words">${htmlTable(['策略 Policy', '设置 Settings', '说明'], policyRows)}</div>
<h2>指标定义 Definitions</h2>
<dl>${MEASURE_DEFINITIONS.map((d) => `<dt>${esc(d.name)}</dt><dd>${esc(d.text)}</dd>`).join('\n')}</dl>
<h2>库存守恒 Conservation (计量期)</h2>
${htmlTable(['策略 Policy', '期初 Start', '到货 Restocked', '我方售出 Sold', '其他渠道 Elsewhere', '损耗 Written off', '期末 End', '核对'], flowRows)}
<h2>运行情况 Activity</h2>
${htmlTable(['策略 Policy', '报数生效 Reports', '暂扣待确认 Held', '产品拉取（失败）Pulls (failed)', '催报／重盘 Reminders / recounts', '下单成功 Orders', '限购 Rationed', '用时 Wall'], activityRows)}
<h2>模拟世界的参数 World parameters</h2>
<p>默认值都写在 <code>simulator/world.ts</code> 的一处，每个都有理由；它们不为任何策略调整。可以用 <code>npm run simulate -- --world 我的世界.json</code> 换成自己的业务形态。</p>
<div class="words">${htmlTable(['参数', '值', '理由', 'key'], worldRows)}</div>
<p class="sub">生成：<code>npm run simulate</code>（货准 simulator）。同一 seed 与参数，结果完全相同。</p>
</body></html>
`;
}

export function jsonReport(result: SimulationResult): unknown {
  return {
    generatedBy: 'huozhun simulator',
    seed: result.seed,
    world: result.world,
    worldNotes: WORLD_NOTES,
    policies: result.policies,
    definitions: MEASURE_DEFINITIONS,
    baseline: BASELINE_POLICY,
    economics: result.economics ?? DEFAULT_ECONOMICS,
    figures: result.figures,
    wallMs: result.wallMs,
  };
}
