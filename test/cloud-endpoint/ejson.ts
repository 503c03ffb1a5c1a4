// Just enough canonical Extended JSON for what @cloudbase/database sends and parses:
// the SDK writes numbers as {$numberInt}/{$numberDouble}/{$numberLong}, dates as
// {$date}, regular expressions as {$regularExpression} and server dates as
// {$tcb_server_date: {offset}}; it reads replies back with bson's EJSON.parse.
// Kept local so the endpoint does not lean on bson, a transitive dependency.

export type Value = unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

const numberFrom = (s: unknown): number => {
  if (typeof s === 'number') return s;
  if (s === 'Infinity') return Infinity;
  if (s === '-Infinity') return -Infinity;
  if (s === 'NaN') return NaN;
  return Number(s);
};

/** EJSON value (already JSON.parse'd) to plain JS: numbers, Date, RegExp. */
export function decode(v: Value): Value {
  if (Array.isArray(v)) return v.map(decode);
  if (!isPlainObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const [k] = keys as [string];
    const inner = v[k];
    switch (k) {
      case '$numberInt':
      case '$numberLong':
      case '$numberDouble':
        return numberFrom(inner);
      case '$date':
        if (isPlainObject(inner)) return new Date(numberFrom(inner.$numberLong));
        return new Date(inner as string | number);
      case '$tcb_server_date':
        // db.serverDate(): the server stamps its own clock plus the offset.
        return new Date(Date.now() + numberFrom(isPlainObject(inner) ? inner.offset ?? 0 : 0));
      case '$regularExpression': {
        const { pattern, options } = inner as { pattern: string; options?: string };
        return new RegExp(pattern, (options ?? '').replace(/[^imsu]/g, ''));
      }
      case '$oid':
        return inner;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decode(v[k]);
  return out;
}

export const parse = (text: string): Value => decode(JSON.parse(text));

/** Plain JS to canonical EJSON (what the real service answers; the SDK parses it relaxed). */
export function encode(v: Value): Value {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff && !Object.is(v, -0)) return { $numberInt: String(v) };
    return { $numberDouble: String(v) }; // 'Infinity' and 'NaN' are canonical too
  }
  if (v instanceof Date) return { $date: { $numberLong: String(v.getTime()) } };
  if (v instanceof RegExp) return { $regularExpression: { pattern: v.source, options: v.flags } };
  if (Array.isArray(v)) return v.map(encode);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(x);
    return out;
  }
  return v;
}

export const stringify = (v: Value): string => JSON.stringify(encode(v));
