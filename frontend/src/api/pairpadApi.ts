/** The REST API (rooms, their history, autocomplete) through RTK Query. */
import { createApi, fetchBaseQuery, type FetchBaseQueryError } from "@reduxjs/toolkit/query/react";
import type { SerializedError } from "@reduxjs/toolkit";

import type { Language } from "./protocol";

export interface RoomRead {
  roomId: string;
  url: string;
  name: string;
  language: Language;
  code: string;
  version: number;
  participantCount: number;
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

export const pairpadApi = createApi({
  reducerPath: "api",
  baseQuery: fetchBaseQuery({ baseUrl: "/" }),
  endpoints: (build) => ({
    createRoom: build.mutation<RoomRead, RoomCreate>({
      query: (body) => ({ url: "rooms", method: "POST", body }),
    }),
    getRoom: build.query<RoomRead, string>({
      query: roomUrl,
    }),
    /** Every update of the room, oldest first, following `nextSince` page by page. */
    getHistory: build.query<HistoryEntry[], string>({
      async queryFn(roomId, _api, _options, fetchPage) {
        const updates: HistoryEntry[] = [];
        let since: number | null = 0;
        while (since !== null) {
          const page = await fetchPage(
            `${roomUrl(roomId)}/history?since=${since}&limit=${HISTORY_PAGE_SIZE}`,
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
      query: ({ roomId, version }) => `${roomUrl(roomId)}/versions/${version}`,
    }),
    restoreVersion: build.mutation<RoomRead, { roomId: string; version: number }>({
      query: ({ roomId, version }) => ({
        url: `${roomUrl(roomId)}/restore`,
        method: "POST",
        body: { version },
      }),
    }),
    suggestCompletion: build.mutation<Suggestion, SuggestionRequest>({
      query: (body) => ({ url: "autocomplete", method: "POST", body }),
    }),
  }),
});

export const {
  useCreateRoomMutation,
  useGetRoomQuery,
  useGetHistoryQuery,
  useGetVersionQuery,
  useRestoreVersionMutation,
} = pairpadApi;

export type ApiError = FetchBaseQueryError | SerializedError | undefined;

export function isNotFound(error: ApiError): boolean {
  return error !== undefined && "status" in error && error.status === 404;
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
