"""Lectures 03-04: the coding-exercise checks accept the reference and reject wrong answers."""

import keras
import numpy as np

from dlcourse import quiz, solutions


def test_dense_param_count_matches_keras():
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(200),
                              keras.layers.Dense(10)])
    assert solutions.dense_param_count((784, 200, 10)) == model.count_params() == 159010
    assert solutions.dense_param_count((4, 5, 10, 3)) == 118


def test_check_dense_param_count():
    assert quiz.check_dense_param_count(solutions.dense_param_count)
    def no_biases(s):
        return sum(a * b for a, b in zip(s[:-1], s[1:]))

    assert not quiz.check_dense_param_count(no_biases)

    def unsolved(sizes):
        raise NotImplementedError

    assert not quiz.check_dense_param_count(unsolved)


def test_momentum_step_matches_keras_sgd():
    w0, g = np.array([1.0, -2.0], dtype="float32"), np.array([0.5, -1.0], dtype="float32")
    var = keras.Variable(w0)
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    w, v = w0.copy(), np.zeros(2)
    for _ in range(3):
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w, v = solutions.momentum_step(w, v, g, 0.1, 0.9)
    np.testing.assert_allclose(np.asarray(var), w, rtol=1e-5)


def test_check_momentum_step():
    assert quiz.check_momentum_step(solutions.momentum_step)

    def plain_sgd(w, v, grad, lr, momentum):
        return w - lr * grad, v

    def wrong_sign(w, v, grad, lr, momentum):
        v = momentum * v + lr * grad
        return w + v, v

    assert not quiz.check_momentum_step(plain_sgd)
    assert not quiz.check_momentum_step(wrong_sign)
