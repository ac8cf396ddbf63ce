import { describe, expect, it } from "vitest";

import { parseServerMessage, socketUrl, unseenUpdates } from "./protocol";

describe("parseServerMessage", () => {
  it("accepts known message types", () => {
    expect(parseServerMessage('{"type":"rejected","version":4}')).toEqual({
      type: "rejected",
      version: 4,
    });
  });

  it.each([
    ["not JSON", "{"],
    ["not an object", "[1, 2]"],
    ["no type", '{"version": 1}'],
    ["an unknown type", '{"type": "shout"}'],
    ["a binary frame", new ArrayBuffer(2)],
  ])("returns null for %s", (_, data) => {
    expect(parseServerMessage(data)).toBeNull();
  });
});

describe("socketUrl", () => {
  it("uses ws on http and carries the name", () => {
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:8000" }, "ab-cd", "Ada L")).toBe(
      "ws://127.0.0.1:8000/ws/ab-cd?name=Ada+L",
    );
  });

  it("uses wss on https and resumes from since", () => {
    expect(socketUrl({ protocol: "https:", host: "pairpad.example" }, "r", "Bo", 12)).toBe(
      "wss://pairpad.example/ws/r?name=Bo&since=12",
    );
  });

  it("keeps since zero", () => {
    expect(socketUrl({ protocol: "http:", host: "h" }, "r", "A", 0)).toContain("since=0");
  });
});

describe("unseenUpdates", () => {
  const frame = ["v5", "v6", "v7"];

  it("keeps a frame that starts at the synced version", () => {
    expect(unseenUpdates(5, frame, 5)).toEqual(frame);
  });

  it("drops the updates already applied", () => {
    expect(unseenUpdates(5, frame, 7)).toEqual(["v7"]);
    expect(unseenUpdates(5, frame, 8)).toEqual([]);
  });

  it("reports a gap when updates are missing", () => {
    expect(unseenUpdates(6, frame, 5)).toBe("gap");
  });
});
