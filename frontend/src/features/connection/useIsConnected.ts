import { useAppSelector } from "../../app/hooks";
import { connectionStatus } from "./connectionSlice";

/** Whether messages reach the room right now (controls that send one are disabled otherwise). */
export function useIsConnected(): boolean {
  return useAppSelector((state) => connectionStatus(state.connection) === "connected");
}
