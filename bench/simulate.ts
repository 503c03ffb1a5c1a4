// bench/simulate: every built-in policy over many seeds of one world, in parallel child
// processes; each policy's per-seed difference from the seed's fixed-20% rule (the
// baseline, same seed, same world) with a seeded bootstrap 90% interval, in one table.
// The bench world is smaller than the CLI's default so 20 seeds finish in about ten
// minutes on 2 cores; pass --skus / --suppliers / --days to change it.
// Run: npm run bench:simulate [-- --seeds 20 | --seeds 1,2,3] [--policies a,b] [--storefronts] [--jobs N] [--skus N] [--margin Y] [--apology Y]
import { parseArgs } from 'node:util';
import { DEFAULT_ECONOMICS } from '../simulator/metrics';
import { defaultJobs, simulateSeeds } from '../simulator/parallel';
import { BUILTIN_POLICIES, STOREFRONT_POLICIES } from '../simulator/policies';
import { exchangeLines, summarize, summaryTable } from '../simulator/summary';
import { SEEDS_WORLD } from '../simulator/world-config';
import { worldWith } from '../simulator/world';


function seedList(text: string | undefined): number[] {
  if (!text) return Array.from({ length: 20 }, (_, i) => i + 1);
  if (/^\d+$/.test(text)) return Array.from({ length: Number(text) }, (_, i) => i + 1);
  return text.split(',').map(Number);
}

/**
 * The policies named (fixed20, the baseline, always), built-in ones then storefront ones,
 * in their order; all built-in ones by default. --storefronts: fixed20 and every storefront policy.
 */
function policyList(text: string | undefined, storefronts: boolean): typeof BUILTIN_POLICIES {
  const known = [...BUILTIN_POLICIES, ...STOREFRONT_POLICIES];
  if (!text && !storefronts) return BUILTIN_POLICIES;
  const named = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const wanted = new Set(['fixed20', ...named, ...(storefronts ? STOREFRONT_POLICIES.map((p) => p.id) : [])]);
  const unknown = [...wanted].filter((id) => !known.some((p) => p.id === id));
  if (unknown.length > 0) throw new Error(`--policies: no built-in or storefront policy ${unknown.join(', ')}`);
  return known.filter((p) => wanted.has(p.id));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' }, jobs: { type: 'string' }, skus: { type: 'string' }, suppliers: { type: 'string' },
      days: { type: 'string' }, margin: { type: 'string' }, apology: { type: 'string' }, policies: { type: 'string' },
      storefronts: { type: 'boolean' },
    },
  });
  const seeds = seedList(values.seeds);
  const policies = policyList(values.policies, values.storefronts === true);
  const config = worldWith({
    ...SEEDS_WORLD,
    ...(values.skus ? { skus: Number(values.skus) } : {}),
    ...(values.suppliers ? { suppliers: Number(values.suppliers) } : {}),
    ...(values.days ? { days: Number(values.days) } : {}),
  });
  const economics = {
    marginYuan: values.margin ? Number(values.margin) : DEFAULT_ECONOMICS.marginYuan,
    apologyYuan: values.apology ? Number(values.apology) : DEFAULT_ECONOMICS.apologyYuan,
  };
  const jobs = values.jobs ? Number(values.jobs) : defaultJobs(seeds.length * policies.length);
  console.log(`bench/simulate: ${config.skus} SKUs, ${config.suppliers} suppliers, ${config.warmupDays} warm-up + ${config.days} measured days, ${config.stepMinutes}-min steps; ${seeds.length} seeds (${seeds[0]}…${seeds[seeds.length - 1]}); ${jobs} child processes`);
  console.log(`baseline: fixed20 in the same seed. net value = ${economics.marginYuan} yuan margin × units sold − ${economics.apologyYuan} yuan apology × oversold units.\n`);

  let lastTenth = -1;
  const results = await simulateSeeds(config, seeds, policies, {
    jobs,
    onProgress: (done, total) => {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${tenth * 10}%\n`);
      }
    },
  });
  const rows = summarize(results, economics);
  console.log(summaryTable(rows));
  console.log('\nExchange (over all seeds, against fixed20):');
  for (const line of exchangeLines(rows)) console.log(`  ${line}`);
  const base = rows.find((r) => r.policyId === 'fixed20')!;
  console.log(`\nfixed20 over ${seeds.length} seeds: ${base.totals.soldUnits.toLocaleString('en-US')} sold, ${base.totals.oversoldUnits.toLocaleString('en-US')} oversold, ${base.totals.strandedUnits.toLocaleString('en-US')} stranded units.`);
  const stores = policies.map((p, i) => ({ p, i })).filter(({ p }) => p.storefronts);
  if (stores.length > 0) {
    console.log('\nStorefronts, over all seeds (storefront short: sold in a listing, not reservable here; part of oversold):');
    for (const { p, i } of stores) {
      const total = (key: 'shortUnits' | 'shortStockUnits' | 'shortQuotaUnits' | 'turnedAwayUnits' | 'pushes' | 'retypes'): number => results.reduce((s, r) => s + (r.figures[i]!.storefront?.[key] ?? 0), 0);
      const supplier = results.reduce((s, r) => s + r.figures[i]!.oversoldUnits, 0) - total('shortUnits');
      const over = Math.max(...results.map((r) => r.figures[i]!.storefront?.maxShownOverSellable ?? 0));
      console.log(`  ${p.id}: oversold ${supplier} at the supplier + ${total('shortUnits')} storefront short (stock ${total('shortStockUnits')}, ration ${total('shortQuotaUnits')}); ${total('turnedAwayUnits')} units turned away by a listing's count; ${total('pushes')} pushes, ${total('retypes')} retypes; listings of a SKU showed at most ${over} over sellable`);
    }
  }
  const cpu = results.flatMap((r) => r.figures).reduce((s, f) => s + f.wallMs, 0);
  const perPolicy = policies.map((p, i) => `${p.id} ${(results.reduce((s, r) => s + r.figures[i]!.wallMs, 0) / results.length / 1000).toFixed(1)} s`);
  console.log(`Wall time ${(results[0]!.wallMs / 1000).toFixed(0)} s; replay time summed ${(cpu / 1000).toFixed(0)} s. Per replay, mean: ${perPolicy.join(', ')}`);
}

void main();
