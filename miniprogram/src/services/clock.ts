// The phone's clock, injectable so tests can pin "3分钟前" to the server's test clock.
let source: () => number = () => Date.now();

export const now = (): number => source();

export function setClock(next: (() => number) | null): void {
  source = next ?? (() => Date.now());
}
