/** The WebSocket protocol of docs/protocol.md as the browser speaks it: messages, their parsing. */
export const LANGUAGES = ["python", "javascript", "typescript", "plaintext"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Participant {
  id: string;
  name: string;
  color: string;
}

/** One update as it travels: `changes` is `ChangeSet.toJSON()`. */
export interface WireUpdate {
  clientID: string;
  changes: unknown;
}

/** Who ran the room's text, and which text: everyone in the room sees the same run. */
export interface RunStarted {
  userId: string;
  name: string;
  language: Language;
  version: number;
}

/** What a run printed and how it ended (the fields of `POST /execute`, docs/execution.md). */
export interface RunResult extends RunStarted {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  truncated: boolean;
}

export interface RoomSnapshot {
  id: string;
  name: string;
  language: Language;
  version: number;
  doc: string;
}

export type ServerMessage =
  | {
      type: "welcome";
      you: Participant;
      room: RoomSnapshot;
      participants: Participant[];
      updates?: WireUpdate[];
    }
  | { type: "updates"; version: number; updates: WireUpdate[] }
  | { type: "rejected"; version: number }
  | { type: "participant_joined"; user: Participant }
  | { type: "participant_left"; userId: string }
  | { type: "cursor"; userId: string; anchor: number; head: number; version?: number }
  | { type: "language"; language: Language; userId: string }
  | { type: "rename"; name: string; userId: string }
  | { type: "pong" }
  | ({ type: "run_started" } & RunStarted)
  | ({ type: "run_result" } & RunResult)
  | { type: "error"; code: string; message: string };

export type ClientMessage =
  /** `rebase`: a push made at an older version is moved over what was stored since. */
  | { type: "push"; version: number; updates: WireUpdate[]; rebase?: boolean }
  | { type: "cursor"; anchor: number; head: number; version: number }
  | { type: "language"; language: Language }
  | { type: "rename"; name: string }
  | { type: "ping" }
  | { type: "run" };

const SERVER_TYPES: ReadonlySet<string> = new Set<ServerMessage["type"]>([
  "welcome",
  "updates",
  "rejected",
  "participant_joined",
  "participant_left",
  "cursor",
  "language",
  "rename",
  "pong",
  "run_started",
  "run_result",
  "error",
]);

/** Close codes with a meaning of their own; any other close is followed by a reconnect. */
export const CloseCode = {
  roomNotFound: 4404,
} as const;

/** The most updates one `push` may carry. */
export const UPDATES_PER_PUSH = 200;

export const ROOM_NAME_MAX = 100;

/** Parse a text frame; null for anything that is not a known server message. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || !("type" in value)) return null;
  const type = value.type;
  return typeof type === "string" && SERVER_TYPES.has(type) ? (value as ServerMessage) : null;
}

/** The room's WebSocket address on the page's own host, resuming from `since` when given. */
export function socketUrl(
  page: { protocol: string; host: string },
  roomId: string,
  name: string,
  since?: number,
): string {
  const scheme = page.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ name });
  if (since !== undefined) query.set("since", String(since));
  return `${scheme}//${page.host}/ws/${encodeURIComponent(roomId)}?${query.toString()}`;
}

/**
 * The updates of a frame starting at `frameVersion` that come after `syncedVersion`, or "gap"
 * when updates between the two are missing. Updates already applied are dropped by version.
 */
export function unseenUpdates<T>(
  frameVersion: number,
  updates: readonly T[],
  syncedVersion: number,
): readonly T[] | "gap" {
  if (frameVersion > syncedVersion) return "gap";
  return updates.slice(syncedVersion - frameVersion);
}
