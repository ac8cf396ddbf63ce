/**
 * A fresh id for one editor instance. It lives only as long as the editor: a reloaded page is a
 * new editor, and must not take the previous page's late-arriving updates for its own.
 * `getRandomValues` also works on plain-http hosts, unlike `randomUUID`.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
