import pytest

from immerse_core.privacy import Count, suppress, suppress_counts


def test_small_counts_are_suppressed():
    assert str(suppress(3)) == "<5"
    assert str(suppress(5)) == "5"
    assert str(suppress(0)) == "0"  # an empty cell reveals nobody
    with pytest.raises(ValueError):
        suppress(-1)


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    shown = suppress_counts({"women": 3, "men": 12, "other": 7})
    assert shown == {"women": Count(None), "men": Count(12), "other": Count(None, protective=True)}
    # the protecting cell is not said to be small: it is not
    assert {k: str(v) for k, v in shown.items()} == {"women": "<5", "men": "12", "other": "–"}


def test_a_lone_small_cell_beside_zeros_makes_the_total_small_too():
    counts = {"women": 3, "men": 0, "other": 0}
    assert {k: str(v) for k, v in suppress_counts(counts).items()} == {"women": "<5", "men": "0", "other": "0"}
    assert str(suppress(sum(counts.values()))) == "<5"


def test_two_small_cells_protect_each_other():
    shown = suppress_counts({"a": 2, "b": 4, "c": 30})
    assert {k: str(v) for k, v in shown.items()} == {"a": "<5", "b": "<5", "c": "30"}


def test_nothing_to_hide():
    assert {k: str(v) for k, v in suppress_counts({"a": 5, "b": 9}).items()} == {"a": "5", "b": "9"}
