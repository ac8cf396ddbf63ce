import { describe, expect, it } from "vitest";

import { roomStatusChanged } from "../access/accessSlice";
import { serverErrorReceived } from "../connection/connectionSlice";
import { participantLeft } from "../presence/presenceSlice";
import { editLinkRotated, removedByHost, roomJoined, roomNotFound } from "../room/roomSlice";
import { runRefused } from "../run/runSlice";
import { finalCloseAction, serverMessageAction } from "./serverMessageActions";

const ADA = { id: "ada", name: "Ada", color: "#e6194b", role: "editor" } as const;

describe("serverMessageAction", () => {
  it("turns a welcome into roomJoined, without the text the editor holds", () => {
    const room = {
      id: "r",
      name: "Kata",
      language: "python",
      status: "active",
      version: 3,
      doc: "abc",
    } as const;
    expect(serverMessageAction({ type: "welcome", you: ADA, room, participants: [ADA] })).toEqual(
      roomJoined({
        room: { id: "r", name: "Kata", language: "python", status: "active" },
        you: ADA,
        participants: [ADA],
      }),
    );
  });

  it("tells presence who left", () => {
    expect(serverMessageAction({ type: "participant_left", userId: "bob" })).toEqual(
      participantLeft("bob"),
    );
  });

  it("sends a refused run to the run panel and any other error to the status bar", () => {
    const run = { code: "too_many_runs", message: "Wait for your runs." };
    const push = { code: "room_busy", message: "Try again." };
    expect(serverMessageAction({ type: "error", ...run })).toEqual(runRefused(run));
    expect(serverMessageAction({ type: "error", ...push })).toEqual(serverErrorReceived(push));
  });

  it("tells access that the interview ended", () => {
    expect(serverMessageAction({ type: "status", status: "ended", userId: "h" })).toMatchObject(
      roomStatusChanged({ status: "ended", userId: "h" }),
    );
  });

  it("has nothing for messages only the editor uses", () => {
    expect(serverMessageAction({ type: "updates", version: 0, updates: [] })).toBeUndefined();
    expect(serverMessageAction({ type: "rejected", version: 2 })).toBeUndefined();
    expect(serverMessageAction({ type: "pong" })).toBeUndefined();
  });
});

describe("finalCloseAction", () => {
  it("says why the server turned the page away", () => {
    expect(finalCloseAction(4403)).toEqual(removedByHost());
    expect(finalCloseAction(4404)).toEqual(roomNotFound());
    expect(finalCloseAction(4410)).toEqual(editLinkRotated());
  });
});
