// Reading the actions' zod (v4) input schemas from tests: the field names they accept,
// and fast-check arbitraries that produce mostly-valid inputs with wrong values mixed
// in, so a fuzz run reaches deep into the handlers instead of stopping at validation.
import fc from 'fast-check';

interface Check { check?: string; format?: string; pattern?: RegExp; minimum?: number; maximum?: number; value?: number }
interface Def {
  type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown; out?: unknown;
  options?: unknown[]; keyType?: unknown; valueType?: unknown; items?: unknown[]; left?: unknown; right?: unknown;
  getter?: () => unknown; entries?: Record<string, string>; values?: unknown[]; checks?: Array<{ _zod: { def: Check } }>;
}
const LEAVES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'int', 'bigint', 'null', 'undefined', 'any', 'unknown', 'transform', 'date', 'custom']);
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

export const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;

/** Every object key a schema accepts, however deep. */
export function fieldNames(schema: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  const def = defOf(schema);
  if (!def || seen.has(schema)) return out;
  seen.add(schema);
  const walk = (inner: unknown) => fieldNames(inner, out, seen);
  if (def.type === 'object') for (const [key, inner] of Object.entries(def.shape!)) { out.add(key); walk(inner); }
  else if (def.type === 'array') walk(def.element);
  else if (WRAPPERS.has(def.type)) walk(def.innerType);
  else if (def.type === 'pipe') { walk(def.in); walk(def.out); }
  else if (def.type === 'union') def.options!.forEach(walk);
  else if (def.type === 'record') walk(def.valueType);
  else if (def.type === 'tuple') def.items!.forEach(walk);
  else if (def.type === 'intersection') { walk(def.left); walk(def.right); }
  else if (def.type === 'lazy') walk(def.getter!());
  else if (!LEAVES.has(def.type)) throw new Error(`the walk does not know zod type ${def.type}`);
  return out;
}

const checksOf = (def: Def): Check[] => (def.checks ?? []).map((c) => c._zod.def);

/**
 * Strings a schema might want: known ids from the world, markers a run resolves to live
 * ids, and noise; by field name where a field wants a kind of id (skuId, waveId…).
 */
export interface ValuePools { strings: string[]; byField?: Record<string, string[]> }

/** Values of the wrong kind, as a careless or hostile caller sends them. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, '', '__proto__', 'constructor', -1, 0, 0.5, 1e9, 1e308, true, [], {}),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.integer(),
);

function stringOf(def: Def, pools: ValuePools, field?: string): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const pattern = checks.find((c) => c.format === 'regex')?.pattern;
  const meant = field !== undefined && Object.hasOwn(pools.byField ?? {}, field) ? pools.byField![field]! : undefined;
  if (meant) return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...meant) }, { weight: 1, arbitrary: pattern ? fc.stringMatching(pattern) : fc.constantFrom(...pools.strings) });
  if (pattern) return fc.stringMatching(pattern);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 40, 40);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.strings) }, { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max) }) });
}

function numberOf(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const min = checks.find((c) => c.check === 'greater_than')?.value ?? -10;
  const max = Math.min(checks.find((c) => c.check === 'less_than')?.value ?? 1000, 10_000);
  const integer = checks.some((c) => c.format === 'safeint') || def.type === 'int';
  const low = Math.max(min, -1_000_000);
  const high = Math.max(low, max);
  const within = (a: number, b: number) => (integer ? fc.integer({ min: Math.ceil(a), max: Math.max(Math.ceil(a), Math.floor(b)) }) : fc.double({ min: a, max: b, noNaN: true }));
  // Real counts and quantities are mostly small: near the bottom of the range, now and then anywhere in it.
  return fc.oneof({ weight: 9, arbitrary: within(low, Math.min(high, Math.max(low, 0) + 12)) }, { weight: 1, arbitrary: within(low, high) });
}

/** An arbitrary for a schema's inputs: each node valid most of the time, wrong now and then. */
export function arbitraryOf(schema: unknown, pools: ValuePools, depth = 0, field?: string): fc.Arbitrary<unknown> {
  const valid = validOf(schema, pools, depth, field);
  return depth === 0 ? valid : fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: wrongValue });
}

function validOf(schema: unknown, pools: ValuePools, depth: number, field?: string): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (!def) return fc.constant(undefined);
  // Wrappers and arrays keep the field's name: `ids: string[]` wants alert ids.
  const inner = (s: unknown, key = field) => arbitraryOf(s, pools, depth + 1, key);
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape!).map(([key, s]) => [key, inner(s, key)]));
      return fc.record(shape, { requiredKeys: Object.keys(shape).filter((key) => !WRAPPERS.has(defOf(def.shape![key])?.type ?? '')) });
    }
    case 'array': {
      // Mostly one item (one line of a report or an order is valid more often), sometimes several.
      const item = inner(def.element);
      return fc.oneof({ weight: 3, arbitrary: fc.array(item, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(item, { maxLength: depth > 2 ? 1 : 4 }) });
    }
    case 'optional': case 'default': case 'prefault': return fc.option(inner(def.innerType), { nil: undefined });
    case 'nullable': return fc.option(inner(def.innerType), { nil: null });
    case 'readonly': case 'catch': case 'nonoptional': return validOf(def.innerType, pools, depth, field);
    case 'pipe': return validOf(def.in, pools, depth, field);
    case 'union': return fc.oneof(...def.options!.map((o) => validOf(o, pools, depth, field)));
    case 'record': return fc.dictionary(stringOf(defOf(def.keyType) ?? { type: 'string' }, pools), inner(def.valueType), { maxKeys: 3 });
    case 'lazy': return validOf(def.getter!(), pools, depth, field);
    case 'string': return stringOf(def, pools, field);
    case 'number': case 'int': return numberOf(def);
    case 'boolean': return fc.boolean();
    case 'enum': return fc.constantFrom(...Object.values(def.entries!));
    case 'literal': return fc.constantFrom(...def.values!);
    default: return wrongValue;
  }
}
