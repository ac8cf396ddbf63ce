"""The view of people on other instances heals from reads of the record, but never flaps."""

from pairpad.collab.presence import Participant, RemotePresence

ADA = Participant("ada", "Ada", "#e6194b")
LINUS = Participant("linus", "Linus", "#3cb44b")


def shown(presence: RemotePresence) -> set[str]:
    return set(presence.participants)


def test_a_read_taken_just_before_a_join_does_not_hide_the_newcomer() -> None:
    presence = RemotePresence()
    assert presence.joined(ADA)
    assert presence.observed([]) == ([], [])
    assert presence.observed([ADA]) == ([], [])
    assert presence.observed([]) == ([], [])
    assert presence.observed([]) == ([], [])
    assert shown(presence) == {"ada"}


def test_someone_whose_leaving_was_never_heard_is_removed_after_three_reads() -> None:
    presence = RemotePresence()
    presence.joined(ADA)
    presence.joined(LINUS)
    assert presence.observed([ADA]) == ([], [])
    assert presence.observed([ADA]) == ([], [])
    assert presence.observed([ADA]) == ([], ["linus"])
    assert shown(presence) == {"ada"}


def test_someone_whose_joining_was_never_heard_is_added_after_two_reads() -> None:
    presence = RemotePresence()
    assert presence.observed([LINUS]) == ([], [])
    assert presence.observed([LINUS]) == ([LINUS], [])
    assert presence.observed([LINUS]) == ([], [])
    assert shown(presence) == {"linus"}


def test_a_read_taken_just_before_a_leave_does_not_bring_the_leaver_back() -> None:
    presence = RemotePresence()
    presence.joined(LINUS)
    presence.observed([LINUS])
    assert presence.left("linus")
    assert presence.observed([LINUS]) == ([], [])
    assert presence.observed([]) == ([], [])
    assert presence.observed([]) == ([], [])
    assert shown(presence) == set()


def test_frames_that_change_nothing_are_reported_as_such() -> None:
    presence = RemotePresence()
    assert presence.joined(ADA)
    assert not presence.joined(ADA)
    assert presence.joined(Participant("ada", "Ada L.", ADA.color))
    assert presence.left("ada")
    assert not presence.left("ada")
