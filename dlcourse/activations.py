"""Activation functions and their derivatives in NumPy (lectures 01-02 and later).

Each element-wise activation ``f`` has a derivative ``f_grad`` that takes the same input
``z`` (the pre-activation) and returns ``df/dz`` element by element::

    h = activations.sigmoid(z)
    dz = dh * activations.sigmoid_grad(z)      # one backward step through the activation

:func:`softmax` acts on a whole vector (the last axis). :func:`get` looks a pair up by name.
"""

import numbers

import numpy as np

from dlcourse.validation import check_scalar


def _as_float_array(z, name):
    try:
        z = np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}() needs numbers (a scalar or an array), got {type(z).__name__}"
        ) from None
    return z


def step(z):
    """Heaviside step function: 1 where ``z >= 0``, else 0 (the perceptron's activation)."""
    z = _as_float_array(z, "step")
    return (z >= 0).astype(float)


def step_grad(z):
    """Derivative of :func:`step`: 0 everywhere (undefined at 0, taken as 0): no gradient flows."""
    z = _as_float_array(z, "step_grad")
    return np.zeros_like(z)


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, computed without overflow for large ``|z|``."""
    z = _as_float_array(z, "sigmoid")
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def sigmoid_grad(z):
    """Derivative of :func:`sigmoid`: ``s(z) * (1 - s(z))``, at most 0.25 (at ``z = 0``)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, output in (-1, 1)."""
    return np.tanh(_as_float_array(z, "tanh"))


def tanh_grad(z):
    """Derivative of :func:`tanh`: ``1 - tanh(z)**2``, at most 1 (at ``z = 0``)."""
    return 1.0 - np.tanh(_as_float_array(z, "tanh_grad")) ** 2


def relu(z):
    """Rectified linear unit ``max(0, z)``."""
    return np.maximum(_as_float_array(z, "relu"), 0.0)


def relu_grad(z):
    """Derivative of :func:`relu`: 1 where ``z > 0``, else 0 (0 at ``z = 0`` by convention)."""
    return (_as_float_array(z, "relu_grad") > 0).astype(float)


def elu(z, alpha=1.0):
    """Exponential linear unit: ``z`` for ``z > 0``, ``alpha * (exp(z) - 1)`` otherwise."""
    z = _as_float_array(z, "elu")
    check_scalar(alpha, "alpha", numbers.Real, min_value=0, include_min=False)  # ELU tends to -alpha
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_grad(z, alpha=1.0):
    """Derivative of :func:`elu`: 1 for ``z > 0``, ``alpha * exp(z)`` otherwise."""
    z = _as_float_array(z, "elu_grad")
    check_scalar(alpha, "alpha", numbers.Real, min_value=0, include_min=False)  # ELU tends to -alpha
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def softmax(z, axis=-1):
    """Softmax along ``axis``: positive values that sum to 1 (stable: the max is subtracted)."""
    z = _as_float_array(z, "softmax")
    if z.ndim == 0:
        raise ValueError("softmax() needs a vector or a batch of vectors, not a scalar")
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


#: name -> (function, derivative) for the element-wise activations.
ACTIVATIONS = {
    "step": (step, step_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "elu": (elu, elu_grad),
}


def get(name):
    """``(f, f_grad)`` for an element-wise activation by name, e.g. ``get("tanh")``."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]
