/**
 * The host keys this browser holds, one per room, under the room's edit link id. Rooms have no
 * accounts: whoever holds the key is the host, so it stays in this browser's localStorage and
 * travels only in headers and WebSocket subprotocols, never in a URL the server sees.
 */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const PREFIX = "pairpad.hostKey.";

export class HostKeys {
  /** `storage` is asked for on every use: it may be missing or refuse (private windows). */
  constructor(private readonly storage: () => KeyValueStorage) {}

  get(roomId: string): string | null {
    try {
      return this.storage().getItem(PREFIX + roomId);
    } catch (error) {
      console.warn("Could not read the host key", error);
      return null;
    }
  }

  remember(roomId: string, key: string): void {
    try {
      this.storage().setItem(PREFIX + roomId, key);
    } catch (error) {
      console.warn("Could not keep the host key", error);
    }
  }

  forget(roomId: string): void {
    try {
      this.storage().removeItem(PREFIX + roomId);
    } catch (error) {
      console.warn("Could not forget the host key", error);
    }
  }

  /** The room's edit link changed: its key follows it to the new id. */
  moved(fromId: string, toId: string, key: string): void {
    this.remember(toId, key);
    this.forget(fromId);
  }

  /** The `Authorization` header of the room's REST calls: none without a key. */
  authorization(roomId: string): Record<string, string> {
    const key = this.get(roomId);
    return key ? { Authorization: `Bearer ${key}` } : {};
  }
}

export const hostKeys = new HostKeys(() => window.localStorage);
