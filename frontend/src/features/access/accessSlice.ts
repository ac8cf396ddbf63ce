/**
 * What this page may do in the room: its role (by the link it came through and the host key)
 * and whether the interview is on. The server enforces every rule; the page only stops offering
 * what would be refused.
 */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import { mayEdit, type Role, type RoomStatus } from "../../api/protocol";
import { roomJoined, roomLeft } from "../room/roomSlice";

export interface AccessState {
  /** Null until the server has welcomed this page. */
  role: Role | null;
  status: RoomStatus;
}

const initialState: AccessState = { role: null, status: "active" };

const accessSlice = createSlice({
  name: "access",
  initialState,
  reducers: {
    roomStatusChanged(state, action: PayloadAction<{ status: RoomStatus; userId: string }>) {
      state.status = action.payload.status;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(roomJoined, (_, action) => ({
        role: action.payload.you.role,
        status: action.payload.room.status,
      }))
      .addCase(roomLeft, () => initialState);
  },
});

/** Whether this page may change the text, run it, rename the room or change its language. */
export function canEdit(state: AccessState): boolean {
  return state.role !== null && mayEdit(state.role, state.status);
}

export const { roomStatusChanged } = accessSlice.actions;
export default accessSlice.reducer;
