import { useAppSelector } from "../../app/hooks";
import { canEdit } from "./accessSlice";

/** Whether this page may change the room now (a viewer never; an editor while it is active). */
export function useCanEdit(): boolean {
  return useAppSelector((state) => canEdit(state.access));
}

export function useIsHost(): boolean {
  return useAppSelector((state) => state.access.role === "host");
}
