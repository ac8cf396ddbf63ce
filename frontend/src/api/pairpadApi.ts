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

/** The most updates the server returns per history page. */
const HISTORY_PAGE_SIZE = 1000;

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
    /** Every update of the room, oldest first, following `nextSince` page by page. */
    getHistory: build.query<HistoryEntry[], string>({
      async queryFn(roomId, _api, _options, fetchPage) {
        const updates: HistoryEntry[] = [];
        let since: number | null = 0;
        while (since !== null) {
          const page = await fetchPage(
            roomRequest(roomId, `/history?since=${since}&limit=${HISTORY_PAGE_SIZE}`),
          );
          if (page.error) return { error: page.error };
          const body = page.data as HistoryPage;
          updates.push(...body.updates);
          since = body.nextSince;
        }
        return { data: updates };
      },
    }),
    getVersion: build.query<VersionText, { roomId: string; version: number }>({
      query: ({ roomId, version }) => roomRequest(roomId, `/versions/${version}`),
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
  useGetHistoryQuery,
  useGetVersionQuery,
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
