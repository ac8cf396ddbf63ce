import { describe, expect, it } from "vitest";

import { formatDuration } from "./formatDuration";

describe("formatDuration", () => {
  it.each([
    [41, "41 ms"],
    [999.6, "1000 ms"],
    [1234, "1.23 s"],
    [10_012, "10.0 s"],
  ])("%d ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
