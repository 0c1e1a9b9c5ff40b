import keras
import numpy as np
import pytest

from dlcourse import quiz, sequences, solutions


def test_time_series_shape_range_and_seed():
    a = sequences.generate_time_series(5, 30, seed=1)
    assert a.shape == (5, 30, 1) and a.dtype == np.float32
    assert np.abs(a).max() < 0.5 + 0.2 + 0.05 + 1e-6
    assert np.array_equal(a, sequences.generate_time_series(5, 30, seed=1))
    assert not np.array_equal(a, sequences.generate_time_series(5, 30, seed=2))
    with pytest.raises(ValueError, match="n_steps must be an int >= 1"):
        sequences.generate_time_series(5, 0)
    with pytest.raises(TypeError, match="n_series must be an int"):
        sequences.generate_time_series(5.0, 30)
    with pytest.raises(TypeError, match="n_steps must be an int"):
        sequences.generate_time_series(5, True)
    with pytest.raises(ValueError, match="time_step must be a number > 0"):
        sequences.generate_time_series(5, 30, time_step=0)
    assert sequences.generate_time_series(np.int64(2), np.int64(3)).shape == (2, 3, 1)


def test_naive_iterative_forecast_and_mse():
    x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, -1.0]])
    assert sequences.naive_forecast(x, horizon=2).tolist() == [[3, 3], [-1, -1]]
    with pytest.raises(ValueError, match="horizon must be an int >= 1"):
        sequences.naive_forecast(x, horizon=0)
    with pytest.raises(TypeError, match="horizon must be an int"):
        sequences.forecast_iteratively(lambda w: w[:, -1], x[..., None], horizon=2.0)
    # a "model" that adds one to the last value of its window
    out = sequences.forecast_iteratively(lambda w: w[:, -1] + 1, x[..., None], horizon=3)
    assert out.tolist() == [[4, 5, 6], [0, 1, 2]]
    assert sequences.mse([1, 2], [1, 4]) == 2.0
    with pytest.raises(ValueError, match="equal shapes"):
        sequences.mse([1, 2], [1, 2, 3])


def test_numpy_rnn_equals_keras_simple_rnn():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 7, 3)).astype("float32")
    layer = keras.layers.SimpleRNN(5, return_sequences=True)
    expected = keras.ops.convert_to_numpy(layer(x))
    W_x, W_h, b = layer.get_weights()
    assert np.allclose(sequences.rnn_forward(x, W_x, W_h, b), expected, atol=1e-5)
    with pytest.raises(ValueError, match="input features"):
        sequences.rnn_forward(x[..., :2], W_x, W_h, b)


def test_numpy_lstm_step_equals_keras_lstm_step():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 1, 4)).astype("float32")
    h0 = rng.normal(size=(3, 6)).astype("float32")
    c0 = rng.normal(size=(3, 6)).astype("float32")
    layer = keras.layers.LSTM(6, return_state=True, bias_initializer="random_normal")
    outputs = layer(x, initial_state=[h0, c0])
    out, h_keras, c_keras = (keras.ops.convert_to_numpy(t) for t in outputs)
    h, c = sequences.lstm_step(x[:, 0], h0, c0, *layer.get_weights())
    assert np.allclose(h, h_keras, atol=1e-5) and np.allclose(c, c_keras, atol=1e-5)
    assert np.allclose(out, h_keras)


def test_numpy_gru_step_equals_keras_gru_step():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 1, 4)).astype("float32")
    h0 = rng.normal(size=(3, 5)).astype("float32")
    layer = keras.layers.GRU(5, bias_initializer="random_normal")
    expected = keras.ops.convert_to_numpy(layer(x, initial_state=[h0]))
    assert np.allclose(sequences.gru_step(x[:, 0], h0, *layer.get_weights()), expected, atol=1e-5)
    W, U, b = layer.get_weights()
    with pytest.raises(ValueError, match="reset_after"):
        sequences.gru_step(x[:, 0], h0, W, U, b[0])


def test_load_stocks_offline_table():
    prices = sequences.load_stocks()
    assert set(prices.columns) == {"AAPL", "AMZN", "GOOG", "IBM", "MSFT"}
    assert len(prices) == 123 and prices["MSFT"].notna().all()
    assert prices["GOOG"].notna().sum() == 68
    assert list(sequences.load_stocks("IBM").columns) == ["IBM"]
    with pytest.raises(ValueError, match="unknown symbols"):
        sequences.load_stocks(["TSLA"])


def test_reference_make_windows_pairs_inputs_with_following_values():
    x, y = solutions.make_windows(np.arange(10), n_steps=3, horizon=2)
    assert x.shape == (6, 3, 1) and y.shape == (6, 2)
    assert x[0, :, 0].tolist() == [0, 1, 2] and y[0].tolist() == [3, 4]
    assert x[-1, :, 0].tolist() == [5, 6, 7] and y[-1].tolist() == [8, 9]
    x1, y1 = solutions.make_windows(np.arange(5), n_steps=3)  # horizon=1: the next value only
    assert x1[:, :, 0].tolist() == [[0, 1, 2], [1, 2, 3]] and y1.tolist() == [[3], [4]]


def test_check_make_windows_accepts_reference_and_rejects_wrong_targets():
    assert quiz.check_make_windows(solutions.make_windows)

    def off_by_one(series, n_steps, horizon=1):
        series = np.asarray(series, dtype="float32")
        n = len(series) - n_steps - horizon + 1
        x = np.stack([series[i:i + n_steps] for i in range(n)])
        y = np.stack([series[i + n_steps - 1:i + n_steps - 1 + horizon] for i in range(n)])  # starts one early
        return x[..., None], y

    def next_value_only(series, n_steps, horizon=1):  # ignores horizon: the lecture's one-step windows
        series = np.asarray(series, dtype="float32")
        x = np.stack([series[i:i + n_steps] for i in range(len(series) - n_steps)])
        return x[..., None], series[n_steps:, None]

    assert not quiz.check_make_windows(off_by_one)
    assert not quiz.check_make_windows(next_value_only)


def test_plot_forecast_draws_window_target_and_predictions():
    predictions = {"naive": [4.0, 4.0], "model": [5.1, 5.9]}
    fig = sequences.plot_forecast(np.arange(5.0), [5.0, 6.0], predictions)
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 5  # input, target, two predictions, the divider
    assert ax.get_lines()[1].get_xdata().tolist() == [5, 6]
    with pytest.raises(ValueError, match="has 3 values but future has 2"):
        sequences.plot_forecast(np.arange(5.0), [5.0, 6.0], {"bad": [1.0, 2.0, 3.0]})
