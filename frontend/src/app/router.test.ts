import { describe, expect, it } from "vitest";

import { roomPath, routeFor } from "./router";

describe("routeFor", () => {
  it("opens a room at /room/<id>", () => {
    expect(routeFor("/room/k3fq-7zpm")).toEqual({ page: "room", roomId: "k3fq-7zpm" });
    expect(routeFor("/room/k3fq-7zpm/")).toEqual({ page: "room", roomId: "k3fq-7zpm" });
  });

  it("shows the start page for anything else", () => {
    expect(routeFor("/")).toEqual({ page: "home" });
    expect(routeFor("/room/")).toEqual({ page: "home" });
    expect(routeFor("/room/%E0%A4%A")).toEqual({ page: "home" });
  });

  it("builds paths it can read back", () => {
    expect(routeFor(roomPath("a b"))).toEqual({ page: "room", roomId: "a b" });
  });
});
