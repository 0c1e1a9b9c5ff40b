"""dlcourse: the helper package shared by the course notebooks.

In the first cell of every notebook::

    import dlcourse
    dlcourse.setup()
"""

from dlcourse.runtime import RESULTS, add_to_class, budget, import_tensorflow_quietly, is_quick, record, setup

import_tensorflow_quietly()

__all__ = ["RESULTS", "add_to_class", "budget", "is_quick", "record", "setup"]
__version__ = "0.1.0"
