import { ChangeSet, Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { fromWire, toWire } from "./wireUpdates";

describe("wire format", () => {
  it("round-trips the protocol's own example", () => {
    const changes = [[5, "bye", "now"], 6, [0, "!"]];
    const [update] = fromWire([{ clientID: "c1", changes }]);
    expect(update?.changes.apply(Text.of(["hello world"])).toString()).toBe("bye\nnow world!");
    expect(toWire(update ? [update] : [])).toEqual([{ clientID: "c1", changes }]);
  });

  it("counts lengths in UTF-16 units, as the server does", () => {
    const insert = ChangeSet.of({ from: 3, insert: "!" }, "a😀b".length);
    expect(toWire([{ clientID: "c", changes: insert }])[0]?.changes).toEqual([3, [0, "!"], 1]);
  });
});
