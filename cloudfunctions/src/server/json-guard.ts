// JSON is parsed only after a cheap look at its shape: a body nested millions of levels
// deep costs seconds of a parser's time (and the one event loop everybody shares),
// while counting brackets costs a pass over the bytes. No request of ours nests deeper
// than a handful of levels.
export const MAX_JSON_DEPTH = 32;

/** Whether `text` nests arrays and objects deeper than `max`, strings skipped. */
export function nestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}
