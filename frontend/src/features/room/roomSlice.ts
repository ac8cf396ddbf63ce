/** What the page shows about the room: its name, its language and whether it exists. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import type { Language, Participant } from "../../api/protocol";

export interface RoomInfo {
  id: string;
  name: string;
  language: Language;
}

export interface RoomJoined {
  room: RoomInfo;
  you: Participant;
  participants: Participant[];
}

export interface RoomState {
  status: "joining" | "joined" | "notFound";
  id: string | null;
  name: string;
  language: Language;
}

const initialState: RoomState = { status: "joining", id: null, name: "", language: "python" };

const roomSlice = createSlice({
  name: "room",
  initialState,
  reducers: {
    roomJoined(_, action: PayloadAction<RoomJoined>) {
      const { id, name, language } = action.payload.room;
      return { status: "joined", id, name, language };
    },
    roomRenamed(state, action: PayloadAction<{ name: string; userId: string }>) {
      state.name = action.payload.name;
    },
    languageChanged(state, action: PayloadAction<{ language: Language; userId: string }>) {
      state.language = action.payload.language;
    },
    roomNotFound(state) {
      state.status = "notFound";
    },
    roomLeft() {
      return initialState;
    },
  },
});

export const { roomJoined, roomRenamed, languageChanged, roomNotFound, roomLeft } =
  roomSlice.actions;
export default roomSlice.reducer;
