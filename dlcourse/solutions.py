"""Reference solutions of the coding exercises, used by the ``check_*`` functions in
:mod:`dlcourse.quiz`. Try the exercise in the notebook before you read them."""

import numpy as np

from dlcourse.activations import sigmoid


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


def td_target(rewards, next_q, terminated, gamma=0.99):
    """Lecture 10: the batch TD target ``r + γ (1 − terminated) max_a' Q(s', a')``."""
    rewards = np.asarray(rewards, dtype=float)
    terminated = np.asarray(terminated, dtype=float)
    return rewards + gamma * (1.0 - terminated) * np.asarray(next_q, dtype=float).max(axis=1)


def make_windows(series, n_steps, horizon=1):
    """Lecture 06: windows ``x[i] = series[i:i+n_steps]`` (n, n_steps, 1) and the ``horizon``
    values after each, ``y[i] = series[i+n_steps:i+n_steps+horizon]`` (n, horizon)."""
    series = np.asarray(series, dtype="float32")
    n = len(series) - n_steps - horizon + 1
    x = np.stack([series[i:i + n_steps] for i in range(n)])
    y = np.stack([series[i + n_steps:i + n_steps + horizon] for i in range(n)])
    return x[..., np.newaxis], y


def cd1_update(v0, W, b, c):
    """Lecture 08: the CD-1 gradient estimates (dW, db, dc) of an RBM on the batch ``v0``.

    Mean-field version (probabilities instead of samples, so the answer is deterministic):
    h0 = p(h|v0), v1 = p(v|h0), h1 = p(h|v1); dW = (v0^T h0 - v1^T h1) / n,
    db = mean(v0 - v1), dc = mean(h0 - h1).
    """
    v0 = np.asarray(v0, dtype=float)
    h0 = sigmoid(v0 @ W + c)       # positive phase
    v1 = sigmoid(h0 @ W.T + b)     # one Gibbs step down ...
    h1 = sigmoid(v1 @ W + c)       # ... and up: negative phase
    n = len(v0)
    return (v0.T @ h0 - v1.T @ h1) / n, (v0 - v1).mean(axis=0), (h0 - h1).mean(axis=0)


def conv2d(image, kernel, stride=1, padding=0):
    """Lecture 05: 2-D convolution with zero padding and a stride (cross-correlation, no flip).

    ``padding`` zeros are added on every side, then the kernel moves by ``stride``; the output
    is ``(n + 2p - f) // s + 1`` on each axis and ``out[i, j] = sum(window * kernel)``. Written
    with NumPy's window view instead of the loops of the lecture's own ``conv2d`` (stride 1,
    no padding), so the two versions check each other (tests/test_cnn.py).
    """
    image = np.pad(np.asarray(image, dtype=float), padding)
    kernel = np.asarray(kernel, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)  # every stride-1 window
    return np.einsum("ijkl,kl->ij", windows[::stride, ::stride], kernel)


def discriminator_loss(d_real, d_fake):
    """Lecture 09: the discriminator's binary cross-entropy, -mean log D(x) - mean log(1 - D(G(z))).

    ``d_real`` / ``d_fake`` are the discriminator's probabilities for real and generated images.
    """
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    return -np.mean(np.log(d_real)) - np.mean(np.log(1.0 - d_fake))


def reconstruction_bce(x, x_hat, eps=1e-7):
    """Lecture 07: per-image binary cross-entropy between images ``x`` and reconstructions ``x_hat``.

    ``x_hat`` is clipped to ``[eps, 1 - eps]`` (as Keras does) so that log(0) never occurs;
    the mean runs over the last axis (the pixels), giving one loss per image.
    """
    x = np.asarray(x, dtype=float)
    p = np.clip(np.asarray(x_hat, dtype=float), eps, 1.0 - eps)
    return -np.mean(x * np.log(p) + (1.0 - x) * np.log(1.0 - p), axis=-1)
