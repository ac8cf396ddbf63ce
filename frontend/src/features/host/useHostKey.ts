import { useEffect, useState } from "react";

import { hostKeys } from "../../api/hostKeys";
import { hasHttpStatus, type ApiError } from "../../api/pairpadApi";

/**
 * The room's host key as this browser held it when the page opened (null: none); kept for the
 * page's life, since a rotation moves it in storage. A key the server refuses (the operator gave
 * the room a new one) is forgotten, and the page opens again without it.
 */
export function useHostKey(roomId: string, room: { error?: ApiError }): string | null {
  const [key] = useState(() => hostKeys.get(roomId));
  const refused = key !== null && hasHttpStatus(room.error, 403);

  useEffect(() => {
    if (!refused) return;
    console.warn(`Room ${roomId}: the server refused this browser's host key; forgetting it.`);
    hostKeys.forget(roomId);
    window.location.reload();
  }, [refused, roomId]);

  return refused ? null : key;
}
