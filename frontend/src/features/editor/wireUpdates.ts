/** Updates as CodeMirror holds them versus as they travel in the protocol's frames. */
import { ChangeSet } from "@codemirror/state";

import type { WireUpdate } from "../../api/protocol";
import type { Update } from "./orderedCollab";

export function toWire(updates: readonly Update[]): WireUpdate[] {
  return updates.map((update) => ({
    clientID: update.clientID,
    changes: update.changes.toJSON() as unknown,
  }));
}

export function fromWire(updates: readonly WireUpdate[]): Update[] {
  return updates.map((update) => ({
    clientID: update.clientID,
    changes: ChangeSet.fromJSON(update.changes),
  }));
}
