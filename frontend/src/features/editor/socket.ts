/** The browser pieces the reconnecting socket depends on, behind small interfaces. */

export interface SocketHandlers {
  message(data: unknown): void;
  closed(code: number): void;
}

export interface Socket {
  isOpen(): boolean;
  send(data: string): void;
  /** Close without telling the handlers: the caller has already given up on this socket. */
  abandon(): void;
}

export interface Network {
  isOnline(): boolean;
  /** Call `changed` when the browser goes offline or online; returns the unsubscribe function. */
  watch(changed: (online: boolean) => void): () => void;
}

export interface SessionEnvironment {
  page: { protocol: string; host: string };
  /** `protocols`: the subprotocols to offer (the host's key travels as one). */
  openSocket(url: string, protocols: readonly string[], handlers: SocketHandlers): Socket;
  network: Network;
}

function openBrowserSocket(
  url: string,
  protocols: readonly string[],
  handlers: SocketHandlers,
): Socket {
  const socket = new WebSocket(url, [...protocols]);
  socket.onmessage = (event) => {
    handlers.message(event.data);
  };
  socket.onclose = (event) => {
    handlers.closed(event.code);
  };
  return {
    isOpen: () => socket.readyState === WebSocket.OPEN,
    send: (data) => {
      socket.send(data);
    },
    abandon: () => {
      socket.onmessage = null;
      socket.onclose = null;
      socket.close();
    },
  };
}

const browserNetwork: Network = {
  isOnline: () => navigator.onLine,
  watch(changed) {
    const offline = () => {
      changed(false);
    };
    const online = () => {
      changed(true);
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    };
  },
};

export function browserEnvironment(): SessionEnvironment {
  return { page: window.location, openSocket: openBrowserSocket, network: browserNetwork };
}
