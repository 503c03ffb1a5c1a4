// bench/jielong-snapshot: the parser's answers, saved before a speed change and compared
// after it, so a faster parser is shown to parse exactly as before (byte for byte in JSON).
// Parsed: bench:jielong's 2,000-line list against its 3,000-SKU catalogue, the same with
// aliases on a third of the SKUs (operator's and leader's, so the alias lookups are
// exercised too), and every 接龙 fixture (all three folders) against every fixture
// catalogue and the bench catalogue (a fixture against a catalogue it was not written for
// reaches other branches: ties, near misses, nothing found).
// Run: npx tsx bench/jielong-snapshot.ts save|check [file]   (default bench/out/jielong-parses.json, not committed)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CatalogueEntry, parseJielong } from '../cloudfunctions/src/domain/jielong';
import { JIELONG_CATALOGUE } from '../test/fixtures/jielong/catalogue';
import { SHAPES_CATALOGUE } from '../test/fixtures/jielong/shapes/catalogue';
import { WEIGHED_CATALOGUE } from '../test/fixtures/jielong/weighed/catalogue';
import { catalogue, list } from './jielong';

const [mode = 'check', file = join(__dirname, 'out/jielong-parses.json')] = process.argv.slice(2);
const FIXTURES = join(__dirname, '../test/fixtures/jielong');

const benchSkus = catalogue();
const benchText = list(benchSkus);
/** A third of the SKUs with an operator's alias (its last word) and a sixth with a leader's (its first two letters). */
const aliased: CatalogueEntry[] = benchSkus.map((e, i) => ({
  ...e,
  ...(i % 3 === 0 ? { aliases: [e.name.slice(-3)] } : {}),
  ...(i % 6 === 1 ? { leaderAliases: [e.name.slice(0, 2)] } : {}),
}));

const catalogues: Record<string, CatalogueEntry[]> = {
  fixtures: JIELONG_CATALOGUE, weighed: WEIGHED_CATALOGUE, shapes: SHAPES_CATALOGUE, bench: benchSkus,
};

const parses: Record<string, unknown> = {
  'bench list × bench catalogue': parseJielong(benchText, benchSkus),
  'bench list × bench catalogue with aliases': parseJielong(benchText, aliased),
};
for (const dir of ['', 'weighed', 'shapes']) {
  for (const f of readdirSync(join(FIXTURES, dir)).filter((x) => x.endsWith('.txt')).sort()) {
    const text = readFileSync(join(FIXTURES, dir, f), 'utf8');
    for (const [name, skus] of Object.entries(catalogues)) parses[`${join(dir, f)} × ${name}`] = parseJielong(text, skus);
  }
}

const json = JSON.stringify(parses, null, 1);
if (mode === 'save') {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, json);
  console.log(`saved ${Object.keys(parses).length} parses (${json.length} chars) to ${file}`);
} else {
  const before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const differ = Object.keys({ ...before, ...parses }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(parses[k]));
  if (differ.length > 0 || readFileSync(file, 'utf8') !== json) {
    console.error(`DIFFERENT: ${differ.length} parses differ from ${file}: ${differ.slice(0, 10).join('; ')}`);
    process.exit(1);
  }
  console.log(`identical: all ${Object.keys(parses).length} parses byte for byte as in ${file}`);
}
