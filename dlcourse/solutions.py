"""Reference solutions of the coding exercises, used by the ``check_*`` functions in
:mod:`dlcourse.quiz`. Try the exercise in the notebook before you read them."""

import numpy as np


def accuracy(y_true, y_pred):
    """Lecture 00: the share of predictions equal to the true labels."""
    return np.mean(np.asarray(y_true) == np.asarray(y_pred))
