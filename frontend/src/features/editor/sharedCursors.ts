/**
 * Cursors across versions. Ours goes out as positions in the last version the server confirmed,
 * which means the same text to everyone; the others' arrive tagged with the version they refer
 * to and are mapped forward through the server's later changes and our unconfirmed ones.
 */
import type { ChangeDesc, EditorState, StateEffect } from "@codemirror/state";

import type { ClientMessage, Participant, ServerMessage } from "../../api/protocol";
import { participantsPresent, remoteSelectionMoved } from "../presence/remoteCursors";
import { getSyncedVersion } from "./orderedCollab";
import { fromSyncedPosition, RecentChanges, toSyncedPosition } from "./positions";
import { OneShotTimer } from "./timer";

/** Ours goes out at most this often: the server allows 60 messages a second per connection. */
const SHARE_INTERVAL_MS = 100;

type CursorMessage = Extract<ServerMessage, { type: "cursor" }>;

/** What sharing cursors needs of the sync. */
export interface CursorContext {
  /** The editor's state; null once the session has stopped. */
  state(): EditorState | null;
  /** Apply an effect to the editor, if it holds the room's text. */
  applyEffect(effect: StateEffect<unknown>): void;
  /** Send on a socket the server has welcomed; false when there is none. */
  send(message: ClientMessage): boolean;
  /** Everyone else in the room, with the names and colors their cursors are drawn in. */
  others(): readonly Participant[];
}

export class SharedCursors {
  private readonly context: CursorContext;
  private myId: string | null = null;
  private readonly recent = new RecentChanges();
  /** Cursors tagged with a version this editor has not reached yet, by participant. */
  private readonly ahead = new Map<string, CursorMessage>();
  private readonly shareTimer = new OneShotTimer();

  constructor(context: CursorContext) {
    this.context = context;
  }

  /** The server knows this editor as `userId`; its own cursor coming back is not drawn. */
  joinedAs(userId: string): void {
    this.myId = userId;
  }

  /** The editor started over with the room's text at `version`: older cursors cannot be mapped. */
  restarted(version: number): void {
    this.recent.reset(version);
    this.ahead.clear();
  }

  /** The server's changes were applied: cursors that waited for them are drawn now. */
  changesApplied(changes: readonly ChangeDesc[]): void {
    this.recent.add(changes);
    for (const cursor of [...this.ahead.values()]) this.show(cursor);
  }

  /** The user moved the selection or typed: tell the others soon. */
  selectionMoved(): void {
    this.shareTimer.schedule(SHARE_INTERVAL_MS, () => {
      this.share();
    });
  }

  /** The socket is gone, and a share planned for it with it. */
  cancelShare(): void {
    this.shareTimer.cancel();
  }

  /** Tell the others where the cursor is, in the last version the server confirmed. */
  share(): void {
    const state = this.context.state();
    // A read-only editor has no caret to share: the server ignores a viewer's selection, and
    // an editor's shows again once the room reopens and they move it.
    if (!state || state.readOnly) return;
    const { anchor, head } = state.selection.main;
    this.context.send({
      type: "cursor",
      anchor: toSyncedPosition(state, anchor),
      head: toSyncedPosition(state, head),
      version: getSyncedVersion(state),
    });
  }

  show(message: CursorMessage): void {
    this.ahead.delete(message.userId);
    const state = this.context.state();
    if (!state || message.userId === this.myId) return;
    const participant = this.context.others().find((other) => other.id === message.userId);
    if (!participant) return;
    const synced = getSyncedVersion(state);
    const version = message.version ?? synced;
    if (version > synced) {
      // Its author has updates this editor has not received yet: draw it once they are here.
      this.ahead.set(message.userId, message);
      return;
    }
    const place = (pos: number) =>
      fromSyncedPosition(state, this.recent.mapFrom(version, pos) ?? pos);
    this.context.applyEffect(
      remoteSelectionMoved.of({
        userId: participant.id,
        name: participant.name,
        color: participant.color,
        anchor: place(message.anchor),
        head: place(message.head),
      }),
    );
  }

  /** Take away the cursors of people who are no longer in the room. */
  forgetAbsent(): void {
    const others = this.context.others();
    for (const userId of this.ahead.keys()) {
      if (!others.some((other) => other.id === userId)) this.ahead.delete(userId);
    }
    this.context.applyEffect(participantsPresent.of(others.map((other) => other.id)));
  }
}
