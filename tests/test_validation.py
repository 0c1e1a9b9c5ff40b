import numbers

import numpy as np
import pytest

from dlcourse.validation import check_scalar, check_sizes


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3)])
def test_integral_values_pass(value):
    assert check_scalar(value, "units", min_value=1) == value


@pytest.mark.parametrize("value", [True, 3.0, "3", None, np.float32(3)])
def test_wrong_types_raise_type_error_naming_the_argument(value):
    with pytest.raises(TypeError, match=r"units must be an int >= 1, got"):
        check_scalar(value, "units", min_value=1)


def test_out_of_range_raises_value_error_with_the_range():
    with pytest.raises(ValueError, match=r"rate must be a number in \[0, 1\), got 1.0"):
        check_scalar(1.0, "rate", kind=numbers.Real, min_value=0, max_value=1, include_max=False)
    with pytest.raises(ValueError, match=r"steps must be an int >= 1, got 0"):
        check_scalar(0, "steps", min_value=1)
    with pytest.raises(ValueError, match="lr must be a number > 0"):
        check_scalar(float("nan"), "lr", kind=numbers.Real, min_value=0, include_min=False)
    assert check_scalar(0.5, "rate", kind=numbers.Real, min_value=0, max_value=1) == 0.5


def test_sizes_accept_one_or_many_and_name_the_bad_entry():
    assert check_sizes(64, "hidden") == (64,)
    assert check_sizes([np.int64(8), 4], "hidden") == (8, 4)
    with pytest.raises(ValueError, match=r"hidden\[1\] must be an int >= 1, got 0"):
        check_sizes((8, 0), "hidden")
    with pytest.raises(TypeError, match=r"hidden\[0\] must be an int"):
        check_sizes((True, 4), "hidden")
    with pytest.raises(ValueError, match="at least one size"):
        check_sizes((), "hidden")
