/** The REST API (rooms, autocomplete) through RTK Query. */
import { createApi, fetchBaseQuery, type FetchBaseQueryError } from "@reduxjs/toolkit/query/react";
import type { SerializedError } from "@reduxjs/toolkit";

import type { Language } from "../features/editor/protocol";

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

export const pairpadApi = createApi({
  reducerPath: "api",
  baseQuery: fetchBaseQuery({ baseUrl: "/" }),
  endpoints: (build) => ({
    createRoom: build.mutation<RoomRead, RoomCreate>({
      query: (body) => ({ url: "rooms", method: "POST", body }),
    }),
    getRoom: build.query<RoomRead, string>({
      query: (roomId) => `rooms/${encodeURIComponent(roomId)}`,
    }),
    suggestCompletion: build.mutation<Suggestion, SuggestionRequest>({
      query: (body) => ({ url: "autocomplete", method: "POST", body }),
    }),
  }),
});

export const { useCreateRoomMutation, useGetRoomQuery } = pairpadApi;

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
