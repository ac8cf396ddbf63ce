import { describe, expect, it } from "vitest";

import { parseRoomInput } from "./parseRoomInput";

describe("parseRoomInput", () => {
  it.each([
    ["an id", "k3fq-7zpm-x2dr4", "k3fq-7zpm-x2dr4"],
    ["an id with spaces around", "  k3fq-7zpm-x2dr4 ", "k3fq-7zpm-x2dr4"],
    ["an id in capitals", "K3FQ-7ZPM-X2DR4", "k3fq-7zpm-x2dr4"],
    ["a full link", "https://pairpad.example/room/k3fq-7zpm-x2dr4", "k3fq-7zpm-x2dr4"],
    ["a link with a query", "http://127.0.0.1:8000/room/abcd?x=1#top", "abcd"],
    ["a path", "/room/abcd/", "abcd"],
  ])("reads %s", (_, input, expected) => {
    expect(parseRoomInput(input)).toBe(expected);
  });

  it.each([
    ["nothing", ""],
    ["a link to elsewhere", "https://pairpad.example/docs"],
    ["words", "my room"],
  ])("refuses %s", (_, input) => {
    expect(parseRoomInput(input)).toBeNull();
  });
});
