"""Sequences and recurrent cells: the synthetic time series, windowing, baselines, NumPy steps.

Lecture 06 teaches the recurrent cells in NumPy; this module keeps the tested versions:

- :func:`generate_time_series`: two sine waves plus noise, one series per row.
- :func:`make_windows`: cut a long 1-D series into (input window, next values) pairs.
- :func:`naive_forecast`, :func:`forecast_iteratively`, :func:`mse`: baselines and scoring.
- :func:`rnn_step`, :func:`rnn_forward`, :func:`lstm_step`, :func:`gru_step`: one time step
  of ``keras.layers.SimpleRNN`` / ``LSTM`` / ``GRU`` with the layers' own weight layout, so
  ``layer.get_weights()`` can be passed straight in.
- :func:`load_stocks`: monthly stock prices shipped (offline) with ``vega_datasets``.
"""

import numpy as np


def generate_time_series(n_series, n_steps, seed=42, time_step=1 / 50):
    """``n_series`` univariate series of ``n_steps`` values: two sine waves plus noise.

    Each series is ``0.5 sin((t - o1)(10 + 10 f1)) + 0.2 sin((t - o2)(20 + 20 f2)) + noise``
    with ``t = 0, time_step, 2 time_step, ...``, random frequencies ``f`` and offsets ``o`` in
    [0, 1) and uniform noise of width 0.1. With the default step, 51 values span t = 0..1 (the
    classic 50-steps-in, 1-step-out setup); longer series simply continue in time.
    Returns float32 of shape ``(n_series, n_steps, 1)`` (batch, time, features).
    """
    _check_positive_int(n_series=n_series, n_steps=n_steps)
    if not time_step > 0:
        raise ValueError(f"time_step must be positive, got {time_step!r}")
    rng = np.random.default_rng(seed)
    freq1, freq2, offset1, offset2 = rng.random((4, n_series, 1))
    t = np.arange(n_steps) * time_step
    series = 0.5 * np.sin((t - offset1) * (freq1 * 10 + 10))
    series += 0.2 * np.sin((t - offset2) * (freq2 * 20 + 20))
    series += 0.1 * (rng.random((n_series, n_steps)) - 0.5)
    return series[..., np.newaxis].astype("float32")


def make_windows(series, n_steps, horizon=1):
    """Cut a 1-D series into overlapping windows and the values that follow them.

    ``x[i] = series[i : i + n_steps]`` and ``y[i] = series[i + n_steps : i + n_steps + horizon]``.
    Returns ``x`` of shape ``(n, n_steps, 1)`` and ``y`` of shape ``(n, horizon)``, float32,
    with ``n = len(series) - n_steps - horizon + 1``.
    """
    series = np.asarray(series, dtype="float32")
    if series.ndim == 2 and series.shape[1] == 1:
        series = series[:, 0]
    if series.ndim != 1:
        raise ValueError(f"make_windows() needs a 1-D series (or shape (n, 1)), "
                         f"got shape {series.shape}")
    _check_positive_int(n_steps=n_steps, horizon=horizon)
    n = len(series) - n_steps - horizon + 1
    if n < 1:
        raise ValueError(f"a series of length {len(series)} is too short for n_steps={n_steps} + "
                         f"horizon={horizon}; use a shorter window or a longer series")
    x = np.stack([series[i:i + n_steps] for i in range(n)])[..., np.newaxis]
    y = np.stack([series[i + n_steps:i + n_steps + horizon] for i in range(n)])
    return x, y


def naive_forecast(x, horizon=1):
    """The persistence baseline: repeat the last observed value ``horizon`` times.

    ``x``: (batch, time) or (batch, time, 1). Returns (batch, horizon).
    """
    x = _as_batch_time(x, "naive_forecast")
    _check_positive_int(horizon=horizon)
    return np.repeat(x[:, -1:], horizon, axis=1)


def forecast_iteratively(predict, x, horizon):
    """Forecast ``horizon`` steps with a one-step model by feeding each prediction back in.

    ``predict`` maps windows (batch, n_steps, 1) to (batch, 1) (e.g. ``model.predict``);
    the window slides one step each time, so the model always sees ``n_steps`` values.
    Returns (batch, horizon).
    """
    x = _as_batch_time(x, "forecast_iteratively")[..., np.newaxis]
    _check_positive_int(horizon=horizon)
    n_steps = x.shape[1]
    outputs = []
    for _ in range(horizon):
        step = np.asarray(predict(x[:, -n_steps:])).reshape(len(x), 1, 1).astype(x.dtype)
        outputs.append(step[:, 0, 0])
        x = np.concatenate([x, step], axis=1)
    return np.stack(outputs, axis=1)


def mse(y_true, y_pred):
    """Mean squared error over all values (shapes must match)."""
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"mse() needs equal shapes, got {y_true.shape} and {y_pred.shape}")
    return float(np.mean((y_true - y_pred) ** 2))


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), the gates' activation."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def rnn_step(x_t, h_prev, W_x, W_h, b):
    """One step of a simple recurrent layer: ``h_t = tanh(x_t W_x + h_{t-1} W_h + b)``.

    Shapes: ``x_t`` (batch, inputs), ``h_prev`` (batch, units), ``W_x`` (inputs, units),
    ``W_h`` (units, units), ``b`` (units,) — the order of ``SimpleRNN.get_weights()``.
    """
    return np.tanh(x_t @ W_x + h_prev @ W_h + b)


def rnn_forward(x, W_x, W_h, b, h0=None):
    """Unroll :func:`rnn_step`: ``x`` (batch, time, inputs) → states (batch, time, units)."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"rnn_forward() needs x of shape (batch, time, inputs), got {x.shape}")
    if W_x.shape[0] != x.shape[2]:
        raise ValueError(f"W_x has {W_x.shape[0]} rows but x has {x.shape[2]} input features")
    h = np.zeros((x.shape[0], W_h.shape[0])) if h0 is None else np.asarray(h0, dtype=float)
    states = []
    for t in range(x.shape[1]):
        h = rnn_step(x[:, t], h, W_x, W_h, b)
        states.append(h)
    return np.stack(states, axis=1)


def lstm_step(x_t, h_prev, c_prev, W, U, b):
    """One LSTM step with ``keras.layers.LSTM``'s weights ``W, U, b = layer.get_weights()``.

    The four blocks of ``W`` (inputs, 4u), ``U`` (u, 4u) and ``b`` (4u,) are, in order, the
    input gate i, forget gate f, candidate g and output gate o::

        i = σ(x W_i + h U_i + b_i)      f = σ(x W_f + h U_f + b_f)
        g = tanh(x W_g + h U_g + b_g)   o = σ(x W_o + h U_o + b_o)
        c_t = f * c_{t-1} + i * g       h_t = o * tanh(c_t)

    Returns ``(h_t, c_t)``.
    """
    z = x_t @ W + h_prev @ U + b
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), np.tanh(z_g), sigmoid(z_o)
    c_t = f * c_prev + i * g
    h_t = o * np.tanh(c_t)
    return h_t, c_t


def gru_step(x_t, h_prev, W, U, b):
    """One GRU step with ``keras.layers.GRU``'s weights (default ``reset_after=True``).

    Blocks of ``W`` (inputs, 3u) and ``U`` (u, 3u): update gate z, reset gate r, candidate.
    ``b`` has shape (2, 3u): input bias and recurrent bias::

        z = σ(x W_z + h U_z + b_z)      r = σ(x W_r + h U_r + b_r)
        ĥ = tanh(x W_h + r * (h U_h + b_h'))
        h_t = z * h_{t-1} + (1 - z) * ĥ
    """
    b = np.asarray(b)
    if b.ndim != 2 or b.shape[0] != 2:
        raise ValueError(f"gru_step() expects keras' GRU bias of shape (2, 3*units), "
                         f"got {b.shape}; build the layer with reset_after=True (the default)")
    x_z, x_r, x_h = np.split(x_t @ W + b[0], 3, axis=-1)
    h_z, h_r, h_h = np.split(h_prev @ U + b[1], 3, axis=-1)
    z = sigmoid(x_z + h_z)
    r = sigmoid(x_r + h_r)
    candidate = np.tanh(x_h + r * h_h)
    return z * h_prev + (1 - z) * candidate


def load_stocks(symbols=None):
    """Monthly closing prices 2000-01 .. 2010-03 (MSFT, AMZN, IBM, AAPL; GOOG from 2004-08).

    Read from the copy that ships inside the ``vega_datasets`` package (no network).
    Returns a pandas DataFrame: one row per month (a ``DatetimeIndex``), one column per symbol,
    NaN before a stock was listed.
    """
    try:
        from vega_datasets import data
    except ImportError as exc:
        raise ImportError("load_stocks() needs the vega_datasets package: "
                          "`python -m pip install vega_datasets`") from exc
    if not data.stocks.is_local:
        raise RuntimeError("this vega_datasets version does not ship stocks.csv locally; "
                           "install vega_datasets>=0.9")
    table = data.stocks().pivot(index="date", columns="symbol", values="price")
    table.columns.name = None
    if symbols is not None:
        symbols = [symbols] if isinstance(symbols, str) else list(symbols)
        unknown = [s for s in symbols if s not in table.columns]
        if unknown:
            raise ValueError(f"unknown symbols {unknown}; choose from {sorted(table.columns)}")
        table = table[symbols]
    return table


def _as_batch_time(x, name):
    x = np.asarray(x)
    if x.ndim == 3 and x.shape[2] == 1:
        x = x[..., 0]
    if x.ndim != 2:
        raise ValueError(f"{name}() needs windows of shape (batch, time) or (batch, time, 1), "
                         f"got {x.shape}")
    return x


def _check_positive_int(**values):
    for name, value in values.items():
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
