/**
 * Sending local updates: at the synced version, at most 200 a push, one push in flight, at most
 * one push every 40 ms (the server allows 60 messages a second per connection).
 */
import type { EditorState } from "@codemirror/state";

import { UPDATES_PER_PUSH, type ClientMessage } from "../../api/protocol";
import { getSyncedVersion, sendableUpdates } from "./orderedCollab";
import { OneShotTimer } from "./timer";
import { toWire } from "./wireUpdates";

const PUSH_INTERVAL_MS = 40;
const BUSY_RETRY_MS = 1_000;
/** Error codes that answer a push: the push is over and may be tried again later. */
const PUSH_ERRORS: ReadonlySet<string> = new Set([
  "invalid_change",
  "document_too_large",
  "room_busy",
  "internal_error",
  // The room ended before the push arrived: it goes again if the room reopens.
  "read_only",
]);

/** What pushing needs of the sync. */
export interface PushContext {
  /** The editor's state; null once the session has stopped. */
  state(): EditorState | null;
  /** Send on a socket the server has welcomed; false when there is none. */
  send(message: ClientMessage): boolean;
}

export class Pushes {
  private readonly context: PushContext;
  private inFlight = false;
  /** After a rejection, the next push waits until the editor has caught up to this version. */
  private afterVersion = 0;
  private lastPushAt = -Infinity;
  private readonly timer = new OneShotTimer();

  constructor(context: PushContext) {
    this.context = context;
  }

  /** Push what is unsent as soon as the interval allows. */
  schedule(): void {
    const wait = Math.max(0, this.lastPushAt + PUSH_INTERVAL_MS - Date.now());
    this.timer.schedule(wait, () => {
      this.push();
    });
  }

  /** One of our updates came back: a push is all-or-nothing, so the whole push is stored. */
  confirmed(): void {
    this.inFlight = false;
  }

  /** The server wants the updates up to `version` applied before it takes our push. */
  rejected(version: number): void {
    this.inFlight = false;
    this.afterVersion = version;
    this.schedule();
  }

  /** An `error` frame: if it answers our push, that push is over. */
  refused(code: string): void {
    if (!this.inFlight || !PUSH_ERRORS.has(code)) return;
    this.inFlight = false;
    if (code === "room_busy") {
      this.timer.schedule(BUSY_RETRY_MS, () => {
        this.push();
      });
    }
  }

  /** A new socket was welcomed: a rejection on an earlier one no longer holds. */
  welcomed(): void {
    this.afterVersion = 0;
  }

  /** The socket is gone, and with it the answer to a push in flight. */
  socketClosed(): void {
    this.inFlight = false;
    this.timer.cancel();
  }

  private push(): void {
    const state = this.context.state();
    if (!state || this.inFlight) return;
    const version = getSyncedVersion(state);
    if (version < this.afterVersion) return;
    const pending = sendableUpdates(state);
    if (!pending.length) return;
    const updates = toWire(pending.slice(0, UPDATES_PER_PUSH));
    // The server rebases a push that crossed someone else's update, the way receiveUpdates
    // moves it here; a rejection comes only when it no longer holds the updates since `version`.
    const push = { type: "push", version, updates, rebase: true, tieBreak: "author" } as const;
    if (this.context.send(push)) {
      this.inFlight = true;
      this.lastPushAt = Date.now();
    }
  }
}
