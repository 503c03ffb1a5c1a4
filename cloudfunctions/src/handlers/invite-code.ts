import { randomBytes } from 'node:crypto';

/** Eight characters of an alphabet without 0/O and 1/I: easy to read out over the phone, 32^8 to guess. */
export const newInviteCode = (): string => Array.from(randomBytes(8), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');
