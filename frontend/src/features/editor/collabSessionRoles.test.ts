import { EditorView } from "@codemirror/view";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Role } from "../../api/protocol";
import { makeStore, type AppStore } from "../../app/store";
import { canEdit } from "../access/accessSlice";
import { CollabSession } from "./collabSession";
import { FakeEnvironment } from "./fakeEnvironment";
import { CLIENT, FakeEditor, ME, welcome } from "./fakeEditor";
import { languageCompartment, languageSupport } from "./languages";

describe("CollabSession with roles", () => {
  let store: AppStore;
  let environment: FakeEnvironment;
  let editor: FakeEditor;
  let session: CollabSession | null;

  const socket = () => environment.socket;
  const editable = () => editor.state.facet(EditorView.editable) && !editor.state.readOnly;

  /** A session joined as `role` into a room with "abc", active or ended. */
  function join(role: Role, status: "active" | "ended" = "active", hostKey?: string) {
    session = new CollabSession({
      roomId: "room-1",
      name: "Ada",
      hostKey: hostKey ?? null,
      dispatch: store.dispatch,
      others: () => store.getState().presence.others,
      extensions: (language) => languageCompartment.of(languageSupport(language)),
      environment,
      clientID: CLIENT,
    });
    session.start(editor);
    socket().receive(welcome({ doc: "abc", status }, { you: { ...ME, role } }));
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    store = makeStore();
    environment = new FakeEnvironment();
    editor = new FakeEditor();
    session = null;
  });

  afterEach(() => {
    session?.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("offers the host key as a subprotocol, never in the address", () => {
    join("host", "active", "s3cret");
    expect(socket().protocols).toEqual(["pairpad", "pairpad.host.s3cret"]);
    expect(socket().url).not.toContain("s3cret");
  });

  it("offers no subprotocol without a host key", () => {
    join("editor");
    expect(socket().protocols).toEqual([]);
  });

  it("gives a viewer a read-only editor that shares no cursor", () => {
    join("viewer");
    expect(editable()).toBe(false);
    expect(canEdit(store.getState().access)).toBe(false);

    editor.dispatch(editor.state.update({ selection: { anchor: 2 } }));
    vi.advanceTimersByTime(200);
    expect(socket().sent.filter((message) => message.type === "cursor")).toEqual([]);
  });

  it("makes an editor read-only while the interview is ended, and editable once reopened", () => {
    join("editor");
    expect(editable()).toBe(true);

    socket().receive({ type: "status", status: "ended", userId: "host" });
    expect(editable()).toBe(false);
    expect(store.getState().access.status).toBe("ended");

    socket().receive({ type: "status", status: "active", userId: "host" });
    expect(editable()).toBe(true);
  });

  it("finds a room that ended while it was away read-only when it resumes", () => {
    join("editor");
    socket().closeFromServer(1012);
    vi.advanceTimersByTime(1_000);
    expect(socket().url).toContain("since=0");

    socket().receive(welcome({ doc: "abc", status: "ended" }, { updates: [] }));
    expect(editable()).toBe(false);
    expect(editor.state.doc.toString()).toBe("abc");
  });

  it("keeps the host editable in an ended room", () => {
    join("host", "ended");
    expect(editable()).toBe(true);
    expect(canEdit(store.getState().access)).toBe(true);
  });

  it("sends an edit the ended room refused again once it reopens", () => {
    join("editor");
    editor.type(3, "d");
    vi.advanceTimersByTime(50);
    socket().receive({ type: "status", status: "ended", userId: "host" });
    socket().receive({ type: "error", code: "read_only", message: "The interview has ended." });
    vi.advanceTimersByTime(1_000);
    expect(socket().pushes()).toHaveLength(1);

    socket().receive({ type: "status", status: "active", userId: "host" });
    vi.advanceTimersByTime(50);
    expect(socket().pushes()).toHaveLength(2);
    expect(socket().pushes()[1]).toMatchObject({ version: 0 });
  });

  it("asks the server to remove someone", () => {
    join("host", "active", "s3cret");
    expect(session?.remove("bob")).toBe(true);
    expect(socket().sent.at(-1)).toEqual({ type: "remove", userId: "bob" });
  });

  it.each([
    [4403, "removedByHost"],
    [4410, "editLinkRotated"],
  ] as const)("stops for good on close %i and says why", (code, status) => {
    join("editor");
    socket().closeFromServer(code);
    vi.advanceTimersByTime(60_000);

    expect(store.getState().room.status).toBe(status);
    expect(environment.sockets).toHaveLength(1);
  });
});
