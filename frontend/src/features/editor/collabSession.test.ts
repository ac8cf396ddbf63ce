import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ServerMessage } from "../../api/protocol";
import { makeStore, type AppStore } from "../../app/store";
import { connectionStatus } from "../connection/connectionSlice";
import { remoteSelectionMoved, type RemoteSelection } from "../presence/remoteCursors";
import { CollabSession } from "./collabSession";
import { getSyncedVersion } from "./orderedCollab";
import { FakeEnvironment } from "./fakeEnvironment";
import { CLIENT, FakeEditor, ME, welcome } from "./fakeEditor";
import { languageCompartment, languageSupport } from "./languages";

describe("CollabSession", () => {
  let store: AppStore;
  let environment: FakeEnvironment;
  let sockets: FakeEnvironment["sockets"];
  let editor: FakeEditor;
  let session: CollabSession;

  const socket = () => environment.socket;
  const status = () => connectionStatus(store.getState().connection);
  const pending = () => store.getState().connection.pendingEdits;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    store = makeStore();
    environment = new FakeEnvironment();
    sockets = environment.sockets;
    editor = new FakeEditor();
    session = new CollabSession({
      roomId: "room-1",
      name: "Ada",
      dispatch: store.dispatch,
      others: () => store.getState().presence.others,
      extensions: (language) => languageCompartment.of(languageSupport(language)),
      environment,
      clientID: CLIENT,
    });
    session.start(editor);
  });

  afterEach(() => {
    session.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("joins with the room's text and version", () => {
    expect(socket().url).toBe("ws://pairpad.test/ws/room-1?name=Ada&bundle=1");
    expect(status()).toBe("connecting");

    socket().receive(welcome({ version: 3, doc: "abc", name: "Kata" }));

    expect(editor.state.doc.toString()).toBe("abc");
    expect(getSyncedVersion(editor.state)).toBe(3);
    expect(store.getState().room).toMatchObject({ status: "joined", name: "Kata" });
    expect(store.getState().presence.me).toEqual(ME);
    expect(status()).toBe("connected");
  });

  it("pushes local edits, one push at a time, until the server confirms them", () => {
    socket().receive(welcome({ version: 3, doc: "abc" }));
    editor.type(3, "d");
    editor.type(4, "e");
    expect(pending()).toBe(2);
    vi.advanceTimersByTime(50);
    editor.type(5, "f");
    vi.advanceTimersByTime(50);

    expect(socket().pushes()).toEqual([
      {
        type: "push",
        version: 3,
        updates: [
          { clientID: CLIENT, changes: [3, [0, "d"]] },
          { clientID: CLIENT, changes: [4, [0, "e"]] },
        ],
        rebase: true,
        tieBreak: "author",
      },
    ]);

    socket().receive({
      type: "updates",
      version: 3,
      updates: [
        { clientID: CLIENT, changes: [3, [0, "d"]] },
        { clientID: CLIENT, changes: [4, [0, "e"]] },
      ],
    });
    expect(pending()).toBe(1);
    vi.advanceTimersByTime(50);
    expect(socket().pushes()[1]).toEqual({
      type: "push",
      version: 5,
      updates: [{ clientID: CLIENT, changes: [5, [0, "f"]] }],
      rebase: true,
      tieBreak: "author",
    });
  });

  // The server orders two insertions at one place by their authors' clientIDs (CLIENT is
  // "client-ada"), and so does the editor when the other one arrives first.
  it.each([
    { other: "bob", stored: [4, [0, "X"]], text: "abc!X" },
    { other: "someone", stored: [3, [0, "X"], 1], text: "abcX!" },
  ])(
    "takes its own push back rebased beside $other's crossing insert",
    ({ other, stored, text }) => {
      socket().receive(welcome({ version: 0, doc: "abc" }));
      editor.type(3, "X");
      vi.advanceTimersByTime(50);

      socket().receive({
        type: "updates",
        version: 0,
        updates: [
          { clientID: other, changes: [3, [0, "!"]] },
          { clientID: CLIENT, changes: stored },
        ],
      });
      expect(editor.state.doc.toString()).toBe(text);
      expect(pending()).toBe(0);
      editor.type(5, "Y");
      vi.advanceTimersByTime(50);
      expect(socket().pushes()[1]).toMatchObject({ version: 2 });
    },
  );

  it("after a rejection, pushes again on top of the updates it was missing", () => {
    socket().receive(welcome({ version: 0, doc: "abc" }));
    editor.type(0, "X");
    vi.advanceTimersByTime(50);

    socket().receive({ type: "rejected", version: 1 });
    vi.advanceTimersByTime(50);
    expect(socket().pushes()).toHaveLength(1);

    socket().receive({
      type: "updates",
      version: 0,
      updates: [{ clientID: "someone", changes: [3, [0, "!"]] }],
    });
    vi.advanceTimersByTime(50);

    expect(editor.state.doc.toString()).toBe("Xabc!");
    expect(socket().pushes()[1]).toEqual({
      type: "push",
      version: 1,
      updates: [{ clientID: CLIENT, changes: [[0, "X"], 4] }],
      rebase: true,
      tieBreak: "author",
    });
  });

  it("drops updates it already has and reconnects when some are missing", () => {
    socket().receive(welcome({ version: 0, doc: "" }));
    const first = {
      type: "updates",
      version: 0,
      updates: [{ clientID: "o", changes: [[0, "a"]] }],
    };
    socket().receive(first as ServerMessage);
    socket().receive(first as ServerMessage);
    expect(editor.state.doc.toString()).toBe("a");

    socket().receive({ type: "updates", version: 5, updates: [] });
    expect(sockets[0]?.abandoned).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(socket().url).toContain("since=1");
  });

  describe("a bundle of messages in one frame", () => {
    const updates = (version: number, changes: unknown): ServerMessage => ({
      type: "updates",
      version,
      updates: [{ clientID: "someone", changes }],
    });

    it("applies its messages in order", () => {
      socket().receive(welcome({ version: 0, doc: "" }));
      socket().receiveBundle([
        updates(0, [[0, "a"]]),
        { type: "rename", name: "Kata", userId: "someone" },
        updates(1, [1, [0, "b"]]),
      ]);

      expect(editor.state.doc.toString()).toBe("ab");
      expect(getSyncedVersion(editor.state)).toBe(2);
      expect(store.getState().room).toMatchObject({ name: "Kata" });
    });

    it("starts over without applying what follows an update that does not fit", () => {
      socket().receive(welcome({ version: 0, doc: "abc" }));
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      socket().receiveBundle([
        updates(0, [10, [0, "x"]]),
        { type: "rename", name: "Kata", userId: "someone" },
      ]);

      expect(editor.state.doc.toString()).toBe("abc");
      expect(store.getState().room.name).not.toBe("Kata");
      expect(sockets[0]?.abandoned).toBe(true);
      vi.advanceTimersByTime(1000);
      expect(socket().url).not.toContain("since=");
    });

    it("applies nothing after updates that show some are missing", () => {
      socket().receive(welcome({ version: 0, doc: "" }));
      socket().receiveBundle([updates(5, [[0, "late"]]), updates(0, [[0, "a"]])]);

      expect(editor.state.doc.toString()).toBe("");
      expect(sockets[0]?.abandoned).toBe(true);
    });

    it("reconnects rather than drop the updates after a message that failed", () => {
      socket().receive(welcome({ version: 0, doc: "" }));
      socket().receive({
        type: "run_started",
        userId: "o",
        name: "Bo",
        language: "python",
        version: 0,
      });
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      const broken = { type: "run_output", userId: "o", chunks: null } as unknown as ServerMessage;
      socket().receiveBundle([broken, updates(0, [[0, "a"]])]);

      expect(editor.state.doc.toString()).toBe("");
      expect(sockets[0]?.abandoned).toBe(true);
      vi.advanceTimersByTime(1000);
      expect(socket().url).toContain("since=0");
    });
  });

  it("reconnects with since and resends only the edits the server did not store", () => {
    socket().receive(welcome({ version: 0, doc: "abc" }));
    editor.type(3, "1");
    vi.advanceTimersByTime(50);
    editor.type(4, "2");

    socket().closeFromServer(1006);
    expect(status()).toBe("reconnecting");
    vi.advanceTimersByTime(600);
    expect(sockets).toHaveLength(2);
    expect(socket().url).toContain("since=0");

    socket().receive(
      welcome(
        { version: 1, doc: "abc1" },
        { updates: [{ clientID: CLIENT, changes: [3, [0, "1"]] }] },
      ),
    );
    vi.advanceTimersByTime(50);

    expect(editor.state.doc.toString()).toBe("abc12");
    expect(pending()).toBe(1);
    expect(socket().pushes()).toEqual([
      {
        type: "push",
        version: 1,
        updates: [{ clientID: CLIENT, changes: [4, [0, "2"]] }],
        rebase: true,
        tieBreak: "author",
      },
    ]);
  });

  it("starts over from the room's text when the server no longer has our version", () => {
    socket().receive(welcome({ version: 7, doc: "old" }));
    socket().closeFromServer(1012);
    vi.advanceTimersByTime(600);

    socket().receive(welcome({ version: 2, doc: "restored" }));

    expect(editor.state.doc.toString()).toBe("restored");
    expect(getSyncedVersion(editor.state)).toBe(2);
  });

  it("stops for good when the room does not exist", () => {
    socket().closeFromServer(4404);
    vi.advanceTimersByTime(60_000);

    expect(store.getState().room.status).toBe("notFound");
    expect(sockets).toHaveLength(1);
  });

  it("drops the socket when the network goes and reconnects as soon as it is back", () => {
    socket().receive(welcome({ version: 0, doc: "" }));
    environment.setOnline(false);
    editor.type(0, "typed offline");

    expect(sockets[0]?.abandoned).toBe(true);
    expect(status()).toBe("offline");
    expect(pending()).toBe(1);

    environment.setOnline(true);
    expect(sockets).toHaveLength(2);
    expect(socket().url).toContain("since=0");
  });

  it("shares the cursor as a position in the confirmed version", () => {
    socket().receive(welcome({ version: 4, doc: "abc" }));
    editor.type(0, "XY");
    vi.advanceTimersByTime(100);

    expect(
      socket()
        .sent.filter((message) => message.type === "cursor")
        .at(-1),
    ).toEqual({
      type: "cursor",
      anchor: 0,
      head: 0,
      version: 4,
    });
  });

  describe("remote cursors", () => {
    const BOB = { id: "bob", name: "Bob", color: "#3cb44b", role: "editor" } as const;
    let drawn: RemoteSelection[];

    beforeEach(() => {
      drawn = [];
      const dispatch = editor.dispatch.bind(editor);
      editor.dispatch = (transaction) => {
        for (const effect of transaction.effects) {
          if (effect.is(remoteSelectionMoved)) drawn.push(effect.value);
        }
        dispatch(transaction);
      };
    });

    it("draws a cursor tagged with a version not reached yet once its updates arrive", () => {
      socket().receive(welcome({ version: 0, doc: "abc" }, { participants: [BOB] }));
      socket().receive({ type: "cursor", userId: "bob", anchor: 5, head: 5, version: 1 });
      expect(drawn).toEqual([]);

      socket().receive({
        type: "updates",
        version: 0,
        updates: [{ clientID: "bobs-editor", changes: [3, [0, "de"]] }],
      });
      expect(drawn).toMatchObject([{ userId: "bob", anchor: 5, head: 5 }]);
    });

    it("never lets a cursor that does not fit the text cost unsent edits", () => {
      socket().receive(welcome({ version: 0, doc: "abc" }, { participants: [BOB] }));
      editor.type(3, "X");
      socket().receive({ type: "cursor", userId: "bob", anchor: 50, head: 50, version: 0 });

      expect(sockets[0]?.abandoned).toBe(false);
      expect(editor.state.doc.toString()).toBe("abcX");
      expect(pending()).toBe(1);
      expect(drawn).toMatchObject([{ userId: "bob", anchor: 4, head: 4 }]);
    });
  });

  it("follows language changes and renames from anyone", () => {
    socket().receive(welcome({ version: 0, doc: "" }));
    socket().receive({ type: "language", language: "typescript", userId: "other" });
    socket().receive({ type: "rename", name: "Kata", userId: "other" });

    expect(store.getState().room).toMatchObject({ language: "typescript", name: "Kata" });
  });

  it("sends run and shows everyone's run as it starts and ends", () => {
    socket().receive(welcome({ version: 2, doc: "print(1)" }));
    expect(session.run()).toBe(true);
    expect(socket().sent.at(-1)).toEqual({ type: "run" });

    const run = { userId: "other", name: "Bob", language: "python", version: 2 } as const;
    socket().receive({ type: "run_started", ...run });
    expect(store.getState().run).toMatchObject({ status: "running", run });

    const output = {
      stdout: "1\n",
      stderr: "",
      exitCode: 0,
      durationMs: 30,
      timedOut: false,
      truncated: false,
    };
    socket().receive({ type: "run_result", ...run, ...output });
    expect(store.getState().run).toMatchObject({ status: "idle", result: output });
  });

  it("shows a refused run in the run panel rather than the status bar", () => {
    socket().receive(welcome({ version: 0, doc: "" }));
    const refusal = { code: "language_unavailable", message: "TypeScript cannot run here." };
    socket().receive({ type: "error", ...refusal });

    expect(store.getState().run.refusal).toEqual(refusal);
    expect(store.getState().connection.lastError).toBeNull();
  });
});
