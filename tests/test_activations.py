import numpy as np
import pytest

from dlcourse import activations, quiz, solutions

Z = np.linspace(-4, 4, 81)
Z = Z[np.abs(Z) > 1e-3]  # the kinks of step / ReLU / ELU at 0 have no two-sided derivative


def numeric_derivative(f, z, eps=1e-6):
    return (f(z + eps) - f(z - eps)) / (2 * eps)


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    f, f_grad = activations.get(name)
    np.testing.assert_allclose(f_grad(Z), numeric_derivative(f, Z), atol=1e-6)
    assert f(Z).shape == f_grad(Z).shape == Z.shape


def test_known_values():
    assert activations.step(0.0) == 1.0 and activations.step(-0.1) == 0.0
    assert activations.sigmoid(np.array([0.0]))[0] == 0.5
    assert activations.sigmoid_grad(np.array([0.0]))[0] == 0.25
    assert np.all(activations.sigmoid_grad(Z) <= 0.25) and np.all(activations.tanh_grad(Z) <= 1.0)
    np.testing.assert_allclose(activations.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(activations.relu_grad([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(activations.elu([-50.0, 2.0], alpha=2.0), [-2.0, 2.0])
    np.testing.assert_allclose(activations.tanh(Z), np.tanh(Z))


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(over="raise"):  # an overflow in exp would raise here
        out = activations.sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(out, [0.0, 1.0])


def test_softmax_rows_sum_to_one_and_ignore_shifts():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    p = activations.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    np.testing.assert_allclose(activations.softmax(z[0] + 7.0), p[0])
    # two classes: softmax([z, 0])[0] is the sigmoid of z
    two = activations.softmax(np.c_[Z, np.zeros_like(Z)])
    np.testing.assert_allclose(two[:, 0], activations.sigmoid(Z))


def test_bad_input_says_what_is_wrong():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        activations.get("swish")
    with pytest.raises(ValueError, match="numbers"):
        activations.relu("abc")
    with pytest.raises(ValueError, match="scalar"):
        activations.softmax(1.0)
    with pytest.raises(ValueError, match="alpha must be a number > 0"):
        activations.elu(Z, alpha=-1)
    with pytest.raises(TypeError, match="alpha must be a number"):
        activations.elu_grad(Z, alpha="1.0")
    with pytest.raises(TypeError, match="alpha"):
        activations.elu(Z, alpha=True)
    np.testing.assert_allclose(activations.elu(-1.0, alpha=np.float32(2)), 2 * np.expm1(-1.0))


def test_sigmoid_derivative_reference_matches_the_package():
    assert solutions.sigmoid_derivative(0.0) == 0.25
    np.testing.assert_allclose(solutions.sigmoid_derivative(Z), activations.sigmoid_grad(Z))

def test_perceptron_update_exercise_accepts_reference_and_rejects_mistakes(capsys):
    w = solutions.perceptron_update(np.zeros(3), np.array([1.0, 1.0]), 0, 0.1)
    np.testing.assert_allclose(w, [-0.1, -0.1, -0.1])  # predicted 1 for target 0: all weights down
    assert quiz.check_perceptron_update(solutions.perceptron_update)

    def forgets_the_bias(w, x, target, lr):
        y_hat = float(np.dot(w[:-1], x) + w[-1] >= 0)
        return np.append(w[:-1] + lr * (target - y_hat) * x, w[-1])

    def wrong_sign(w, x, target, lr):
        x1 = np.append(x, 1.0)
        return w - lr * (target - float(w @ x1 >= 0)) * x1

    assert not quiz.check_perceptron_update(forgets_the_bias)
    assert not quiz.check_perceptron_update(wrong_sign)
    assert "❌" in capsys.readouterr().out
