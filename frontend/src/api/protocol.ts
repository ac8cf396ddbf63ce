/** The WebSocket protocol of docs/protocol.md as the browser speaks it: messages, their parsing. */
export const LANGUAGES = [
  "python",
  "javascript",
  "typescript",
  "c",
  "cpp",
  "java",
  "go",
  "plaintext",
] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a connection may do, by the link it came through and the host key (docs/protocol.md, Roles). */
export type Role = "host" | "editor" | "viewer";
/** An interview that has ended is read-only for all but the host. */
export type RoomStatus = "active" | "ended";

/** Whether `role` may change the room's text, run it, rename it or change its language now. */
export function mayEdit(role: Role, status: RoomStatus): boolean {
  return role === "host" || (role === "editor" && status === "active");
}

export interface Participant {
  id: string;
  name: string;
  color: string;
  role: Role;
}

/** One update as it travels: `changes` is `ChangeSet.toJSON()`. */
export interface WireUpdate {
  clientID: string;
  changes: unknown;
}

/**
 * How a rebased push orders its insertions against others at the same place: "arrival" (the
 * default, as @codemirror/collab's rebaseUpdates does) puts the stored one first, "author" the
 * one whose clientID sorts first.
 */
export type TieBreak = "arrival" | "author";

/** Who ran the room's text, and which text: everyone in the room sees the same run. */
export interface RunStarted {
  userId: string;
  name: string;
  language: Language;
  version: number;
  /** The input the program reads: the room's input box when the run started. */
  stdin?: string;
}

/** What a run printed and how it ended (the fields of `POST /execute`, docs/execution.md). */
export interface RunResult extends RunStarted {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  truncated: boolean;
  /** Compiling (or transpiling) time within `durationMs`; null for languages run as they are. */
  compileMs?: number | null;
  /** The program's own time; null when it never started. */
  runMs?: number | null;
  /** The compiler refused the program: `compileOutput` says why and nothing ran. */
  compileError?: boolean;
  /** What the compiler printed, errors and warnings. */
  compileOutput?: string;
  /** Someone pressed Stop before the program ended. */
  stopped?: boolean;
}

/** A piece of what a running program printed, in the order it printed it. */
export interface RunOutputChunk {
  stream: "stdout" | "stderr";
  text: string;
}

export interface RoomSnapshot {
  /** The link this connection came through: the edit link's id, or the view link's. */
  id: string;
  name: string;
  language: Language;
  status: RoomStatus;
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
  | { type: "status"; status: RoomStatus; userId: string }
  | { type: "pong" }
  | ({ type: "run_started" } & RunStarted)
  | ({ type: "run_result" } & RunResult)
  /** What the run under way printed since the last `run_output`; `run_result` follows them. */
  | { type: "run_output"; userId: string; chunks: RunOutputChunk[] }
  /** The room's input box changed (`userId` null: what it held when this socket joined). */
  | { type: "stdin"; stdin: string; userId: string | null }
  | { type: "error"; code: string; message: string };

export type ClientMessage =
  /**
   * `rebase`: a push made at an older version is moved over what was stored since, with
   * same-spot insertions ordered by `tieBreak` (docs/protocol.md, "Same-spot insertions").
   */
  | {
      type: "push";
      version: number;
      updates: WireUpdate[];
      rebase?: boolean;
      tieBreak?: TieBreak;
    }
  | { type: "cursor"; anchor: number; head: number; version: number }
  | { type: "language"; language: Language }
  | { type: "rename"; name: string }
  | { type: "ping" }
  /** `stdin`, when given, is run with and becomes the room's input. */
  | { type: "run"; stdin?: string }
  /** Stop the room's run under way. */
  | { type: "stop" }
  /** The whole of the room's input box, as this editor typed it. */
  | { type: "stdin"; stdin: string }
  /** The host's alone: close that participant's connection (4403). */
  | { type: "remove"; userId: string };

const SERVER_TYPES: ReadonlySet<string> = new Set<ServerMessage["type"]>([
  "welcome",
  "updates",
  "rejected",
  "participant_joined",
  "participant_left",
  "cursor",
  "language",
  "rename",
  "status",
  "pong",
  "run_started",
  "run_result",
  "run_output",
  "stdin",
  "error",
]);

/** Close codes after which reconnecting cannot help; any other close is followed by one. */
export const CloseCode = {
  removedByHost: 4403,
  roomNotFound: 4404,
  /** The host gave the room a new edit link: the one this socket came through admits nobody. */
  editLinkRotated: 4410,
} as const;
export type FinalCloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(CloseCode));

export function isFinalClose(code: number): code is FinalCloseCode {
  return FINAL_CLOSE_CODES.has(code);
}

/** The most updates one `push` may carry. */
export const UPDATES_PER_PUSH = 200;

export const ROOM_NAME_MAX = 100;

/**
 * The server messages of a text frame, in order: a frame holds one message, or (a bundle, sent
 * only to sockets that asked with `bundle=1`) an array of them. What is not a known server
 * message is left out and handed to `ignored`: a frame that is not JSON as a whole, an array's
 * unknown elements one by one, as if each had come alone.
 */
export function parseServerMessages(
  data: unknown,
  ignored?: (value: unknown) => void,
): ServerMessage[] {
  const value = parseJson(data);
  if (value === undefined) {
    ignored?.(data);
    return [];
  }
  const values: unknown[] = Array.isArray(value) ? value : [value];
  const messages: ServerMessage[] = [];
  for (const element of values) {
    if (isServerMessage(element)) messages.push(element);
    else ignored?.(element);
  }
  return messages;
}

/** A text frame's JSON value; undefined for a binary frame or text that is not JSON. */
function parseJson(data: unknown): unknown {
  if (typeof data !== "string") return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== "object" || value === null || !("type" in value)) return false;
  const type = value.type;
  return typeof type === "string" && SERVER_TYPES.has(type);
}

/**
 * The room's WebSocket address on the page's own host, resuming from `since` when given.
 * `bundle=1`: this client takes several messages in one frame (see `parseServerMessages`).
 */
export function socketUrl(
  page: { protocol: string; host: string },
  roomId: string,
  name: string,
  since?: number,
): string {
  const scheme = page.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams({ name, bundle: "1" });
  if (since !== undefined) query.set("since", String(since));
  return `${scheme}//${page.host}/ws/${encodeURIComponent(roomId)}?${query.toString()}`;
}

/**
 * The subprotocols a socket offers: the host's key travels as one, since a browser cannot set
 * headers on a WebSocket and a key in the URL would end up in logs. Others offer none.
 */
export function socketProtocols(hostKey: string | null): string[] {
  return hostKey ? ["pairpad", `pairpad.host.${hostKey}`] : [];
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
