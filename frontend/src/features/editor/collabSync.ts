/**
 * Keeps an editor's text in step with the room's (docs/protocol.md) over whichever socket is
 * current: it applies the welcome and the server's updates, and tells pushes and cursors what
 * happened, so one state machine drives both push and pull. It knows nothing of Redux: it
 * reports to its owner, which tells the page.
 */
import { EditorState, Transaction, type Extension, type StateEffect } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

import {
  mayEdit,
  unseenUpdates,
  type ClientMessage,
  type Language,
  type Participant,
  type Role,
  type RoomSnapshot,
  type RoomStatus,
  type ServerMessage,
  type WireUpdate,
} from "../../api/protocol";
import { editing, editingChanged } from "./editing";
import { languageCompartment, languageSupport } from "./languages";
import { collab, getSyncedVersion, receiveUpdates, sendableUpdates } from "./orderedCollab";
import { Pushes } from "./pushes";
import { SharedCursors } from "./sharedCursors";
import { fromWire } from "./wireUpdates";

/** What the sync needs of an editor; an `EditorView` is one. */
export interface EditorHost {
  readonly state: EditorState;
  dispatch(transaction: Transaction): void;
  setState(state: EditorState): void;
}

export interface CollabSyncOptions {
  clientID: string;
  /** How the console's warnings name the room. */
  label: string;
  /** Everything the editor needs besides collaboration, for a room in `language`. */
  extensions: (language: Language) => Extension;
  /** Send on the current socket; false when none is open. */
  send(message: ClientMessage): boolean;
  /** Everyone else in the room, with the names and colors their cursors are drawn in. */
  others(): readonly Participant[];
  /** How many local updates the server has not confirmed yet, whenever that changes. */
  pendingChanged(count: number): void;
  /** Updates are missing before a frame: drop the socket and resume on a new one. */
  missedUpdates(): void;
}

interface EditorChange {
  docChanged: boolean;
  /** The user edited or moved the selection (as opposed to updates from the server). */
  byUser: boolean;
}

/** What an editor update means to the sync. */
function describeTransactions(transactions: readonly Transaction[]): EditorChange {
  return {
    docChanged: transactions.some((tr) => tr.docChanged),
    byUser: transactions.some(
      (tr) => !tr.annotation(Transaction.remote) && (tr.docChanged || tr.selection !== undefined),
    ),
  };
}

export class CollabSync {
  private readonly options: CollabSyncOptions;
  private readonly pushes: Pushes;
  private readonly cursors: SharedCursors;
  /** Reports every editor update back to the sync, in the state it gives the editor. */
  private readonly listener: Extension;

  private host: EditorHost | null = null;
  /** The version the current socket asked to resume from; its welcome catches up from there. */
  private since: number | undefined;
  private welcomed = false;
  /** The editor holds this room's text, so reconnecting resumes instead of starting over. */
  private joined = false;
  /** What the welcome said this connection may do, and the room's status since. */
  private role: Role = "viewer";
  private status: RoomStatus = "active";
  private reportedPending = -1;

  constructor(options: CollabSyncOptions) {
    this.options = options;
    const state = () => this.host?.state ?? null;
    const send = (message: ClientMessage) => this.welcomed && options.send(message);
    this.pushes = new Pushes({ state, send });
    this.cursors = new SharedCursors({
      state,
      send,
      applyEffect: (effect) => {
        this.applyEffect(effect);
      },
      others: () => options.others(),
    });
    this.listener = EditorView.updateListener.of((update) => {
      this.editorChanged(describeTransactions(update.transactions));
    });
  }

  attach(host: EditorHost): void {
    this.host = host;
    this.joined = false;
  }

  detach(): void {
    this.socketClosed();
    this.host = null;
  }

  /** The version a new socket should resume from (none: from scratch), kept for its welcome. */
  resumeVersion(): number | undefined {
    this.since = this.host && this.joined ? getSyncedVersion(this.host.state) : undefined;
    return this.since;
  }

  /** Whatever was under way on the last socket is over. */
  socketClosed(): void {
    this.welcomed = false;
    this.pushes.socketClosed();
    this.cursors.cancelShare();
  }

  /** The editor's text cannot be trusted any more: the next welcome replaces it. */
  startOver(): void {
    this.joined = false;
  }

  /** What a server message does to the editor. */
  receive(message: ServerMessage): void {
    switch (message.type) {
      case "welcome":
        this.welcome(message);
        break;
      case "updates":
        this.applyUpdates(message.version, message.updates);
        break;
      case "rejected":
        this.pushes.rejected(message.version);
        break;
      case "participant_left":
        this.cursors.forgetAbsent();
        break;
      case "cursor":
        this.cursors.show(message);
        break;
      case "language":
        this.applyEffect(languageCompartment.reconfigure(languageSupport(message.language)));
        break;
      case "status":
        this.status = message.status;
        this.applyEffect(editingChanged(this.mayEdit()));
        // Edits made just before the room ended were refused; a reopened room takes them.
        if (this.mayEdit()) this.pushes.schedule();
        break;
      case "error":
        this.pushes.refused(message.code);
        break;
      case "participant_joined":
      case "rename":
      case "run_started":
      case "run_result":
      case "run_output":
      case "stdin":
      case "pong":
        // Only the page shows these.
        break;
    }
  }

  private editorChanged(change: EditorChange): void {
    if (change.docChanged) {
      this.reportPending();
      this.pushes.schedule();
    }
    if (change.byUser) this.cursors.selectionMoved();
  }

  private welcome(message: Extract<ServerMessage, { type: "welcome" }>): void {
    const { room, you } = message;
    this.cursors.joinedAs(you.id);
    this.role = you.role;
    this.status = room.status;
    if (this.joined && this.since !== undefined && message.updates) {
      this.applyUpdates(this.since, message.updates);
      this.applyEffect(editingChanged(this.mayEdit()));
    } else {
      if (this.joined) {
        console.warn(
          `${this.options.label}: the server no longer has version ${String(this.since)}.`,
        );
      }
      this.resetEditor(room);
    }
    // People who left while this editor was away must not leave their cursors behind.
    this.cursors.forgetAbsent();
    this.welcomed = true;
    this.pushes.welcomed();
    this.reportPending();
    this.pushes.schedule();
    this.cursors.share();
  }

  /** Replace the editor's state with the room's text at its version. */
  private resetEditor(room: RoomSnapshot): void {
    if (!this.host) return;
    this.host.setState(
      EditorState.create({
        doc: room.doc,
        extensions: [
          this.options.extensions(room.language),
          editing(this.mayEdit()),
          collab({ startVersion: room.version, clientID: this.options.clientID }),
          this.listener,
        ],
      }),
    );
    this.cursors.restarted(room.version);
    this.joined = true;
  }

  private applyUpdates(frameVersion: number, wire: readonly WireUpdate[]): void {
    if (!this.host) return;
    const { state } = this.host;
    const fresh = unseenUpdates(frameVersion, wire, getSyncedVersion(state));
    if (fresh === "gap") {
      console.warn(`${this.options.label}: missed updates before version ${frameVersion}.`);
      this.options.missedUpdates();
      return;
    }
    if (!fresh.length) return;
    const updates = fromWire(fresh);
    if (updates.some((update) => update.clientID === this.options.clientID)) {
      this.pushes.confirmed();
    }
    this.host.dispatch(receiveUpdates(state, updates));
    this.reportPending();
    this.pushes.schedule();
    this.cursors.changesApplied(updates.map((update) => update.changes.desc));
  }

  private mayEdit(): boolean {
    return mayEdit(this.role, this.status);
  }

  private reportPending(): void {
    if (!this.host) return;
    const count = sendableUpdates(this.host.state).length;
    if (count === this.reportedPending) return;
    this.reportedPending = count;
    this.options.pendingChanged(count);
  }

  private applyEffect(effect: StateEffect<unknown>): void {
    if (this.host && this.joined) this.host.dispatch(this.host.state.update({ effects: effect }));
  }
}
