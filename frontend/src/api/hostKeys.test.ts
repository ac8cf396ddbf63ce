import { describe, expect, it, vi } from "vitest";

import { HostKeys } from "./hostKeys";
import { memoryStorage } from "./memoryStorage";

describe("HostKeys", () => {
  it("keeps one key per room and gives it as a bearer header", () => {
    const storage = memoryStorage();
    const keys = new HostKeys(() => storage);
    keys.remember("edit-1", "secret");

    expect(keys.get("edit-1")).toBe("secret");
    expect(keys.get("edit-2")).toBeNull();
    expect(keys.authorization("edit-1")).toEqual({ Authorization: "Bearer secret" });
    expect(keys.authorization("edit-2")).toEqual({});
  });

  it("moves a key to the room's new edit link and forgets the old one", () => {
    const storage = memoryStorage();
    const keys = new HostKeys(() => storage);
    keys.remember("old", "secret");
    keys.moved("old", "new", "secret");

    expect(keys.get("new")).toBe("secret");
    expect(keys.get("old")).toBeNull();
    expect([...storage.items.keys()]).toEqual(["pairpad.hostKey.new"]);
  });

  it("does without a storage that refuses", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const keys = new HostKeys(() => {
      throw new DOMException("denied", "SecurityError");
    });
    keys.remember("r", "secret");
    expect(keys.get("r")).toBeNull();
    expect(keys.authorization("r")).toEqual({});
    vi.restoreAllMocks();
  });
});
