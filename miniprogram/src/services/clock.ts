// The time pages show and count down by: the server's, as learned from its answers.
// A phone's own clock can be minutes off (or a demo's server clock driven), and
// "3分钟前" or "距截单 25 分钟" must agree with the server that closes the wave.
let offsetMs = 0;
let source: () => number = () => Date.now() + offsetMs;

export const now = (): number => source();

/**
 * An answer stamped `serverNow`, sent at `sentAt` and received at `receivedAt` (both
 * phone time): the server's clock read halfway through the round trip.
 */
export function learnServerTime(serverNow: number, sentAt: number, receivedAt: number): void {
  offsetMs = serverNow - (sentAt + receivedAt) / 2;
}

/** Tests pin the clock to their backend's; null goes back to the phone's clock plus what the server taught it. */
export function setClock(next: (() => number) | null): void {
  source = next ?? (() => Date.now() + offsetMs);
}
