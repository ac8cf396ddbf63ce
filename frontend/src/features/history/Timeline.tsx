import { useAppDispatch } from "../../app/hooks";
import { formatTime } from "./formatTime";
import { versionSelected } from "./historySlice";
import type { HistoryReplay } from "./replay";

function timeOf(replay: HistoryReplay, version: number): string {
  const createdAt = replay.entry(version)?.createdAt;
  return createdAt ? formatTime(createdAt) : "";
}

/** The slider from the replay's base version (0: the original text) to the newest, with times. */
export function Timeline({ replay, version }: { replay: HistoryReplay; version: number }) {
  const dispatch = useAppDispatch();
  const time = timeOf(replay, version);
  return (
    <div className="timeline">
      <input
        className="timeline-slider"
        type="range"
        aria-label="Version"
        aria-valuetext={time ? `Version ${version}, ${time}` : `Version ${version}`}
        min={replay.base}
        max={replay.latest}
        step={1}
        value={version}
        disabled={replay.latest === replay.base}
        onChange={(event) => dispatch(versionSelected(Number(event.target.value)))}
      />
      <div className="timeline-ends" aria-hidden="true">
        <span>{timeOf(replay, replay.base + 1) || "Start"}</span>
        <span>{timeOf(replay, replay.latest) || "Now"}</span>
      </div>
    </div>
  );
}
