import { describe, expect, it } from "vitest";

import { windowEndingAt } from "./historyWindows";

describe("windowEndingAt", () => {
  it("loads only the newest 2000 updates of a long room, from the text before them", () => {
    expect(windowEndingAt(100_000)).toEqual({
      base: 98_000,
      pages: [
        { since: 98_000, limit: 1000 },
        { since: 99_000, limit: 1000 },
      ],
    });
  });

  it("loads a short room whole, from its original text", () => {
    expect(windowEndingAt(50)).toEqual({ base: 0, pages: [{ since: 0, limit: 50 }] });
    expect(windowEndingAt(2000).base).toBe(0);
    expect(windowEndingAt(0)).toEqual({ base: 0, pages: [] });
  });

  it("ends each earlier window where the later one starts, and stops at version 0", () => {
    expect(windowEndingAt(98_000).base).toBe(96_000);
    expect(windowEndingAt(1500)).toEqual({
      base: 0,
      pages: [
        { since: 0, limit: 1000 },
        { since: 1000, limit: 500 },
      ],
    });
  });
});
