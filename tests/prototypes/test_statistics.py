"""Task success, time to first tap and SUS statistics, against values computed by hand."""
import pytest

from cocreate.usability import (difference_of_means, difference_of_proportions, mean_interval, median, sus_score,
                                wilson_interval)


def test_wilson_interval_of_8_in_10():
    # p = 0.8, z² = 3.8415: centre (0.8 + 0.19207) / 1.38415 = 0.71674, half 1.96·√(0.016 + 0.0096) / 1.38415 = 0.22658
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_interval_at_the_edges_stays_within_0_and_1():
    low, high = wilson_interval(0, 5)
    assert low == 0 and high == pytest.approx(0.4345, abs=1e-4)  # z²/(n + z²) = 3.8415 / 8.8415
    assert wilson_interval(5, 5)[1] == 1 and wilson_interval(0, 0) is None


def test_sus_scores():
    assert sus_score([5, 1] * 5) == 100
    assert sus_score([3] * 10) == 50
    assert sus_score([4, 2] * 5) == 75
    assert sus_score([1, 5] * 5) == 0


def test_mean_with_95_percent_interval_by_t():
    mean, low, high = mean_interval([50, 75, 100])  # sd 25, se 14.434, t(2) = 4.303: half 62.11
    assert mean == 75 and low == pytest.approx(12.89, abs=0.01) and high == pytest.approx(137.11, abs=0.01)
    assert mean_interval([70]) == (70, None, None) and mean_interval([]) is None


def test_median_time_to_first_tap():
    assert median([1200, 800, 3000, 500]) == 1000
    assert median([900]) == 900 and median([]) is None


def test_difference_of_means_welch():
    # a: 50, 60 (var 50), b: 80, 90 (var 50): se = √(25 + 25) = 7.071, df = 2, t(2) = 4.303: half 30.43
    diff, low, high = difference_of_means([50, 60], [80, 90])
    assert diff == 30 and low == pytest.approx(-0.43, abs=0.01) and high == pytest.approx(60.43, abs=0.01)


def test_difference_of_proportions_newcombe():
    # 2/10 → 8/10: Wilson (0.0567, 0.5098) and (0.4902, 0.9433); diff 0.6,
    # low 0.6 − √((0.8 − 0.4902)² + (0.5098 − 0.2)²) = 0.6 − 0.4381, high 0.6 + √(0.1433² + 0.1433²) = 0.6 + 0.2027
    diff, low, high = difference_of_proportions(2, 10, 8, 10)
    assert diff == pytest.approx(0.6) and low == pytest.approx(0.1619, abs=1e-3) and high == pytest.approx(0.8027, abs=1e-3)
