/**
 * One editor's live connection to a room (docs/protocol.md): joining, pushing local updates,
 * applying the server's, sharing cursors, and reconnecting with `since` so that nothing typed
 * while the connection was down is lost. One state machine drives both push and pull.
 */
import { collab, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { EditorState, Transaction, type Extension, type StateEffect } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

import {
  parseServerMessage,
  socketUrl,
  unseenUpdates,
  UPDATES_PER_PUSH,
  type ClientMessage,
  type Language,
  type Participant,
  type RoomSnapshot,
  type ServerMessage,
  type WireUpdate,
} from "../../api/protocol";
import type { AppDispatch } from "../../app/store";
import {
  connectionLost,
  connectionStarted,
  networkStatusChanged,
  pendingEditsChanged,
} from "../connection/connectionSlice";
import { participantsPresent, remoteSelectionMoved } from "../presence/remoteCursors";
import { roomNotFound } from "../room/roomSlice";
import { isRunError } from "../run/runSlice";
import { newClientId } from "./clientId";
import { languageCompartment, languageSupport } from "./languages";
import { fromSyncedPosition, RecentChanges, toSyncedPosition } from "./positions";
import { ReconnectingSocket } from "./reconnectingSocket";
import { serverMessageAction } from "./serverMessageActions";
import { browserEnvironment, type SessionEnvironment } from "./socket";
import { OneShotTimer } from "./timer";
import { fromWire, toWire } from "./wireUpdates";

/** The server allows 60 messages a second per connection; pushes and cursors stay well below. */
const PUSH_INTERVAL_MS = 40;
const CURSOR_INTERVAL_MS = 100;
const BUSY_RETRY_MS = 1_000;
/** Error codes that answer a push: the push is over and may be tried again later. */
const PUSH_ERRORS: ReadonlySet<string> = new Set([
  "invalid_change",
  "document_too_large",
  "room_busy",
  "internal_error",
]);

/** What the session needs of an editor; an `EditorView` is one. */
export interface EditorHost {
  readonly state: EditorState;
  dispatch(transaction: Transaction): void;
  setState(state: EditorState): void;
}

type CursorMessage = Extract<ServerMessage, { type: "cursor" }>;

export interface EditorChange {
  docChanged: boolean;
  /** The user edited or moved the selection (as opposed to updates from the server). */
  byUser: boolean;
}

export interface CollabSessionOptions {
  roomId: string;
  name: string;
  dispatch: AppDispatch;
  /** Everyone else in the room as the page knows them: cursors are drawn with their names. */
  others: () => readonly Participant[];
  /** Everything the editor needs besides collaboration, for a room in `language`. */
  extensions: (language: Language) => Extension;
  environment?: SessionEnvironment;
  clientID?: string;
}

/** What an editor update means to the session. */
export function describeTransactions(transactions: readonly Transaction[]): EditorChange {
  return {
    docChanged: transactions.some((tr) => tr.docChanged),
    byUser: transactions.some(
      (tr) => !tr.annotation(Transaction.remote) && (tr.docChanged || tr.selection !== undefined),
    ),
  };
}

export class CollabSession {
  readonly clientID: string;
  private readonly roomId: string;
  private readonly name: string;
  private readonly dispatch: AppDispatch;
  private readonly others: CollabSessionOptions["others"];
  private readonly extensions: CollabSessionOptions["extensions"];
  private readonly socket: ReconnectingSocket;
  private readonly listener: Extension;

  private host: EditorHost | null = null;
  /** The version the current socket asked to resume from; its welcome catches up from there. */
  private since: number | undefined;
  private welcomed = false;
  /** The editor holds this room's text, so reconnecting resumes instead of starting over. */
  private joined = false;
  private myId: string | null = null;
  private pushInFlight = false;
  /** After a rejection, the next push waits until the editor has caught up to this version. */
  private pushAfterVersion = 0;
  private lastPushAt = -Infinity;
  private reportedPending = -1;
  private readonly recent = new RecentChanges();
  /** Cursors tagged with a version this editor has not reached yet, by participant. */
  private readonly cursorsAhead = new Map<string, CursorMessage>();
  private readonly pushTimer = new OneShotTimer();
  private readonly cursorTimer = new OneShotTimer();

  constructor(options: CollabSessionOptions) {
    this.roomId = options.roomId;
    this.name = options.name;
    this.dispatch = options.dispatch;
    this.others = options.others;
    this.extensions = options.extensions;
    const environment = options.environment ?? browserEnvironment();
    this.socket = new ReconnectingSocket({
      url: () => socketUrl(environment.page, this.roomId, this.name, this.resumeVersion()),
      label: `Room ${this.roomId}`,
      environment,
      events: {
        opening: () => this.dispatch(connectionStarted()),
        message: (data) => {
          this.received(data);
        },
        closed: () => {
          this.socketClosed();
        },
        lost: () => this.dispatch(connectionLost()),
        roomNotFound: () => {
          this.dispatch(roomNotFound());
          this.host = null;
        },
        networkChanged: (online) => this.dispatch(networkStatusChanged({ online })),
      },
    });
    this.clientID = options.clientID ?? newClientId();
    this.listener = EditorView.updateListener.of((update) => {
      this.editorChanged(describeTransactions(update.transactions));
    });
  }

  start(host: EditorHost): void {
    this.host = host;
    this.joined = false;
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
    this.host = null;
  }

  /** Called after every editor update: local edits are pushed and the cursor shared. */
  editorChanged(change: EditorChange): void {
    if (change.docChanged) {
      this.reportPending();
      this.schedulePush();
    }
    if (change.byUser) {
      this.cursorTimer.schedule(CURSOR_INTERVAL_MS, () => {
        this.shareCursor();
      });
    }
  }

  /** Ask the server to switch the room's language; the editor follows when it is broadcast. */
  changeLanguage(language: Language): boolean {
    return this.send({ type: "language", language });
  }

  rename(name: string): boolean {
    return this.send({ type: "rename", name });
  }

  /** Ask the server to run the room's text; everyone in the room receives the output. */
  run(): boolean {
    return this.send({ type: "run" });
  }

  /** The version a new socket resumes from (none: from scratch), kept for its welcome. */
  private resumeVersion(): number | undefined {
    this.since = this.host && this.joined ? getSyncedVersion(this.host.state) : undefined;
    return this.since;
  }

  /** Whatever was under way on the last socket is over. */
  private socketClosed(): void {
    this.welcomed = false;
    this.pushInFlight = false;
    this.pushTimer.cancel();
    this.cursorTimer.cancel();
  }

  private send(message: ClientMessage): boolean {
    return this.socket.send(message);
  }

  private received(data: unknown): void {
    const message = parseServerMessage(data);
    if (!message) {
      console.warn(`Room ${this.roomId}: ignoring an unexpected frame`, data);
      return;
    }
    if (message.type === "error" && !isRunError(message.code)) {
      console.warn(
        `Room ${this.roomId}: the server refused a message (${message.code}): ${message.message}`,
      );
    }
    try {
      const action = serverMessageAction(message);
      if (action) this.dispatch(action);
      this.handle(message);
    } catch (error) {
      console.error(`Room ${this.roomId}: could not apply a ${message.type} message`, error);
      if (message.type === "updates" || message.type === "welcome") {
        // The editor and the server disagree (a change that does not fit the text): start
        // over from the server's text rather than keep editing a diverged copy.
        this.joined = false;
        this.socket.reconnect();
      }
    }
  }

  /** What a message does to the editor (the slices have heard of it already). */
  private handle(message: ServerMessage): void {
    switch (message.type) {
      case "welcome":
        this.welcome(message);
        break;
      case "updates":
        this.applyUpdates(message.version, message.updates);
        break;
      case "rejected":
        this.pushInFlight = false;
        this.pushAfterVersion = message.version;
        this.schedulePush();
        break;
      case "participant_left":
        this.forgetAbsentCursors();
        break;
      case "cursor":
        this.showRemoteCursor(message);
        break;
      case "language":
        this.applyEffect(languageCompartment.reconfigure(languageSupport(message.language)));
        break;
      case "error":
        this.refused(message.code);
        break;
      case "participant_joined":
      case "rename":
      case "run_started":
      case "run_result":
      case "pong":
        // Only the page shows these.
        break;
    }
  }

  private welcome(message: Extract<ServerMessage, { type: "welcome" }>): void {
    const { room, you } = message;
    this.socket.accepted();
    this.myId = you.id;
    if (this.joined && this.since !== undefined && message.updates) {
      this.applyUpdates(this.since, message.updates);
    } else {
      if (this.joined) {
        console.warn(
          `Room ${this.roomId}: the server no longer has version ${String(this.since)}.`,
        );
      }
      this.resetEditor(room);
    }
    // People who left while this editor was away must not leave their cursors behind.
    this.forgetAbsentCursors();
    this.welcomed = true;
    this.pushAfterVersion = 0;
    this.reportPending();
    this.schedulePush();
    this.shareCursor();
  }

  /** Replace the editor's state with the room's text at its version. */
  private resetEditor(room: RoomSnapshot): void {
    if (!this.host) return;
    this.host.setState(
      EditorState.create({
        doc: room.doc,
        extensions: [
          this.extensions(room.language),
          collab({ startVersion: room.version, clientID: this.clientID }),
          this.listener,
        ],
      }),
    );
    this.recent.reset(room.version);
    this.cursorsAhead.clear();
    this.joined = true;
  }

  private applyUpdates(frameVersion: number, wire: readonly WireUpdate[]): void {
    if (!this.host) return;
    const { state } = this.host;
    const fresh = unseenUpdates(frameVersion, wire, getSyncedVersion(state));
    if (fresh === "gap") {
      console.warn(`Room ${this.roomId}: missed updates before version ${frameVersion}.`);
      this.socket.reconnect();
      return;
    }
    if (!fresh.length) return;
    const updates = fromWire(fresh);
    // A push is all-or-nothing, so one of our updates coming back confirms the whole push.
    if (updates.some((update) => update.clientID === this.clientID)) this.pushInFlight = false;
    this.host.dispatch(receiveUpdates(state, updates));
    this.recent.add(updates.map((update) => update.changes.desc));
    this.reportPending();
    this.schedulePush();
    for (const cursor of [...this.cursorsAhead.values()]) this.showRemoteCursor(cursor);
  }

  private schedulePush(): void {
    const wait = Math.max(0, this.lastPushAt + PUSH_INTERVAL_MS - Date.now());
    this.pushTimer.schedule(wait, () => {
      this.push();
    });
  }

  private push(): void {
    if (!this.host || !this.welcomed || this.pushInFlight) return;
    const { state } = this.host;
    const version = getSyncedVersion(state);
    if (version < this.pushAfterVersion) return;
    const pending = sendableUpdates(state);
    if (!pending.length) return;
    const updates = toWire(pending.slice(0, UPDATES_PER_PUSH));
    // The server rebases a push that crossed someone else's update, as rebaseUpdates does;
    // a rejection comes only when it no longer holds the updates since `version`.
    if (this.send({ type: "push", version, updates, rebase: true })) {
      this.pushInFlight = true;
      this.lastPushAt = Date.now();
    }
  }

  /** An `error` frame: if it answers our push, that push is over. */
  private refused(code: string): void {
    if (!this.pushInFlight || !PUSH_ERRORS.has(code)) return;
    this.pushInFlight = false;
    if (code === "room_busy") {
      this.pushTimer.schedule(BUSY_RETRY_MS, () => {
        this.push();
      });
    }
  }

  private reportPending(): void {
    if (!this.host) return;
    const count = sendableUpdates(this.host.state).length;
    if (count === this.reportedPending) return;
    this.reportedPending = count;
    this.dispatch(pendingEditsChanged(count));
  }

  /** Tell the others where the cursor is, in the last version the server confirmed. */
  private shareCursor(): void {
    if (!this.host || !this.welcomed) return;
    const { state } = this.host;
    const { anchor, head } = state.selection.main;
    this.send({
      type: "cursor",
      anchor: toSyncedPosition(state, anchor),
      head: toSyncedPosition(state, head),
      version: getSyncedVersion(state),
    });
  }

  private showRemoteCursor(message: CursorMessage): void {
    this.cursorsAhead.delete(message.userId);
    if (!this.host || message.userId === this.myId) return;
    const participant = this.others().find((other) => other.id === message.userId);
    if (!participant) return;
    const { state } = this.host;
    const synced = getSyncedVersion(state);
    const version = message.version ?? synced;
    if (version > synced) {
      // Its author has updates this editor has not received yet: draw it once they are here.
      this.cursorsAhead.set(message.userId, message);
      return;
    }
    const place = (pos: number) =>
      fromSyncedPosition(state, this.recent.mapFrom(version, pos) ?? pos);
    this.applyEffect(
      remoteSelectionMoved.of({
        userId: participant.id,
        name: participant.name,
        color: participant.color,
        anchor: place(message.anchor),
        head: place(message.head),
      }),
    );
  }

  private forgetAbsentCursors(): void {
    const others = this.others();
    for (const userId of this.cursorsAhead.keys()) {
      if (!others.some((other) => other.id === userId)) this.cursorsAhead.delete(userId);
    }
    this.applyEffect(participantsPresent.of(others.map((other) => other.id)));
  }

  private applyEffect(effect: StateEffect<unknown>): void {
    if (this.host && this.joined) this.host.dispatch(this.host.state.update({ effects: effect }));
  }
}
