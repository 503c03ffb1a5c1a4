// Every field of every action's input has a Chinese name, so a refusal never tells a
// supplier or a leader about `expectedVersion` or `ids`.
import type * as z from 'zod';
import { FUNCTIONS } from '../../cloudfunctions/src/handlers/registry';
import { hasFieldLabel, parseInput } from '../../cloudfunctions/src/handlers/validation';

type Def = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown; out?: unknown; options?: unknown[]; valueType?: unknown; items?: unknown[]; left?: unknown; right?: unknown; getter?: () => unknown };
const LEAVES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'int', 'bigint', 'null', 'undefined', 'any', 'unknown', 'transform', 'date', 'custom']);

/** Every object key a schema accepts, however deep (zod 4's definitions). */
function fieldNames(schema: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  const def = (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;
  if (!def || seen.has(schema)) return out;
  seen.add(schema);
  const walk = (inner: unknown) => fieldNames(inner, out, seen);
  switch (def.type) {
    case 'object':
      for (const [key, inner] of Object.entries(def.shape!)) { out.add(key); walk(inner); }
      break;
    case 'array': walk(def.element); break;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional': walk(def.innerType); break;
    case 'pipe': walk(def.in); walk(def.out); break;
    case 'union': def.options!.forEach(walk); break;
    case 'record': walk(def.valueType); break;
    case 'tuple': def.items!.forEach(walk); break;
    case 'intersection': walk(def.left); walk(def.right); break;
    case 'lazy': walk(def.getter!()); break;
    default:
      if (!LEAVES.has(def.type)) throw new Error(`the walk does not know zod type ${def.type}`);
  }
  return out;
}

const actions = Object.entries(FUNCTIONS).flatMap(([fn, map]) => Object.entries(map).map(([name, def]) => [`${fn}.${name}`, def.input as z.ZodType] as const));

it('names every field of every action in Chinese', () => {
  const unnamed = actions.flatMap(([name, input]) => [...fieldNames(input)].filter((key) => !hasFieldLabel(key)).map((key) => `${name}: ${key}`));
  expect(unnamed).toEqual([]);
});

it('refuses a wrong value in any field with a message that has no English in it', () => {
  const english: string[] = [];
  for (const [name, input] of actions) {
    const shape = (input as unknown as { _zod: { def: Def } })._zod.def.shape ?? {};
    for (const wrong of [null, 'x'.repeat(30_000), -1, [{}]]) {
      const result = parseInput(input, Object.fromEntries(Object.keys(shape).map((key) => [key, wrong])));
      if (result.ok) continue;
      for (const issue of result.error.issues ?? []) if (/[A-Za-z]{2,}/.test(issue.message)) english.push(`${name}: ${issue.message}`);
    }
  }
  expect(english).toEqual([]);
});
