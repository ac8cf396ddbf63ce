import { skipToken } from "@reduxjs/toolkit/query/react";
import { useEffect } from "react";

import { useFindEditLinkQuery } from "../../api/pairpadApi";
import { moveToEditLink } from "./moveToEditLink";

/**
 * Once the host's edit link was rotated (by this page, or another of the host's), move to the
 * new one: the view link never changes, and read with the host key it gives the new edit link.
 * `viewId` null: nothing to follow. Returns whether the new link could not be found.
 */
export function useFollowNewEditLink(
  roomId: string,
  hostKey: string | null,
  viewId: string | null,
): boolean {
  const editLink = useFindEditLinkQuery(hostKey && viewId ? { viewId, hostKey } : skipToken);

  useEffect(() => {
    if (editLink.data && hostKey) moveToEditLink(roomId, editLink.data, hostKey);
  }, [editLink.data, roomId, hostKey]);

  return editLink.isError;
}
