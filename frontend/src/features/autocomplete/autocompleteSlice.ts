/** What the status bar shows about completion: waiting for one, or one shown as ghost text. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import { roomLeft } from "../room/roomSlice";

export interface AutocompleteState {
  status: "idle" | "waiting" | "shown";
  suggestion: string | null;
  provider: string | null;
  error: string | null;
}

const initialState: AutocompleteState = {
  status: "idle",
  suggestion: null,
  provider: null,
  error: null,
};

const idle = (state: AutocompleteState) => ({ ...initialState, provider: state.provider });

const autocompleteSlice = createSlice({
  name: "autocomplete",
  initialState,
  reducers: {
    suggestionRequested(state) {
      return { ...idle(state), status: "waiting" };
    },
    suggestionShown(_, action: PayloadAction<{ suggestion: string; provider: string }>) {
      return { status: "shown", error: null, ...action.payload };
    },
    nothingSuggested(state, action: PayloadAction<{ provider: string }>) {
      return { ...idle(state), provider: action.payload.provider };
    },
    suggestionDropped: idle,
    suggestionDismissed: idle,
    suggestionAccepted: idle,
    suggestionWordAccepted(state, action: PayloadAction<{ rest: string }>) {
      return { ...state, suggestion: action.payload.rest };
    },
    suggestionFailed(state, action: PayloadAction<string>) {
      return { ...idle(state), error: action.payload };
    },
  },
  extraReducers: (builder) => {
    builder.addCase(roomLeft, () => initialState);
  },
});

export const {
  suggestionRequested,
  suggestionShown,
  nothingSuggested,
  suggestionDropped,
  suggestionDismissed,
  suggestionAccepted,
  suggestionWordAccepted,
  suggestionFailed,
} = autocompleteSlice.actions;
export default autocompleteSlice.reducer;
