/** The Redux store: one slice per feature, plus RTK Query's cache. */
import { combineReducers, configureStore } from "@reduxjs/toolkit";

import { pairpadApi } from "../api/pairpadApi";
import access from "../features/access/accessSlice";
import autocomplete from "../features/autocomplete/autocompleteSlice";
import connection from "../features/connection/connectionSlice";
import history from "../features/history/historySlice";
import presence from "../features/presence/presenceSlice";
import room from "../features/room/roomSlice";
import run from "../features/run/runSlice";

const rootReducer = combineReducers({
  room,
  access,
  presence,
  connection,
  autocomplete,
  run,
  history,
  [pairpadApi.reducerPath]: pairpadApi.reducer,
});

export function makeStore() {
  return configureStore({
    reducer: rootReducer,
    middleware: (getDefault) => getDefault().concat(pairpadApi.middleware),
  });
}

export type RootState = ReturnType<typeof rootReducer>;
export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore["dispatch"];
