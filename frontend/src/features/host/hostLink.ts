/**
 * Host links, `/room/<editId>#host=<key>`: how a host opens their room in another browser. The
 * key sits in the fragment, which browsers never send to servers or proxies.
 */
import type { HostKeys } from "../../api/hostKeys";
import { roomPath, routeFor } from "../../app/router";

export function hostLink(origin: string, editId: string, key: string): string {
  return `${origin}${roomPath(editId)}#host=${encodeURIComponent(key)}`;
}

/** The host link as it is shown on screen, where anyone watching could read the key. */
export function hiddenHostLink(origin: string, editId: string): string {
  return `${origin}${roomPath(editId)}#host=••••••••••••`;
}

/** The key in a host link's fragment (`#host=<key>`), or null. */
export function hostKeyInFragment(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get("host") || null;
}

/** The parts of `window` a host link is read from and taken out of. */
export interface AddressBar {
  location: Pick<Location, "pathname" | "search" | "hash">;
  history: Pick<History, "state" | "replaceState">;
}

/**
 * Keep the key of a host link opened in this browser and take it out of the address bar, so a
 * link copied from there later is an editor's, not the host's. True if there was one.
 */
export function takeHostKeyFromAddress({ location, history }: AddressBar, keys: HostKeys): boolean {
  const route = routeFor(location.pathname);
  const key = hostKeyInFragment(location.hash);
  if (route.page !== "room" || !key) return false;
  keys.remember(route.roomId, key);
  history.replaceState(history.state, "", location.pathname + location.search);
  return true;
}

/**
 * Take host links from the address bar: the one the page opened with, and one pasted into an
 * open room's (only the fragment changes then, so the page reloads to join as the host).
 */
export function watchHostLinks(keys: HostKeys): void {
  takeHostKeyFromAddress(window, keys);
  window.addEventListener("hashchange", () => {
    if (takeHostKeyFromAddress(window, keys)) window.location.reload();
  });
}
