import pytest
from hypothesis import given
from hypothesis import strategies as st

from immerse_core.privacy import (
    HIDDEN,
    SINGLES_OUT,
    SMALL_CELL,
    TOO_FEW,
    Count,
    filter_refusal,
    group_shown,
    suppress,
    suppress_counts,
    table,
)


def _read(cells):
    return {key: str(count) for key, count in cells.items()}


def test_small_counts_are_suppressed():
    assert str(suppress(3)) == "<5"
    assert str(suppress(5)) == "5"
    assert str(suppress(0)) == "0"  # an empty cell reveals nobody
    with pytest.raises(ValueError):
        suppress(-1)


def test_five_women_and_one_man_cannot_be_worked_back():
    # found: "–", "<5", total 6 -> the man is 6 - 5 = 1, and "–" said the other was at least 5
    cells, total = table({"women": 5, "men": 1})
    assert _read(cells) == {"women": "<5", "men": "<5"}
    assert str(total) == "6"  # hidden cells sum to 6, split any way from 1+5 to 5+1


def test_a_lone_small_cell_takes_the_next_smallest_with_it_and_both_read_the_same():
    cells, total = table({"women": 3, "men": 12, "other": 7})
    assert _read(cells) == {"women": "<5", "men": "12", "other": "<5"}
    assert cells["women"] == cells["other"] == Count(None)
    assert str(total) == "22"


def test_a_lone_small_cell_beside_zeros_hides_the_total_and_the_zeros():
    cells, total = table({"women": 3, "men": 0, "other": 0})
    assert _read(cells) == {"women": "<5", "men": "<5", "other": "<5"}
    assert total.suppressed


def test_two_small_cells_that_could_be_split_one_way_only_take_a_third():
    # 1 + 1 with the total 32 shown: two hidden cells of at least one person each summing to 2 are 1 and 1
    cells, total = table({"a": 1, "b": 1, "c": 30})
    assert _read(cells) == {"a": "<5", "b": "<5", "c": "<5"} and total.suppressed is False
    cells, total = table({"a": 2, "b": 4, "c": 30})
    assert _read(cells) == {"a": "<5", "b": "<5", "c": "30"}


def test_only_ones_hide_the_total():
    cells, total = table({key: 1 for key in "abcde"})
    assert set(_read(cells).values()) == {"<5"} and total.suppressed


def test_nothing_to_hide():
    assert _read(suppress_counts({"a": 5, "b": 9})) == {"a": "5", "b": "9"}
    assert str(table({"a": 5, "b": 9})[1]) == "14"


def test_group_statistics_and_filters():
    assert not group_shown(SMALL_CELL - 1) and group_shown(SMALL_CELL)
    # found: 11 unfiltered, 10 filtered -> the one Arabic respondent
    assert filter_refusal(10, 11) == SINGLES_OUT
    assert filter_refusal(4, 20) == TOO_FEW
    assert filter_refusal(11, 11) is None and filter_refusal(6, 11) is None and filter_refusal(5, 10) is None
    with pytest.raises(ValueError):
        filter_refusal(12, 11)


def _feasible(cells, counts, total):
    """Every value each hidden cell could hold, given the shown cells and the shown total (hidden cells hold at
    least one person when zeros are shown)."""
    hidden = [key for key, count in cells.items() if count.suppressed]
    zeros_shown = all(not count.suppressed for key, count in cells.items() if counts[key] == 0)
    low = 1 if zeros_shown else 0
    rest = total - sum(count.value for count in cells.values() if not count.suppressed)
    return {key: set(range(low, rest - low * (len(hidden) - 1) + 1)) for key in hidden}


tables = st.dictionaries(st.text(alphabet="abcdefgh", min_size=1, max_size=2), st.integers(0, 40), max_size=8)


@given(tables)
def test_no_hidden_cell_follows_from_the_shown_cells_and_total(counts):
    cells, total = table(counts)
    for key, value in counts.items():
        if 0 < value < SMALL_CELL:
            assert cells[key].suppressed
        if not cells[key].suppressed:
            assert cells[key].value == value
    if total.suppressed:
        return
    assert total.value == sum(counts.values())
    for key, values in _feasible(cells, counts, total.value).items():
        assert counts[key] in values
        assert len(values) > 1
        assert max(values) >= SMALL_CELL  # nor is a hidden cell known to be small


@given(tables)
def test_every_hidden_cell_reads_the_same(counts):
    cells, total = table(counts)
    readings = {str(count) for count in [*cells.values(), total] if count.suppressed}
    assert readings <= {HIDDEN}
