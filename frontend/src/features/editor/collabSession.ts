/**
 * One editor's live connection to a room: a reconnecting socket carries the messages, the sync
 * keeps the text in step, and what the messages mean to the rest of the page goes to Redux.
 */
import type { Extension } from "@codemirror/state";

import {
  parseServerMessages,
  socketProtocols,
  socketUrl,
  type Language,
  type Participant,
  type ServerMessage,
} from "../../api/protocol";
import type { AppDispatch } from "../../app/store";
import {
  connectionLost,
  connectionStarted,
  networkStatusChanged,
  pendingEditsChanged,
} from "../connection/connectionSlice";
import { isRunError } from "../run/runSlice";
import { newClientId } from "./clientId";
import { CollabSync, type EditorHost } from "./collabSync";
import { ReconnectingSocket } from "./reconnectingSocket";
import { finalCloseAction, serverMessageAction } from "./serverMessageActions";
import { browserEnvironment, type SessionEnvironment } from "./socket";

export interface CollabSessionOptions {
  roomId: string;
  name: string;
  /** The room's host key, when this browser holds it: the socket joins as the host. */
  hostKey?: string | null;
  dispatch: AppDispatch;
  /** Everyone else in the room as the page knows them: cursors are drawn with their names. */
  others: () => readonly Participant[];
  /** Everything the editor needs besides collaboration, for a room in `language`. */
  extensions: (language: Language) => Extension;
  environment?: SessionEnvironment;
  clientID?: string;
}

export class CollabSession {
  readonly clientID: string;
  private readonly label: string;
  private readonly dispatch: AppDispatch;
  private readonly sync: CollabSync;
  private readonly socket: ReconnectingSocket;

  constructor(options: CollabSessionOptions) {
    const { roomId, name, dispatch } = options;
    const environment = options.environment ?? browserEnvironment();
    this.label = `Room ${roomId}`;
    this.dispatch = dispatch;
    this.clientID = options.clientID ?? newClientId();
    this.sync = new CollabSync({
      clientID: this.clientID,
      label: this.label,
      extensions: options.extensions,
      send: (message) => this.socket.send(message),
      others: options.others,
      pendingChanged: (count) => dispatch(pendingEditsChanged(count)),
      missedUpdates: () => {
        this.socket.reconnect();
      },
    });
    this.socket = new ReconnectingSocket({
      url: () => socketUrl(environment.page, roomId, name, this.sync.resumeVersion()),
      protocols: socketProtocols(options.hostKey ?? null),
      label: this.label,
      environment,
      events: {
        opening: () => dispatch(connectionStarted()),
        message: (data) => {
          this.received(data);
        },
        closed: () => {
          this.sync.socketClosed();
        },
        lost: () => dispatch(connectionLost()),
        closedForGood: (code) => {
          dispatch(finalCloseAction(code));
          this.sync.detach();
        },
        networkChanged: (online) => dispatch(networkStatusChanged({ online })),
      },
    });
  }

  start(host: EditorHost): void {
    this.sync.attach(host);
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
    this.sync.detach();
  }

  /** Ask the server to switch the room's language; the editor follows when it is broadcast. */
  changeLanguage(language: Language): boolean {
    return this.socket.send({ type: "language", language });
  }

  rename(name: string): boolean {
    return this.socket.send({ type: "rename", name });
  }

  /** Ask the server to run the room's text; everyone in the room receives the output. */
  run(): boolean {
    return this.socket.send({ type: "run" });
  }

  /** Stop the room's run under way, for everyone. */
  stopRun(): boolean {
    return this.socket.send({ type: "stop" });
  }

  /** Share what this editor typed in the room's input box; everyone's box follows. */
  shareStdin(stdin: string): boolean {
    return this.socket.send({ type: "stdin", stdin });
  }

  /** Close someone's connection (the host's alone; the server refuses anyone else). */
  remove(userId: string): boolean {
    return this.socket.send({ type: "remove", userId });
  }

  /** Handle a frame's messages in order, as if each had come alone. */
  private received(data: unknown): void {
    const messages = parseServerMessages(data, (ignored) => {
      console.warn(`${this.label}: ignoring an unexpected message`, ignored);
    });
    for (const [index, message] of messages.entries()) {
      // Once the socket that brought the frame is given up (out of step), nothing more of it
      // counts: alone, the messages after it would never have been heard.
      if (!this.socket.isInUse()) return;
      try {
        this.handle(message);
      } catch (error) {
        this.failedToApply(message, error);
        this.leftUnapplied(messages.length - index - 1);
        return;
      }
    }
  }

  /**
   * What came after a message that failed is not applied (it may build on it); the text must
   * not stay behind the room, so a new socket's welcome brings it again.
   */
  private leftUnapplied(count: number): void {
    if (count === 0 || !this.socket.isInUse()) return;
    console.warn(`${this.label}: reconnecting for ${count} message(s) left unapplied`);
    this.socket.reconnect();
  }

  private handle(message: ServerMessage): void {
    if (message.type === "error" && !isRunError(message.code)) {
      console.warn(
        `${this.label}: the server refused a message (${message.code}): ${message.message}`,
      );
    }
    const action = serverMessageAction(message);
    if (action) this.dispatch(action);
    // The server took this socket: the backoff starts over.
    if (message.type === "welcome") this.socket.accepted();
    this.sync.receive(message);
  }

  private failedToApply(message: ServerMessage, error: unknown): void {
    console.error(`${this.label}: could not apply a ${message.type} message`, error);
    if (message.type === "updates" || message.type === "welcome") {
      // The editor and the server disagree (a change that does not fit the text): start
      // over from the server's text rather than keep editing a diverged copy.
      this.sync.startOver();
      this.socket.reconnect();
    }
  }
}
