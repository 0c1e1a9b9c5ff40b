"""Reference solutions of the coding exercises, used by the ``check_*`` functions in
:mod:`dlcourse.quiz`. Try the exercise in the notebook before you read them."""

import numpy as np


def accuracy(y_true, y_pred):
    """Lecture 00: the share of predictions equal to the true labels."""
    return np.mean(np.asarray(y_true) == np.asarray(y_pred))


def dense_param_count(sizes):
    """Lecture 03: parameters of a dense network with layer widths ``sizes`` (input first).

    Each layer has an ``n_in x n_out`` weight matrix and ``n_out`` biases.
    """
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def momentum_step(w, v, grad, lr=0.01, momentum=0.9):
    """Lecture 04: one SGD-with-momentum update (Keras' convention); returns ``(w_new, v_new)``.

    ``v ← momentum · v − lr · grad``, then ``w ← w + v``.
    """
    v_new = momentum * np.asarray(v) - lr * np.asarray(grad)
    return np.asarray(w) + v_new, v_new


def perceptron_update(w, x, target, lr):
    """Lecture 01: one perceptron step with the bias as the last weight.

    ``w = [w_1, ..., w_n, b]`` and ``x = [x_1, ..., x_n]``; the input gets a constant 1 for the
    bias, ``y_hat = step(w · [x, 1])`` and ``w ← w + lr (target − y_hat) [x, 1]``.
    """
    x1 = np.append(np.asarray(x, dtype=float), 1.0)
    y_hat = float(np.dot(w, x1) >= 0)
    return np.asarray(w, dtype=float) + lr * (target - y_hat) * x1


def sigmoid_derivative(z):
    """Lecture 02: derivative of the sigmoid, ``σ(z) (1 − σ(z))``."""
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1.0 - s)
