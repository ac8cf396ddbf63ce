import { describe, expect, it } from "vitest";

import { reconnectDelay } from "./backoff";

describe("reconnectDelay", () => {
  const middle = () => 0.5;

  it("doubles from half a second", () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, middle))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it("stops growing at ten seconds", () => {
    expect(reconnectDelay(30, middle)).toBe(10_000);
  });

  it("spreads retries by up to a fifth either way", () => {
    expect(reconnectDelay(1, () => 0)).toBe(800);
    expect(reconnectDelay(1, () => 1)).toBe(1200);
  });
});
