"""Usability measures shared by the features that ask for them (survey questions, prototype feedback):
the System Usability Scale and the statistics of small usability studies.

Plain functions without Flask: the SUS statements are lazy strings, translated where they are shown.
"""
import math
import statistics

from flask_babel import lazy_gettext as _l

SUS_STATEMENTS = [
    _l("I think that I would like to use this system frequently."),
    _l("I found the system unnecessarily complex."),
    _l("I thought the system was easy to use."),
    _l("I think that I would need the support of a technical person to be able to use this system."),
    _l("I found the various functions in this system were well integrated."),
    _l("I thought there was too much inconsistency in this system."),
    _l("I would imagine that most people would learn to use this system very quickly."),
    _l("I found the system very cumbersome to use."),
    _l("I felt very confident using the system."),
    _l("I needed to learn a lot of things before I could get going with this system."),
]

Z_95 = 1.959963984540054
# Two-sided 95% quantiles of Student's t for 1–30 degrees of freedom; beyond 30 the normal one is close enough.
T_95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042]


def sus_score(values):
    """The standard SUS score of ten answers 1–5: odd items score-1, even items 5-score, the sum times 2.5."""
    if not values:
        return None
    total = sum((v - 1) if i % 2 == 0 else (5 - v) for i, v in enumerate(values))
    return total * 2.5


def valid_sus(values):
    """Whether `values` is a complete SUS answer: ten whole numbers from 1 to 5."""
    return (isinstance(values, list) and len(values) == 10
            and all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5 for v in values))


def wilson_interval(successes, n, z=Z_95):
    """The Wilson score interval (low, high) of a proportion `successes`/`n`; None when n is 0."""
    if n == 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def t_quantile_95(degrees):
    return T_95[degrees - 1] if degrees <= len(T_95) else Z_95


def mean_interval(values):
    """(mean, low, high) with a 95% interval by Student's t; None without values; no interval for one."""
    if not values:
        return None
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, None, None
    half = t_quantile_95(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return mean, mean - half, mean + half


def median(values):
    return statistics.median(values) if values else None


def difference_of_means(a, b):
    """(b's mean − a's mean, low, high): Welch's 95% interval of the difference; None when either has < 2."""
    if len(a) < 2 or len(b) < 2:
        return None
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    se = math.sqrt(va + vb)
    diff = statistics.fmean(b) - statistics.fmean(a)
    if se == 0:
        return diff, diff, diff
    degrees = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = t_quantile_95(max(1, int(degrees))) * se
    return diff, diff - half, diff + half


def difference_of_proportions(sa, na, sb, nb, z=Z_95):
    """(b's rate − a's rate, low, high): Newcombe's interval from the two Wilson intervals; None without data."""
    if na == 0 or nb == 0:
        return None
    pa, pb = sa / na, sb / nb
    la, ua = wilson_interval(sa, na, z)
    lb, ub = wilson_interval(sb, nb, z)
    diff = pb - pa
    low = diff - math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2)
    high = diff + math.sqrt((ub - pb) ** 2 + (pa - la) ** 2)
    return diff, low, high
