const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The room id in what someone typed or pasted (an id, a path or a full link), or null. */
export function parseRoomInput(input: string): string | null {
  const text = input.trim();
  const fromLink = /\/room\/([^/?#\s]+)/.exec(text)?.[1];
  const candidate = fromLink ?? text;
  // Ids are lower case; people reading one aloud or retyping it may not be.
  return ROOM_ID.test(candidate) ? candidate.toLowerCase() : null;
}
