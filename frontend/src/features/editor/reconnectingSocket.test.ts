import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FakeEnvironment } from "./fakeEnvironment";
import { ReconnectingSocket } from "./reconnectingSocket";

describe("ReconnectingSocket", () => {
  let environment: FakeEnvironment;
  let events: string[];
  let opened: number;
  let socket: ReconnectingSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // No jitter: the backoff is exactly 0.5 s, 1 s, 2 s, …
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    environment = new FakeEnvironment();
    events = [];
    opened = 0;
    socket = new ReconnectingSocket({
      url: () => `ws://pairpad.test/ws/r?attempt=${String(opened++)}`,
      label: "Room r",
      environment,
      events: {
        opening: () => events.push("opening"),
        message: (data) => events.push(`message ${String(data)}`),
        closed: () => events.push("closed"),
        lost: () => events.push("lost"),
        closedForGood: (code) => events.push(`closedForGood ${code}`),
        networkChanged: (online) => events.push(online ? "online" : "offline"),
      },
    });
    socket.start();
  });

  afterEach(() => {
    socket.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("opens at once, asking for the address anew each time", () => {
    expect(events).toEqual(["online", "opening"]);
    expect(environment.socket.url).toBe("ws://pairpad.test/ws/r?attempt=0");

    environment.socket.closeFromServer(1006);
    vi.advanceTimersByTime(500);
    expect(environment.socket.url).toBe("ws://pairpad.test/ws/r?attempt=1");
  });

  it("passes messages on and sends JSON while open", () => {
    environment.socket.receive({ type: "pong" });
    expect(events.at(-1)).toBe('message {"type":"pong"}');

    expect(socket.send({ type: "run" })).toBe(true);
    expect(environment.socket.sent).toEqual([{ type: "run" }]);
    environment.socket.open = false;
    expect(socket.send({ type: "run" })).toBe(false);
  });

  it("retries a lost socket with a growing backoff that an accepted socket resets", () => {
    environment.socket.closeFromServer(1006);
    expect(events.slice(-2)).toEqual(["closed", "lost"]);
    vi.advanceTimersByTime(499);
    expect(environment.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(environment.sockets).toHaveLength(2);

    environment.socket.closeFromServer(1012);
    vi.advanceTimersByTime(999);
    expect(environment.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(environment.sockets).toHaveLength(3);

    socket.accepted();
    environment.socket.closeFromServer(1012);
    vi.advanceTimersByTime(500);
    expect(environment.sockets).toHaveLength(4);
  });

  it("stops for good when the room does not exist", () => {
    environment.socket.closeFromServer(4404);
    expect(events.slice(-2)).toEqual(["closed", "closedForGood 4404"]);

    environment.setOnline(true);
    vi.advanceTimersByTime(60_000);
    expect(environment.sockets).toHaveLength(1);
  });

  it.each([4403, 4410])("stops for good when closed with %i", (code) => {
    environment.socket.closeFromServer(code);
    expect(events.slice(-2)).toEqual(["closed", `closedForGood ${code}`]);
    vi.advanceTimersByTime(60_000);
    expect(environment.sockets).toHaveLength(1);
  });

  it("offers the subprotocols it is given on every socket", () => {
    expect(environment.socket.protocols).toEqual([]);
    const ignore = () => undefined;
    const host = new ReconnectingSocket({
      url: () => "ws://pairpad.test/ws/r",
      protocols: ["pairpad", "pairpad.host.k"],
      label: "Room r",
      environment,
      events: {
        opening: ignore,
        message: ignore,
        closed: ignore,
        lost: ignore,
        closedForGood: ignore,
        networkChanged: ignore,
      },
    });
    host.start();
    expect(environment.socket.protocols).toEqual(["pairpad", "pairpad.host.k"]);
    host.stop();
  });

  it("pings while the server talks and gives up on it after 25 s of silence", () => {
    vi.advanceTimersByTime(10_000);
    expect(environment.socket.sent).toEqual([{ type: "ping" }]);
    environment.socket.receive({ type: "pong" });
    vi.advanceTimersByTime(20_000);
    expect(environment.socket.sent).toHaveLength(3);
    expect(environment.socket.abandoned).toBe(false);

    vi.advanceTimersByTime(10_000);
    expect(environment.sockets[0]?.abandoned).toBe(true);
    expect(events.slice(-2)).toEqual(["closed", "lost"]);
  });

  it("drops the socket when the network goes and opens one at once when it is back", () => {
    environment.setOnline(false);
    expect(environment.socket.abandoned).toBe(true);
    expect(events.slice(-3)).toEqual(["offline", "closed", "lost"]);

    environment.setOnline(true);
    expect(environment.sockets).toHaveLength(2);
    // The retry the backoff had planned is off.
    vi.advanceTimersByTime(1_000);
    expect(environment.sockets).toHaveLength(2);
  });

  it("keeps an accepted socket when the network comes back", () => {
    socket.accepted();
    environment.setOnline(true);
    expect(environment.sockets).toHaveLength(1);
    expect(environment.socket.abandoned).toBe(false);
  });
});
