import { hostKeys } from "../../api/hostKeys";
import { navigate, roomPath } from "../../app/router";

/**
 * The room has a new edit link: the host key follows it, and the page opens it in place of the
 * old one, which admits nobody any more (so it must not stay in the back button either).
 */
export function moveToEditLink(fromId: string, toId: string, hostKey: string): void {
  hostKeys.moved(fromId, toId, hostKey);
  navigate(roomPath(toId), { replace: true });
}
