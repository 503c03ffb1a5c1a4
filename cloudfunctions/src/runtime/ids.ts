import { randomUUID } from 'node:crypto';

/** Random ids with a readable prefix (rep_…, led_…): unique across processes without coordination. */
export const newId = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
