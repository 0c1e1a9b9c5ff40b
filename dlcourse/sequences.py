"""Sequences and recurrent cells: the synthetic time series, baselines, the NumPy steps, stock prices.

Hand-written helpers of lecture 06 (above and below the generated block):

- :func:`generate_time_series`: two sine waves plus noise, one series per row.
- :func:`naive_forecast`, :func:`forecast_iteratively`, :func:`mse`: baselines and scoring.
- :func:`load_stocks`: monthly stock prices shipped (offline) with ``vega_datasets``.
- :func:`plot_forecast`: an input window, the true future and named forecasts in one figure.

The recurrent cells are written in ``notebooks/06_rnn_lstm.ipynb`` and exported here
(``python -m dlcourse.export``): :func:`rnn_step`, :func:`rnn_forward`, :func:`lstm_step` and
:func:`gru_step` compute one time step of ``keras.layers.SimpleRNN`` / ``LSTM`` / ``GRU`` with the
layers' own weight layout, so ``layer.get_weights()`` can be passed straight in.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np

from dlcourse.activations import sigmoid
from dlcourse.validation import check_scalar


def generate_time_series(n_series, n_steps, seed=42, time_step=1 / 50):
    """``n_series`` univariate series of ``n_steps`` values: two sine waves plus noise.

    Each series is ``0.5 sin((t - o1)(10 + 10 f1)) + 0.2 sin((t - o2)(20 + 20 f2)) + noise``
    with ``t = 0, time_step, 2 time_step, ...``, random frequencies ``f`` and offsets ``o`` in
    [0, 1) and uniform noise of width 0.1. With the default step, 51 values span t = 0..1 (the
    classic 50-steps-in, 1-step-out setup); longer series simply continue in time.
    Returns float32 of shape ``(n_series, n_steps, 1)`` (batch, time, features).
    """
    check_scalar(n_series, "n_series", min_value=1)
    check_scalar(n_steps, "n_steps", min_value=1)
    check_scalar(time_step, "time_step", numbers.Real, min_value=0, include_min=False)
    rng = np.random.default_rng(seed)
    freq1, freq2, offset1, offset2 = rng.random((4, n_series, 1))
    t = np.arange(n_steps) * time_step
    series = 0.5 * np.sin((t - offset1) * (freq1 * 10 + 10))
    series += 0.2 * np.sin((t - offset2) * (freq2 * 20 + 20))
    series += 0.1 * (rng.random((n_series, n_steps)) - 0.5)
    return series[..., np.newaxis].astype("float32")


def naive_forecast(x, horizon=1):
    """The persistence baseline: repeat the last observed value ``horizon`` times.

    ``x``: (batch, time) or (batch, time, 1). Returns (batch, horizon).
    """
    x = _as_batch_time(x, "naive_forecast")
    check_scalar(horizon, "horizon", min_value=1)
    return np.repeat(x[:, -1:], horizon, axis=1)


def forecast_iteratively(predict, x, horizon):
    """Forecast ``horizon`` steps with a one-step model by feeding each prediction back in.

    ``predict`` maps windows (batch, n_steps, 1) to (batch, 1) (e.g. ``model.predict``);
    the window slides one step each time, so the model always sees ``n_steps`` values.
    Returns (batch, horizon).
    """
    x = _as_batch_time(x, "forecast_iteratively")[..., np.newaxis]
    check_scalar(horizon, "horizon", min_value=1)
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


# ---- BEGIN #@save cells of notebooks/06_rnn_lstm.ipynb (generated: edit the notebook) ----
def rnn_step(x_t, h_prev, W_x, W_h, b):
    """One step of keras SimpleRNN: h_t = tanh(x_t W_x + h_{t-1} W_h + b)."""
    return np.tanh(x_t @ W_x + h_prev @ W_h + b)      # 배치 전체를 한 번에 (행 = 샘플)


def rnn_forward(x, W_x, W_h, b):
    """Unroll rnn_step over x (batch, time, inputs); return every h_t, (batch, time, units)."""
    if x.shape[2] != W_x.shape[0]:  # 부가 코드: 모양이 맞지 않으면 알아보기 쉬운 오류
        raise ValueError(f"W_x has {W_x.shape[0]} rows but x has {x.shape[2]} input features")
    h = np.zeros((x.shape[0], W_h.shape[0]))           # h_0 = 0
    states = []
    for t in range(x.shape[1]):                        # 시간 축을 따라 같은 셀을 반복
        h = rnn_step(x[:, t], h, W_x, W_h, b)
        states.append(h)
    return np.stack(states, axis=1)                    # (배치, 시간, 유닛)


def lstm_step(x_t, h_prev, c_prev, W, U, b):
    """One step of keras LSTM with (W, U, b) = layer.get_weights(); returns (h_t, c_t)."""
    z_i, z_f, z_g, z_o = np.split(x_t @ W + h_prev @ U + b, 4, axis=-1)   # Keras 순서: i, f, g, o
    i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o)    # 게이트: 0~1
    g = np.tanh(z_g)                                       # 후보 값: -1~1
    c = f * c_prev + i * g                                 # 잊을 것은 잊고, 새 것은 더하고
    h = o * np.tanh(c)                                     # 내보낼 만큼만 내보내기
    return h, c


def gru_step(x_t, h_prev, W, U, b):
    """One step of keras GRU (reset_after=True) with (W, U, b) = layer.get_weights(); returns h_t."""
    if np.ndim(b) != 2 or np.shape(b)[0] != 2:  # 부가 코드: reset_after=False 층의 편향은 (3u,)
        raise ValueError(f"gru_step() expects keras' GRU bias of shape (2, 3*units), got {np.shape(b)}; "
                         "build the layer with reset_after=True (the default)")
    x_z, x_r, x_h = np.split(x_t @ W + b[0], 3, axis=-1)       # 입력 쪽 (입력 편향 포함)
    h_z, h_r, h_h = np.split(h_prev @ U + b[1], 3, axis=-1)    # 순환 쪽 (순환 편향 포함)
    z = sigmoid(x_z + h_z)                                      # 업데이트 게이트
    r = sigmoid(x_r + h_r)                                      # 리셋 게이트
    h_tilde = np.tanh(x_h + r * h_h)                            # 리셋은 U_h h_{t-1} + b_h' 에 곱함
    return z * h_prev + (1 - z) * h_tilde                       # LSTM의 f, i 대신 z, 1 - z
# ---- END saved cells ----


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


def plot_forecast(window, future=None, predictions=None, ax=None, title=None, start=0):
    """One time-series forecast: the input ``window``, the true ``future`` and named predictions.

    ``window`` (n_steps,) or (n_steps, 1); ``future`` (horizon,) true values after it;
    ``predictions`` a dict ``{"LSTM": values, ...}`` of forecasts for the same steps;
    ``start`` the time index of the window's first value (e.g. a date-free month number).
    """
    window = np.asarray(window, dtype=float).reshape(-1)
    if window.size == 0:
        raise ValueError("plot_forecast() needs a non-empty input window")
    predictions = dict(predictions or {})
    horizon = len(np.ravel(future)) if future is not None else None
    for name, values in predictions.items():
        if horizon is not None and len(np.ravel(values)) != horizon:
            raise ValueError(f"prediction {name!r} has {len(np.ravel(values))} values "
                             f"but future has {horizon}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    t = start + np.arange(len(window))
    ax.plot(t, window, ".-", color="0.3", label="입력(input)")
    n_after = horizon or max((len(np.ravel(v)) for v in predictions.values()), default=0)
    after = start + len(window) + np.arange(n_after)
    if future is not None:
        ax.plot(after, np.ravel(future), "o-", color="tab:blue", ms=4, label="실제(target)")
    markers = "xs^dv*"
    for k, (name, values) in enumerate(predictions.items()):
        ax.plot(after, np.ravel(values), markers[k % len(markers)] + "--", ms=5, label=name)
    ax.axvline(start + len(window) - 0.5, color="k", lw=0.6, ls=":")
    ax.set(xlabel="시간 스텝(t)", ylabel="값", title=title or "")
    ax.legend(fontsize=8, loc="best")
    return ax.figure


def _as_batch_time(x, name):
    x = np.asarray(x)
    if x.ndim == 3 and x.shape[2] == 1:
        x = x[..., 0]
    if x.ndim != 2:
        raise ValueError(f"{name}() needs windows of shape (batch, time) or (batch, time, 1), "
                         f"got {x.shape}")
    return x
