import { describe, expect, it } from "vitest";

import type { HistoryEntry } from "../../api/pairpadApi";
import { stepDelay } from "./playback";

function madeAt(createdAt: string | null): HistoryEntry {
  return {
    version: 1,
    clientID: "c",
    authorName: "Ada",
    authorColor: "#e6194b",
    createdAt,
    changes: [],
  };
}

describe("stepDelay", () => {
  const at = (seconds: number) =>
    madeAt(new Date(Date.UTC(2025, 0, 1) + seconds * 1000).toISOString());

  it("waits as long as the person did, sped up", () => {
    expect(stepDelay(at(0), at(0.4), 1)).toBe(400);
    expect(stepDelay(at(0), at(0.4), 4)).toBe(100);
  });

  it("cuts long breaks and never goes faster than a frame", () => {
    expect(stepDelay(at(0), at(3600), 1)).toBe(1000);
    expect(stepDelay(at(0), at(0), 16)).toBe(16);
  });

  it("takes the longest pause when a time is unknown", () => {
    expect(stepDelay(null, at(5), 4)).toBe(250);
    expect(stepDelay(madeAt(null), at(5), 1)).toBe(1000);
  });
});
