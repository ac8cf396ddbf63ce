import { describe, expect, it } from "vitest";

import { roomLeft } from "../room/roomSlice";
import reducer, {
  historyClosed,
  historyOpened,
  playbackPaused,
  playbackSpeedChanged,
  playbackStarted,
  versionSelected,
} from "./historySlice";

describe("historySlice", () => {
  const start = reducer(undefined, { type: "init" });

  it("opens on the newest version, whatever was shown the last time", () => {
    const earlier = reducer(reducer(start, historyOpened()), versionSelected(3));
    const reopened = reducer(reducer(earlier, historyClosed()), historyOpened());
    expect(reopened).toMatchObject({ open: true, version: null, playing: false });
  });

  it("plays at the chosen speed until paused or closed", () => {
    const playing = reducer(reducer(start, playbackSpeedChanged(16)), playbackStarted());
    expect(playing).toMatchObject({ playing: true, speed: 16 });
    expect(reducer(playing, playbackPaused()).playing).toBe(false);
    expect(reducer(playing, historyClosed())).toMatchObject({ open: false, playing: false });
  });

  it("is closed when the room is left", () => {
    expect(reducer(reducer(start, historyOpened()), roomLeft())).toEqual(start);
  });
});
