import { useEffect } from "react";

import { useAppDispatch, useAppSelector } from "../../app/hooks";
import {
  PLAYBACK_SPEEDS,
  playbackPaused,
  playbackSpeedChanged,
  playbackStarted,
  versionSelected,
  type PlaybackSpeed,
} from "./historySlice";
import { stepDelay } from "./playback";
import type { HistoryReplay } from "./replay";

/** Play / pause the replay, one version at a time, at 1×, 4× or 16× the pace it was typed. */
export function PlaybackControls({ replay, version }: { replay: HistoryReplay; version: number }) {
  const dispatch = useAppDispatch();
  const { playing, speed } = useAppSelector((state) => state.history);

  useEffect(() => {
    if (!playing) return;
    if (version >= replay.latest) {
      dispatch(playbackPaused());
      return;
    }
    const delay = stepDelay(replay.entry(version), replay.entry(version + 1), speed);
    const timer = setTimeout(() => dispatch(versionSelected(version + 1)), delay);
    return () => {
      clearTimeout(timer);
    };
  }, [playing, version, speed, replay, dispatch]);

  function toggle() {
    if (playing) {
      dispatch(playbackPaused());
      return;
    }
    // Playing from the end starts over.
    if (version >= replay.latest) dispatch(versionSelected(replay.base));
    dispatch(playbackStarted());
  }

  return (
    <div className="playback">
      <button
        className="button button-small playback-toggle"
        type="button"
        aria-label={playing ? "Pause" : "Play"}
        disabled={replay.latest === replay.base}
        onClick={toggle}
      >
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d={playing ? "M4.5 3h2.5v10H4.5zM9 3h2.5v10H9z" : "M4.5 3.2v9.6L12.5 8z"} />
        </svg>
      </button>
      <select
        className="select"
        aria-label="Replay speed"
        value={speed}
        onChange={(event) =>
          dispatch(playbackSpeedChanged(Number(event.target.value) as PlaybackSpeed))
        }
      >
        {PLAYBACK_SPEEDS.map((option) => (
          <option key={option} value={option}>
            {option}×
          </option>
        ))}
      </select>
    </div>
  );
}
