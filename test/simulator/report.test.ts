// The operator's outputs: a table whose columns line up in a terminal, a chart naming
// each policy, and an HTML page carrying the figures, definitions and world reasons.
import { BUILTIN_POLICIES } from '../../simulator/policies';
import { MEASURE_DEFINITIONS, chartSvg, displayWidth, findings, htmlReport, jsonReport, terminalReport, versus } from '../../simulator/report';
import { type SimulationResult, runPolicy } from '../../simulator/run';
import { WORLD_NOTES, buildWorld, worldWith } from '../../simulator/world';

jest.setTimeout(60_000);

let result: SimulationResult;

beforeAll(async () => {
  const config = worldWith({ skus: 16, suppliers: 3, days: 1, warmupDays: 1 });
  const world = buildWorld(config, 4);
  const policies = BUILTIN_POLICIES.filter((p) => ['none', 'fixed20', 'velocity-proj-stale'].includes(p.id));
  const figures = [];
  for (const p of policies) figures.push(await runPolicy(world, p));
  result = { seed: 4, world: config, policies, figures, wallMs: 1234 };
});

it('lines up the terminal table, CJK characters counting two columns', () => {
  const lines = terminalReport(result).split('\n');
  const head = lines.find((l) => l.startsWith('策略 Policy'))!;
  const rule = lines[lines.indexOf(head) + 1]!;
  expect(displayWidth(head)).toBe(displayWidth(rule));
  for (const f of result.figures) expect(lines.some((l) => l.startsWith(f.policyName) && displayWidth(l) === displayWidth(rule))).toBe(true);
});

it('compares each policy with the fixed-20% rule of the same run', () => {
  expect([versus(60, 100), versus(150, 100), versus(0, 0), versus(3, 0), versus(100, 100)]).toEqual(['−40%', '+50%', '±0%', '—', '±0%']);
  expect(findings(result.figures).length).toBeGreaterThan(0);
});

it('draws every policy on the chart, labelled in Chinese', () => {
  const svg = chartSvg(result);
  expect(svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg).toContain('超卖/万件 Oversold per 10k sold');
  expect(svg).toContain('有货未售 Stranded units');
  for (const f of result.figures) expect(svg).toContain(f.policyName.replace(/&/g, '&amp;'));
});

it('writes a self-contained report with figures, definitions and every world reason', () => {
  const html = htmlReport(result);
  expect(html).toContain('<svg');
  expect(html).not.toMatch(/<(script|link)\b/);
  for (const d of MEASURE_DEFINITIONS) expect(html).toContain(d.name);
  for (const note of Object.values(WORLD_NOTES)) expect(html).toContain(note.reason);
  const json = JSON.parse(JSON.stringify(jsonReport(result))) as { figures: unknown[]; definitions: unknown[] };
  expect(json.figures).toHaveLength(3);
  expect(json.definitions).toHaveLength(MEASURE_DEFINITIONS.length);
});
