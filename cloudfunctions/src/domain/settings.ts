import type { Settings } from './model';

/** The seed's rule (DESIGN §3): hold back 20% of onHand; warn at 10 sellable. */
export const DEFAULT_SETTINGS: Settings = {
  bufferPolicy: { ratio: 0.2 },
  warningLine: 10,
};
