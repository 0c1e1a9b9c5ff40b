import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)
import pytest  # noqa: E402

from dlcourse import runtime  # noqa: E402


@pytest.fixture(autouse=True)
def korean_font_and_closed_figures():
    """Every test draws with the course's Hangul font and leaves no figure open."""
    runtime.use_korean_font()
    yield
    plt.close("all")
