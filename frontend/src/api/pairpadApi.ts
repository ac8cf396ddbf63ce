/**
 * The REST API (rooms, their history, the host's notes, autocomplete) through RTK Query. Calls
 * about a room carry its host key when this browser holds one (hostKeys.ts).
 */
import {
  createApi,
  fetchBaseQuery,
  type FetchArgs,
  type FetchBaseQueryError,
} from "@reduxjs/toolkit/query/react";
import type { SerializedError } from "@reduxjs/toolkit";

import { windowEndingAt } from "./historyWindows";
import { hostKeys } from "./hostKeys";
import type { Language, Role, RoomStatus } from "./protocol";

export interface RoomRead {
  /** The link the caller came through: the edit link's id, or for a viewer the view link's. */
  roomId: string;
  url: string;
  viewId: string;
  viewUrl: string;
  role: Role;
  status: RoomStatus;
  name: string;
  language: Language;
  code: string;
  version: number;
  participantCount: number;
}

/** The answer to creating a room: the only time the host key is shown. */
export interface RoomCreated extends RoomRead {
  hostKey: string;
}

/** The host's private notes; `updatedAt` is null until they are first saved. */
export interface Notes {
  text: string;
  updatedAt: string | null;
}

export interface RoomCreate {
  name?: string;
  language?: Language;
  code?: string;
}

export interface SuggestionRequest {
  code: string;
  /** UTF-16 code units from the start of `code`, as CodeMirror counts. */
  cursorPosition: number;
  language: Language;
}

export interface CompletionItem {
  label: string;
  insertText: string;
  kind: string;
  detail: string;
}

export interface Suggestion {
  /** Text to insert at the cursor; empty when there is nothing to suggest. */
  suggestion: string;
  items: CompletionItem[];
  provider: string;
  /** Jedi ran out of time; asked again soon for the same place, it answers from its cache. */
  late?: boolean;
}

/** One stored update: `changes` is CodeMirror's `ChangeSet.toJSON()` (docs/protocol.md). */
export interface HistoryEntry {
  /** The version this update produced. */
  version: number;
  clientID: string;
  authorName: string | null;
  authorColor: string | null;
  createdAt: string | null;
  changes: unknown;
}

interface HistoryPage {
  updates: HistoryEntry[];
  nextSince: number | null;
}

export interface VersionText {
  version: number;
  code: string;
}

/** A stretch of history: the full text at version `base`, then the updates after it in order. */
export interface HistoryWindow {
  base: number;
  text: string;
  updates: HistoryEntry[];
}

/** Where a window of history ends: a version, or the room's version when it is fetched. */
export type HistoryWindowEnd = number | "latest";

function roomUrl(roomId: string): string {
  return `rooms/${encodeURIComponent(roomId)}`;
}

/** A request about a room (`path` below it), as its host when this browser holds the key. */
function roomRequest(roomId: string, path = "", init: Omit<FetchArgs, "url"> = {}): FetchArgs {
  return { ...init, url: roomUrl(roomId) + path, headers: hostKeys.authorization(roomId) };
}

export const pairpadApi = createApi({
  reducerPath: "api",
  baseQuery: fetchBaseQuery({ baseUrl: "/" }),
  endpoints: (build) => ({
    createRoom: build.mutation<RoomCreated, RoomCreate>({
      query: (body) => ({ url: "rooms", method: "POST", body }),
    }),
    getRoom: build.query<RoomRead, string>({
      query: (roomId) => roomRequest(roomId),
    }),
    /** The room's edit link as its host sees it, through the view link, which never changes. */
    findEditLink: build.query<string, { viewId: string; hostKey: string }>({
      query: ({ viewId, hostKey }) => ({
        url: roomUrl(viewId),
        headers: { Authorization: `Bearer ${hostKey}` },
      }),
      transformResponse: (room: RoomRead) => room.roomId,
    }),
    /**
     * The room's history a window at a time (historyWindows.ts), newest first: the first page
     * ends at the room's version when it is fetched, each next page where the last one starts.
     */
    getHistory: build.infiniteQuery<HistoryWindow, string, HistoryWindowEnd>({
      infiniteQueryOptions: {
        initialPageParam: "latest",
        getNextPageParam: (oldest) => (oldest.base > 0 ? oldest.base : undefined),
        // A refetch (each opening of the panel) starts over from the newest window alone.
        refetchCachedPages: false,
      },
      async queryFn({ queryArg: roomId, pageParam }, _api, _options, fetchWithBaseQuery) {
        const get = async (path: string) => fetchWithBaseQuery(roomRequest(roomId, path));
        let until = pageParam;
        if (until === "latest") {
          const room = await get("");
          if (room.error) return { error: room.error };
          until = (room.data as RoomRead).version;
        }
        const plan = windowEndingAt(until);
        const [text, pages] = await Promise.all([
          get(`/versions/${plan.base}`),
          Promise.all(
            plan.pages.map(({ since, limit }) => get(`/history?since=${since}&limit=${limit}`)),
          ),
        ]);
        const failed = [text, ...pages].find((response) => response.error);
        if (failed?.error) return { error: failed.error };
        return {
          data: {
            base: plan.base,
            text: (text.data as VersionText).code,
            updates: pages.flatMap((page) => (page.data as HistoryPage).updates),
          },
        };
      },
    }),
    restoreVersion: build.mutation<RoomRead, { roomId: string; version: number }>({
      query: ({ roomId, version }) =>
        roomRequest(roomId, "/restore", { method: "POST", body: { version } }),
    }),
    /** End the interview or reopen it (the host's); everyone hears of it as a `status` message. */
    changeRoomStatus: build.mutation<RoomRead, { roomId: string; status: RoomStatus }>({
      query: ({ roomId, status }) => roomRequest(roomId, "", { method: "PATCH", body: { status } }),
    }),
    deleteRoom: build.mutation<null, string>({
      query: (roomId) => roomRequest(roomId, "", { method: "DELETE" }),
    }),
    /** A new edit link (the host's): the answer's `roomId` is the new id. */
    rotateEditLink: build.mutation<RoomRead, string>({
      query: (roomId) => roomRequest(roomId, "/edit-link", { method: "POST" }),
    }),
    getNotes: build.query<Notes, string>({
      query: (roomId) => roomRequest(roomId, "/notes"),
    }),
    /** With `updatedAt` as last read: notes changed since (another tab) answer 409. */
    saveNotes: build.mutation<Notes, { roomId: string; notes: Notes }>({
      query: ({ roomId, notes }) => roomRequest(roomId, "/notes", { method: "PUT", body: notes }),
    }),
    suggestCompletion: build.mutation<Suggestion, SuggestionRequest>({
      query: (body) => ({ url: "autocomplete", method: "POST", body }),
    }),
  }),
});

export const {
  useCreateRoomMutation,
  useGetRoomQuery,
  useFindEditLinkQuery,
  useGetHistoryInfiniteQuery,
  useRestoreVersionMutation,
  useChangeRoomStatusMutation,
  useDeleteRoomMutation,
  useRotateEditLinkMutation,
  useGetNotesQuery,
  useSaveNotesMutation,
} = pairpadApi;

export type ApiError = FetchBaseQueryError | SerializedError | undefined;

export function hasHttpStatus(error: ApiError, status: number): boolean {
  return error !== undefined && "status" in error && error.status === status;
}

export function isNotFound(error: ApiError): boolean {
  return hasHttpStatus(error, 404);
}

/** A sentence for the user: the server's `{"error": {"message"}}` when there is one. */
export function describeApiError(error: ApiError): string {
  if (error === undefined) return "Something went wrong.";
  if (!("status" in error)) return error.message ?? "Something went wrong.";
  const body = error.data as { error?: { message?: string } } | undefined;
  if (body?.error?.message) return body.error.message;
  if (error.status === "FETCH_ERROR") return "The server cannot be reached. Check your connection.";
  return `The server answered ${String(error.status)}.`;
}
