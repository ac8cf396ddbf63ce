/** Two pages chosen by the path, `/` and `/room/<id>`, with history-based navigation. */
import { useMemo, useSyncExternalStore } from "react";

export type Route = { page: "home" } | { page: "room"; roomId: string };

export function routeFor(pathname: string): Route {
  const match = /^\/room\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return { page: "home" };
  try {
    return { page: "room", roomId: decodeURIComponent(match[1]) };
  } catch {
    return { page: "home" };
  }
}

export function roomPath(roomId: string): string {
  return `/room/${encodeURIComponent(roomId)}`;
}

/** Go to `path`; `replace` when the current address should not stay in the history (a dead link). */
export function navigate(path: string, { replace = false } = {}): void {
  if (replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

function subscribe(changed: () => void): () => void {
  window.addEventListener("popstate", changed);
  return () => {
    window.removeEventListener("popstate", changed);
  };
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return useMemo(() => routeFor(pathname), [pathname]);
}
