/**
 * A socket to the server that keeps itself up: it reconnects with backoff, at once when the
 * browser comes back online, drops a socket that goes silent, and stops for good when the server
 * says no socket will be let in again (close codes 4403, 4404, 4410). It carries messages; what
 * they mean is its owner's business.
 */
import { isFinalClose, type ClientMessage, type FinalCloseCode } from "../../api/protocol";
import { reconnectDelay } from "./backoff";
import type { SessionEnvironment, Socket } from "./socket";
import { OneShotTimer } from "./timer";

const HEARTBEAT_MS = 10_000;
/** A socket that has said nothing for this long (despite pings) is taken for dead. */
const SILENCE_LIMIT_MS = 25_000;

export interface ReconnectingSocketEvents {
  /** A socket is being opened: the first one, or the next after one was lost. */
  opening(): void;
  message(data: unknown): void;
  /** The socket in use is gone (lost, dropped, replaced or stopped): nothing more arrives on it. */
  closed(): void;
  /** It was lost and another will be opened after the backoff. */
  lost(): void;
  /** The server closed it with a code that says reconnecting cannot help: nothing is retried. */
  closedForGood(code: FinalCloseCode): void;
  /** The browser went online or offline; also called on start with how it is. */
  networkChanged(online: boolean): void;
}

export interface ReconnectingSocketOptions {
  /** The address to open, asked anew for every socket (a new one may resume elsewhere). */
  url(): string;
  /** The subprotocols every socket offers (none by default). */
  protocols?: readonly string[];
  /** How the console's warnings name this socket. */
  label: string;
  environment: SessionEnvironment;
  events: ReconnectingSocketEvents;
}

export class ReconnectingSocket {
  private readonly options: ReconnectingSocketOptions;
  private socket: Socket | null = null;
  /** The server took the socket in use, so a returning network has no reason to replace it. */
  private isAccepted = false;
  private attempt = 0;
  private lastHeardAt = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private readonly retryTimer = new OneShotTimer();
  private unwatchNetwork: (() => void) | null = null;

  constructor(options: ReconnectingSocketOptions) {
    this.options = options;
  }

  start(): void {
    this.attempt = 0;
    const { network } = this.options.environment;
    this.options.events.networkChanged(network.isOnline());
    this.unwatchNetwork = network.watch((online) => {
      this.networkChanged(online);
    });
    this.open();
  }

  stop(): void {
    this.stopWatchingNetwork();
    this.socket?.abandon();
    this.forget();
    this.retryTimer.cancel();
  }

  /** Send on the socket in use; false when none is open. */
  send(message: ClientMessage): boolean {
    if (!this.socket?.isOpen()) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** The server took the socket in use (it welcomed us): the backoff starts over. */
  accepted(): void {
    this.attempt = 0;
    this.isAccepted = true;
  }

  /** Whether a socket is open or opening; false from giving one up until the next is opened. */
  isInUse(): boolean {
    return this.socket !== null;
  }

  /** Give up on the socket in use (dead, or out of step) and open another after the backoff. */
  reconnect(): void {
    if (!this.socket) return;
    this.socket.abandon();
    this.lost();
  }

  private open(): void {
    this.options.events.opening();
    const { protocols = [], environment } = this.options;
    this.socket = environment.openSocket(this.options.url(), protocols, {
      message: (data) => {
        this.lastHeardAt = Date.now();
        this.options.events.message(data);
      },
      closed: (code) => {
        this.lost(code);
      },
    });
    this.lastHeardAt = Date.now();
    this.heartbeat = setInterval(() => {
      this.checkHeartbeat();
    }, HEARTBEAT_MS);
  }

  private forget(): void {
    this.socket = null;
    this.isAccepted = false;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.options.events.closed();
  }

  private lost(code?: number): void {
    this.forget();
    if (code !== undefined && isFinalClose(code)) {
      this.stopWatchingNetwork();
      this.options.events.closedForGood(code);
      return;
    }
    this.options.events.lost();
    this.retryTimer.schedule(reconnectDelay(this.attempt++), () => {
      this.open();
    });
  }

  private networkChanged(online: boolean): void {
    this.options.events.networkChanged(online);
    if (!online) {
      // The socket is cut off; the browser may take minutes to notice on its own.
      this.reconnect();
    } else if (!this.isAccepted) {
      // Back online: try now rather than when the backoff says, dropping any attempt that
      // started while the network was down.
      this.socket?.abandon();
      this.forget();
      this.retryTimer.cancel();
      this.open();
    }
  }

  private stopWatchingNetwork(): void {
    this.unwatchNetwork?.();
    this.unwatchNetwork = null;
  }

  private checkHeartbeat(): void {
    if (Date.now() - this.lastHeardAt > SILENCE_LIMIT_MS) {
      console.warn(`${this.options.label}: the server went silent; reconnecting.`);
      this.reconnect();
    } else {
      this.send({ type: "ping" });
    }
  }
}
