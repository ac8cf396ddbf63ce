import { describe, expect, it } from "vitest";

import { parseServerMessages, socketUrl, unseenUpdates } from "./protocol";

describe("parseServerMessages", () => {
  it("gives the one message of a frame that holds one", () => {
    expect(parseServerMessages('{"type":"rejected","version":4}')).toEqual([
      { type: "rejected", version: 4 },
    ]);
  });

  it("gives a bundle's messages in order", () => {
    const bundle = [
      { type: "cursor", userId: "bob", anchor: 1, head: 1 },
      { type: "updates", version: 3, updates: [] },
      { type: "pong" },
    ];
    expect(parseServerMessages(JSON.stringify(bundle))).toEqual(bundle);
  });

  it("skips a bundle's unknown elements, handing each to ignored", () => {
    const ignored: unknown[] = [];
    const frame = '[{"type":"shout"},{"type":"pong"},7,{"type":"rejected","version":1},[]]';

    expect(parseServerMessages(frame, (value) => ignored.push(value))).toEqual([
      { type: "pong" },
      { type: "rejected", version: 1 },
    ]);
    expect(ignored).toEqual([{ type: "shout" }, 7, []]);
  });

  it.each([
    ["not JSON", "{"],
    ["neither an object nor an array", "12"],
    ["an array of no messages", "[1, 2]"],
    ["no type", '{"version": 1}'],
    ["an unknown type", '{"type": "shout"}'],
    ["a binary frame", new ArrayBuffer(2)],
  ])("gives nothing for %s", (_, data) => {
    expect(parseServerMessages(data)).toEqual([]);
  });

  it("hands a frame that is not JSON to ignored as it came", () => {
    const ignored: unknown[] = [];
    parseServerMessages("{", (value) => ignored.push(value));
    expect(ignored).toEqual(["{"]);
  });
});

describe("socketUrl", () => {
  it("uses ws on http and carries the name and that bundles are welcome", () => {
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:8000" }, "ab-cd", "Ada L")).toBe(
      "ws://127.0.0.1:8000/ws/ab-cd?name=Ada+L&bundle=1",
    );
  });

  it("uses wss on https and resumes from since", () => {
    expect(socketUrl({ protocol: "https:", host: "pairpad.example" }, "r", "Bo", 12)).toBe(
      "wss://pairpad.example/ws/r?name=Bo&bundle=1&since=12",
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
