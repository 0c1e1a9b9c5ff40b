"""One validator for the package's numeric arguments, in the style of scikit-learn's ``check_scalar``.

A wrong type raises TypeError, a value out of range raises ValueError; both messages name the
argument, the accepted range and an example, so a student knows what to change.
"""

import numbers


def check_scalar(value, name, kind=numbers.Integral, min_value=None, max_value=None,
                 include_min=True, include_max=True):
    """Return ``value`` if it is a ``kind`` (never a bool) inside the range, else raise.

    ``kind`` is ``numbers.Integral`` (Python and NumPy ints) or ``numbers.Real`` (floats too).
    ``check_scalar(units, "units", min_value=1)`` accepts 64 and ``np.int64(64)``; it rejects
    ``True`` and ``64.0`` with TypeError and ``0`` with ValueError.
    """
    kind_name = "an int" if kind is numbers.Integral else "a number"
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"{name} must be {kind_name}{_range_text(min_value, max_value, include_min, include_max)}, "
                        f"got {type(value).__name__} {value!r}")
    too_small = min_value is not None and (value < min_value if include_min else value <= min_value)
    too_large = max_value is not None and (value > max_value if include_max else value >= max_value)
    if too_small or too_large or value != value:  # value != value: NaN
        raise ValueError(f"{name} must be {kind_name}{_range_text(min_value, max_value, include_min, include_max)}, "
                         f"got {value!r}")
    return value


def check_sizes(value, name, min_value=1):
    """A layer size or a tuple/list of them (``hidden=(256, 128)``); return it as a tuple of ints."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    if not values:
        raise ValueError(f"{name} needs at least one size, e.g. {name}=(64,)")
    for i, v in enumerate(values):
        check_scalar(v, name if len(values) == 1 else f"{name}[{i}]", min_value=min_value)
    return tuple(int(v) for v in values)


def _range_text(low, high, include_low, include_high):
    if low is None and high is None:
        return ""
    if high is None:
        return f" {'>=' if include_low else '>'} {low}"
    if low is None:
        return f" {'<=' if include_high else '<'} {high}"
    return f" in {'[' if include_low else '('}{low}, {high}{']' if include_high else ')'}"
