/**
 * Milliseconds to wait before reconnect attempt `attempt` (0 first): doubling from half a second
 * up to ten, with ±20% jitter so that a restarted server is not hit by everyone at once.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** attempt, 10_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
