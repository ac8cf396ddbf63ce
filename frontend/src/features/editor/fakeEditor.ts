/** Tests' stand-ins for the session's other end: an editor without a screen, and welcomes. */
import { EditorState, type Transaction } from "@codemirror/state";
import { EditorView, type ViewUpdate } from "@codemirror/view";

import type { RoomSnapshot, ServerMessage } from "../../api/protocol";
import type { EditorHost } from "./collabSync";

export const ME = { id: "me", name: "Ada", color: "#e6194b", role: "editor" } as const;
export const CLIENT = "client-ada";

/** An editor without a screen: applies transactions and calls update listeners as a view does. */
export class FakeEditor implements EditorHost {
  state = EditorState.create();

  dispatch(transaction: Transaction): void {
    this.state = transaction.state;
    // The listeners read only the transactions of an update.
    const update = { transactions: [transaction] } as unknown as ViewUpdate;
    for (const listener of this.state.facet(EditorView.updateListener)) listener(update);
  }

  setState(state: EditorState): void {
    this.state = state;
  }

  type(from: number, insert: string): void {
    this.dispatch(this.state.update({ changes: { from, insert } }));
  }
}

export function welcome(
  room: Partial<RoomSnapshot>,
  extra: Partial<ServerMessage> = {},
): ServerMessage {
  return {
    type: "welcome",
    you: ME,
    participants: [],
    room: {
      id: "room-1",
      name: "Room",
      language: "python",
      status: "active",
      version: 0,
      doc: "",
      ...room,
    },
    ...extra,
  } as ServerMessage;
}
