import { useAppDispatch } from "../../app/hooks";
import { formatTime } from "./formatTime";
import { versionSelected } from "./historySlice";
import type { HistoryReplay } from "./replay";

function timeOf(replay: HistoryReplay, version: number): string {
  const createdAt = replay.entry(version)?.createdAt;
  return createdAt ? formatTime(createdAt) : "";
}

/** The slider from the room's original text (0) to its newest version, with times below. */
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
        min={0}
        max={replay.latest}
        step={1}
        value={version}
        disabled={replay.latest === 0}
        onChange={(event) => dispatch(versionSelected(Number(event.target.value)))}
      />
      <div className="timeline-ends" aria-hidden="true">
        <span>{timeOf(replay, 1) || "Start"}</span>
        <span>{timeOf(replay, replay.latest) || "Now"}</span>
      </div>
    </div>
  );
}
