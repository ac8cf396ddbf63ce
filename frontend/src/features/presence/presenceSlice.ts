/** Who is in the room: this editor's own participant and everyone else, in joining order. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import type { Participant } from "../../api/protocol";
import { roomJoined, roomLeft } from "../room/roomSlice";

export interface PresenceState {
  me: Participant | null;
  others: Participant[];
}

const initialState: PresenceState = { me: null, others: [] };

const presenceSlice = createSlice({
  name: "presence",
  initialState,
  reducers: {
    participantJoined(state, action: PayloadAction<Participant>) {
      const user = action.payload;
      if (user.id === state.me?.id || state.others.some((other) => other.id === user.id)) return;
      state.others.push(user);
    },
    participantLeft(state, action: PayloadAction<string>) {
      state.others = state.others.filter((other) => other.id !== action.payload);
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(roomJoined, (_, action) => {
        const { you, participants } = action.payload;
        return { me: you, others: participants.filter((other) => other.id !== you.id) };
      })
      .addCase(roomLeft, () => initialState);
  },
});

export const { participantJoined, participantLeft } = presenceSlice.actions;
export default presenceSlice.reducer;
