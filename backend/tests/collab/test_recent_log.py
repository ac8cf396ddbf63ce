"""The recent log: catch-up from memory, and the frames a stale push is rebased over."""

from pairpad.collab.recent import RecentLog
from pairpad.collab.repository import LoggedUpdate


def typed(version: int, client_id: str = "ada") -> LoggedUpdate:
    """An insertion of one character at the end of a text of `version - 1` characters."""
    return LoggedUpdate(version, client_id, [*([version - 1] if version > 1 else []), [0, "x"]])


def log_of(*frames: list[int], size: int = 100) -> RecentLog:
    log = RecentLog(size)
    for frame in frames:
        log.add_batch(typed(version) for version in frame)
    return log


def test_updates_after_a_version_come_from_memory_while_it_holds_them() -> None:
    log = log_of([1, 2], [3], [4, 5, 6], size=4)
    assert [u.version for u in log.after(4)] == [5, 6]
    assert log.after(6) == []
    assert log.covers(2, 6) and not log.covers(1, 6)
    assert log.covers(6, 6)


def test_frames_after_a_version_are_cut_where_the_broadcasts_were() -> None:
    log = log_of([1, 2], [3], [4, 5, 6])
    frames = log.batches_after(1, {"linus"})
    assert [len(frame) for frame in frames] == [1, 1, 1]
    assert all(client_id == "" for frame in frames for client_id, _ in frame)
    assert [changes.length for frame in frames for _, changes in frame] == [1, 2, 3]


def test_a_frame_holding_the_pushers_own_update_is_kept_update_by_update() -> None:
    log = RecentLog(100)
    log.add_batch([typed(1), typed(2, "linus"), typed(3)])
    (frame,) = log.batches_after(0, {"linus"})
    assert [client_id for client_id, _ in frame] == ["ada", "linus", "ada"]


def test_the_part_of_a_frame_after_a_version_is_composed_on_its_own() -> None:
    log = log_of([1, 2, 3])
    (part,) = log.batches_after(1, set())
    (whole,) = log.batches_after(0, set())
    assert part[0][1].length == 1 and whole[0][1].length == 0
