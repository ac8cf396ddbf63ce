// One simulated person: a Yjs document synced through HocuspocusProvider, as an editor holds it.
import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";

/** The shared text's name, as y-codemirror.next examples use it. */
export const TEXT_FIELD = "codemirror";
const CURSOR_INTERVAL_MS = 100;
const CONNECT_TIMEOUT_MS = 60_000;

/**
 * When each insertion was typed, by Yjs client id and clock: every inserted character takes the
 * next clock of its author, so a peer that integrates clocks [before, after) of a client knows
 * exactly which keystrokes just became visible.
 */
export class TypedAt {
  constructor(histogram) {
    this.histogram = histogram;
    this.recording = false;
    this.stamps = new Map();
  }

  typed(clientID, clock) {
    if (!this.recording) return;
    if (!this.stamps.has(clientID)) this.stamps.set(clientID, []);
    this.stamps.get(clientID)[clock] = performance.now();
  }

  arrived(transaction) {
    const now = performance.now();
    for (const [client, after] of transaction.afterState) {
      const stamps = this.stamps.get(client);
      if (!stamps) continue;
      for (let clock = transaction.beforeState.get(client) ?? 0; clock < after; clock += 1) {
        if (stamps[clock] !== undefined) this.histogram.add(now - stamps[clock]);
      }
    }
  }
}

export class Person {
  constructor(url, room, typedAt) {
    this.url = url;
    this.room = room;
    this.typedAt = typedAt;
    this.doc = new Y.Doc();
    this.text = this.doc.getText(TEXT_FIELD);
    this.cursor = 0;
    this.cursorTimer = null;
    this.provider = null;
    this.edits = 0;
    this.closedUnexpectedly = 0;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.room}: not synced`)), CONNECT_TIMEOUT_MS);
      this.provider = new HocuspocusProvider({
        url: this.url,
        name: this.room,
        document: this.doc,
        WebSocketPolyfill: WebSocket,
        onSynced: () => {
          clearTimeout(timer);
          resolve();
        },
        onClose: () => {
          this.closedUnexpectedly += this.leaving ? 0 : 1;
        },
      });
      if (this.typedAt) {
        this.doc.on("afterTransaction", (transaction) => {
          if (!transaction.local) this.typedAt.arrived(transaction);
        });
      }
    });
  }

  get settled() {
    return !this.provider.hasUnsyncedChanges;
  }

  act(action) {
    const length = this.text.length;
    this.cursor = Math.min(this.cursor, length);
    if (action.insert !== undefined) {
      this.typedAt.typed(this.doc.clientID, Y.getState(this.doc.store, this.doc.clientID));
      this.text.insert(this.cursor, action.insert);
      this.cursor += 1;
      this.edits += 1;
    } else if (action.erase) {
      if (length > 0) {
        const at = Math.max(this.cursor, 1) - 1;
        this.text.delete(at, 1);
        this.cursor = at;
        this.edits += 1;
      }
    } else {
      this.cursor = Math.floor(action.jump * length);
    }
    this.scheduleCursor();
  }

  scheduleCursor() {
    if (this.cursorTimer) return;
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = null;
      this.provider.setAwarenessField("cursor", { anchor: this.cursor, head: this.cursor });
    }, CURSOR_INTERVAL_MS);
  }

  close() {
    this.leaving = true;
    clearTimeout(this.cursorTimer);
    this.provider.destroy();
  }
}
