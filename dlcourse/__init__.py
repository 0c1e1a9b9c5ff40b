"""dlcourse: the helper package shared by the course notebooks.

In the first cell of every notebook::

    import dlcourse
    dlcourse.setup()

Importing the package is light (no TensorFlow): ``setup()`` imports TensorFlow, without its
start-up log lines, before the notebook's own imports.
"""

from dlcourse.runtime import RESULTS, add_to_class, budget, is_quick, record, seed, setup

__all__ = ["RESULTS", "add_to_class", "budget", "is_quick", "record", "seed", "setup"]
__version__ = "0.1.0"
