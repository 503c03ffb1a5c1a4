// Every field of every action's input has a Chinese name, so a refusal never tells a
// supplier or a leader about `expectedVersion` or `ids`.
import type * as z from 'zod';
import { FUNCTIONS } from '../../cloudfunctions/src/handlers/registry';
import { hasFieldLabel, parseInput } from '../../cloudfunctions/src/handlers/validation';
import { defOf, fieldNames } from '../support/zod-schemas';

const actions = Object.entries(FUNCTIONS).flatMap(([fn, map]) => Object.entries(map).map(([name, def]) => [`${fn}.${name}`, def.input as z.ZodType] as const));

it('names every field of every action in Chinese', () => {
  const unnamed = actions.flatMap(([name, input]) => [...fieldNames(input)].filter((key) => !hasFieldLabel(key)).map((key) => `${name}: ${key}`));
  expect(unnamed).toEqual([]);
});

it('refuses a wrong value in any field with a message that has no English in it', () => {
  const english: string[] = [];
  for (const [name, input] of actions) {
    const shape = defOf(input)?.shape ?? {};
    for (const wrong of [null, 'x'.repeat(30_000), -1, [{}]]) {
      const result = parseInput(input, Object.fromEntries(Object.keys(shape).map((key) => [key, wrong])));
      if (result.ok) continue;
      for (const issue of result.error.issues ?? []) if (/[A-Za-z]{2,}/.test(issue.message)) english.push(`${name}: ${issue.message}`);
    }
  }
  expect(english).toEqual([]);
});
