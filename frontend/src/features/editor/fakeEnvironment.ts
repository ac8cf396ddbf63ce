/** Tests' stand-in for the browser's sockets and network: sockets are opened and closed by hand. */
import type { ClientMessage, ServerMessage } from "../../api/protocol";
import type { SessionEnvironment, Socket, SocketHandlers } from "./socket";

export class FakeSocket implements Socket {
  readonly sent: ClientMessage[] = [];
  open = true;
  abandoned = false;

  constructor(
    readonly url: string,
    readonly protocols: readonly string[],
    private readonly handlers: SocketHandlers,
  ) {}

  isOpen(): boolean {
    return this.open;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  abandon(): void {
    this.open = false;
    this.abandoned = true;
  }

  receive(message: ServerMessage): void {
    this.handlers.message(JSON.stringify(message));
  }

  /** Several messages in one frame, as the server bundles them for a socket that asked. */
  receiveBundle(messages: readonly ServerMessage[]): void {
    this.handlers.message(JSON.stringify(messages));
  }

  closeFromServer(code: number): void {
    this.open = false;
    this.handlers.closed(code);
  }

  pushes(): Extract<ClientMessage, { type: "push" }>[] {
    return this.sent.filter((message) => message.type === "push");
  }
}

export class FakeEnvironment implements SessionEnvironment {
  readonly page = { protocol: "http:", host: "pairpad.test" };
  readonly sockets: FakeSocket[] = [];
  private online = true;
  private networkChanged: ((online: boolean) => void) | null = null;

  readonly openSocket = (
    url: string,
    protocols: readonly string[],
    handlers: SocketHandlers,
  ): FakeSocket => {
    const opened = new FakeSocket(url, protocols, handlers);
    this.sockets.push(opened);
    return opened;
  };

  readonly network = {
    isOnline: () => this.online,
    watch: (changed: (online: boolean) => void) => {
      this.networkChanged = changed;
      return () => {
        this.networkChanged = null;
      };
    },
  };

  /** The socket opened last. */
  get socket(): FakeSocket {
    const last = this.sockets.at(-1);
    if (!last) throw new Error("no socket was opened");
    return last;
  }

  /** The browser goes offline or comes back, telling whoever watches. */
  setOnline(online: boolean): void {
    this.online = online;
    this.networkChanged?.(online);
  }
}
