// Entity tags for answers pages poll (RFC 9110 §8.8.3, §13.1.2).

/** A weak tag over the answer's data: the same data, the same tag. */
export const weakTag = (hash: string): string => `W/"${hash}"`;

/** The tag's opaque part: W/"x" and "x" compare equal (If-None-Match uses weak comparison). */
const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/**
 * Whether If-None-Match says the page already has this answer: "*", or any tag of a
 * comma-separated list equal to ours under weak comparison. Tags never hold commas here
 * (base64url hashes), so splitting on commas is safe for ours.
 */
export function pageHasTag(ifNoneMatch: string | string[] | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const listed = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).split(',').map((t) => t.trim()).filter(Boolean);
  return listed.some((t) => t === '*' || opaque(t) === opaque(tag));
}
