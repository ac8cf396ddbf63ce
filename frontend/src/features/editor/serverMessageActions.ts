/**
 * What the server's messages (and the close codes that end a connection for good) tell the rest
 * of the page, as Redux actions: one entry per message type that a slice cares about. What a
 * message does to the editor itself is the sync's business.
 */
import type { UnknownAction } from "@reduxjs/toolkit";

import { CloseCode, type FinalCloseCode, type ServerMessage } from "../../api/protocol";
import { roomStatusChanged } from "../access/accessSlice";
import { serverErrorReceived } from "../connection/connectionSlice";
import { participantJoined, participantLeft } from "../presence/presenceSlice";
import {
  editLinkRotated,
  languageChanged,
  removedByHost,
  roomJoined,
  roomNotFound,
  roomRenamed,
} from "../room/roomSlice";
import {
  isRunError,
  runFinished,
  runOutputReceived,
  runRefused,
  runStarted,
  stdinReceived,
} from "../run/runSlice";

type MessageOf<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

type ActionTable = {
  [T in ServerMessage["type"]]?: (message: MessageOf<T>) => UnknownAction;
};

const serverMessageActions: ActionTable = {
  welcome: ({ room, you, participants }) =>
    roomJoined({
      room: { id: room.id, name: room.name, language: room.language, status: room.status },
      you,
      participants,
    }),
  participant_joined: ({ user }) => participantJoined(user),
  participant_left: ({ userId }) => participantLeft(userId),
  language: (message) => languageChanged(message),
  rename: (message) => roomRenamed(message),
  status: (message) => roomStatusChanged(message),
  run_started: (message) => runStarted(message),
  run_result: (message) => runFinished(message),
  run_output: ({ chunks }) => runOutputReceived(chunks),
  stdin: ({ stdin, userId }) => stdinReceived({ stdin, userId }),
  // A refused run concerns only whoever asked: the run panel shows it, not the status bar.
  error: ({ code, message }) =>
    isRunError(code) ? runRefused({ code, message }) : serverErrorReceived({ code, message }),
};

/** The action a message stands for; undefined when no slice cares (updates, pong, …). */
export function serverMessageAction(message: ServerMessage): UnknownAction | undefined {
  const toAction = serverMessageActions[message.type] as
    ((message: ServerMessage) => UnknownAction) | undefined;
  return toAction?.(message);
}

const finalCloseActions: Record<FinalCloseCode, () => UnknownAction> = {
  [CloseCode.removedByHost]: removedByHost,
  [CloseCode.roomNotFound]: roomNotFound,
  [CloseCode.editLinkRotated]: editLinkRotated,
};

/** The action a close for good stands for: the page stops showing the room, and says why. */
export function finalCloseAction(code: FinalCloseCode): UnknownAction {
  return finalCloseActions[code]();
}
