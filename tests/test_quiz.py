import inspect
import re

import numpy as np
import pytest

from dlcourse import datasets, quiz, solutions

HANGUL = re.compile("[가-힣]")


def test_multiple_choice_accepts_number_circled_and_string():
    q = quiz.MultipleChoice("가장 넓은 개념은?", ["딥러닝", "머신러닝", "인공지능"], 3, "AI ⊃ ML ⊃ DL")
    assert q.check(3) and q.check("③") and q.check(" 3 ")
    assert not q.check(1) and not q.check("①")


def test_true_false_and_short_answer():
    ox = quiz.TrueFalse("딥러닝은 특징을 직접 설계해야 한다.", False)
    assert ox.check("X") and ox.check(False) and ox.check("x")
    assert not ox.check("O") and not ox.check(True) and not ox.check("maybe")
    short = quiz.ShortAnswer("검증에 쓰는 데이터는?", ["검증", "validation"])
    assert short.check("Validation") and short.check(" 검 증 ")
    assert not short.check("테스트")
    numeric = quiz.ShortAnswer("배치 1,000이면 반복 횟수는?", 1000)
    assert numeric.check("1000") and numeric.check(1000.0) and not numeric.check(999)


def test_quiz_renders_and_checks(capsys):
    q = quiz.Quiz("확인", [quiz.TrueFalse("1 + 1 = 2", True, "산수")])
    html = q._repr_html_()
    assert "<details>" in html and "정답 확인" in html and "1 + 1 = 2" in html
    assert "1 + 1 = 2" in repr(q)
    assert q.check(1, "O")
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("number", [2, 0, -1, True, 1.0, "1", None, [1]])
def test_quiz_check_gives_feedback_on_a_bad_question_number(number, capsys):
    q = quiz.Quiz("확인", [quiz.TrueFalse("1 + 1 = 2", True, "산수")])
    verdict = q.check(number, "O")
    assert not verdict and HANGUL.search(verdict.message)
    assert "1~1" in capsys.readouterr().out


@pytest.mark.parametrize("question", [
    quiz.MultipleChoice("?", ["a", "b", "c"], 2),
    quiz.TrueFalse("?", True),
    quiz.ShortAnswer("?", [3, "셋"]),
], ids=["multiple_choice", "true_false", "short_answer"])
@pytest.mark.parametrize("response", [None, [2], {"답": 2}, 2.5 + 1j, object(), "", 7, True, "⑨", "maybe"])
def test_a_wrong_kind_of_answer_gets_feedback_not_an_exception(question, response):
    if isinstance(question, quiz.ShortAnswer) and isinstance(response, (int, str)) and response not in ("", True):
        pytest.skip("a plain number or word is a valid (wrong) short answer")
    if isinstance(question, quiz.TrueFalse) and response is True:
        pytest.skip("True is a valid O/X answer")
    verdict = quiz.Quiz("확인", [question]).check(1, response)
    assert not verdict and HANGUL.search(verdict.message)


def test_bad_questions_are_rejected():
    with pytest.raises(ValueError, match="1-based"):
        quiz.MultipleChoice("?", ["a", "b"], 0)
    with pytest.raises(ValueError, match="True \\(O\\)"):
        quiz.TrueFalse("?", "O")
    with pytest.raises(ValueError, match="non-empty list"):
        quiz.Quiz("빈 퀴즈", [])


def test_check_function_reports_each_kind_of_mistake(capsys):
    cases = [([0, 1, 1], [0, 1, 0])]

    def unfinished(y_true, y_pred):
        raise NotImplementedError

    assert not quiz.check_function(unfinished, solutions.accuracy, cases)
    assert "아직 구현하지" in capsys.readouterr().out
    assert not quiz.check_function(lambda a, b: None, solutions.accuracy, cases)
    assert "None" in capsys.readouterr().out
    assert not quiz.check_function(lambda a, b: 1 / 0, solutions.accuracy, cases)
    assert "ZeroDivisionError" in capsys.readouterr().out
    assert not quiz.check_function(lambda a, b: [0.5], solutions.accuracy, cases)
    assert "shape" in capsys.readouterr().out
    assert not quiz.check_function(lambda a, b: 0.5, solutions.accuracy, cases)
    assert "기대값" in capsys.readouterr().out


def test_check_accuracy_accepts_correct_and_rejects_wrong():
    assert quiz.check_accuracy(lambda t, p: np.mean(np.asarray(t) == np.asarray(p)))
    assert not quiz.check_accuracy(lambda t, p: np.sum(np.asarray(t) == np.asarray(p)))


def test_check_function_reports_nan_strings_and_ragged_lists(capsys):
    cases = [([0, 1, 1], [0, 1, 0])]
    assert not quiz.check_function(lambda a, b: np.nan, solutions.accuracy, cases)
    assert "NaN" in capsys.readouterr().out
    assert not quiz.check_function(lambda a, b: "0.67", solutions.accuracy, cases)
    assert "문자열" in capsys.readouterr().out
    assert not quiz.check_function(lambda a, b: [[1, 2], [3]], solutions.accuracy, cases)
    assert "ragged" in capsys.readouterr().out
    assert not quiz.check_function(0.67, solutions.accuracy, cases)
    assert "함수를 넘기세요" in capsys.readouterr().out


def test_check_function_gives_the_student_a_copy_of_the_arguments():
    cases = [(np.array([1.0, 2.0]),)]

    def in_place(z):
        z *= 0
        return z

    assert not quiz.check_function(in_place, lambda z: np.asarray(z) * 2, cases)
    assert cases[0][0].tolist() == [1.0, 2.0]


# Every exercise checker: each public ``check_*`` of dlcourse.quiz except the shared check_function,
# so that a checker added later is covered by the bad-answer table below without editing this file.
CHECKERS = sorted(name for name, obj in vars(quiz).items()
                  if name.startswith("check_") and name != "check_function" and inspect.isfunction(obj))


def _raise(exc):
    def answer(*args, **kwargs):
        raise exc
    return answer


BAD_ANSWERS = {
    "not_callable": 0.5,
    "a_list_not_a_function": [1, 2, 3],
    "returns_none": lambda *args: None,
    "returns_str": lambda *args: "정답",
    "returns_numeric_str": lambda *args: "0.5",
    "returns_dict": lambda *args: {"answer": 1},
    "returns_ragged_list": lambda *args: [[1.0, 2.0], [3.0]],
    "returns_wrong_shape": lambda *args: np.zeros((7, 3, 2)),
    "returns_nan": lambda *args: np.nan,
    "returns_nan_tuple": lambda *args: (np.nan, np.nan, np.nan),
    "returns_object": lambda *args: object(),
    "raises_value_error": _raise(ValueError("operands could not be broadcast")),
    "raises_not_implemented": _raise(NotImplementedError),
    "wrong_signature": lambda: 1.0,
}


def test_the_checker_list_is_complete():
    assert len(CHECKERS) >= 11 and "check_conv2d" in CHECKERS


@pytest.mark.parametrize("answer", list(BAD_ANSWERS.values()), ids=list(BAD_ANSWERS))
@pytest.mark.parametrize("checker", CHECKERS)
def test_every_checker_gives_korean_feedback_on_a_bad_answer(checker, answer, capsys):
    verdict = getattr(quiz, checker)(answer)   # must not raise
    printed = capsys.readouterr().out
    assert not verdict
    assert verdict.message.strip() and HANGUL.search(verdict.message)
    assert verdict.message in printed
    if answer is BAD_ANSWERS["raises_not_implemented"]:
        assert "아직 구현하지" in verdict.message
    if not callable(answer):
        assert "함수를 넘기세요" in verdict.message


def _wrong_windows(series, n_steps, horizon=1):
    x, y = solutions.make_windows(series, n_steps, horizon)
    return x, y[:, :1]   # only the first future value


REFERENCE_AND_WRONG = {
    "check_accuracy": (solutions.accuracy, lambda t, p: np.sum(np.asarray(t) == np.asarray(p))),
    "check_dense_param_count": (solutions.dense_param_count,
                                lambda s: sum(a * b for a, b in zip(s[:-1], s[1:]))),
    "check_momentum_step": (solutions.momentum_step, lambda w, v, g, lr, m: (w - lr * g, v)),
    "check_perceptron_update": (solutions.perceptron_update,
                                lambda w, x, t, lr: np.asarray(w) + lr * t * np.append(x, 1.0)),
    "check_make_windows": (solutions.make_windows, _wrong_windows),
    "check_cd1_update": (solutions.cd1_update, lambda v, W, b, c: tuple(
        np.zeros_like(p) for p in solutions.cd1_update(v, W, b, c))),
    "check_conv2d": (solutions.conv2d, lambda im, k, s=1, p=0: solutions.conv2d(im, np.asarray(k)[::-1, ::-1], s, p)),
    # lectures 00-05: second exercises
    "check_confusion_matrix": (solutions.confusion_matrix, lambda t, p, n: solutions.confusion_matrix(p, t, n)),
    "check_multiclass_perceptron_update": (solutions.multiclass_perceptron_update,
                                           lambda W, x, t, lr: np.asarray(W, dtype=float)),
    "check_swish_derivative": (solutions.swish_derivative, solutions.sigmoid_derivative),
    "check_tanh_layer_backward": (solutions.tanh_layer_backward,
                                  lambda d, x, W, b: (d @ W.T, x.T @ d, d.sum(axis=0))),
    "check_layer_stack_summary": (solutions.layer_stack_summary,
                                  lambda shape, layers: solutions.layer_stack_summary((int(np.prod(shape)),), layers)),
    "check_adam_step": (solutions.adam_step, lambda w, m, s, g, t, lr, b1, b2, eps: solutions.adam_step(
        w, m, s, g, 1, lr, b1, b2, eps)),
    "check_conv2d_multichannel": (solutions.conv2d_multichannel,
                                  lambda im, k, b: solutions.conv2d_multichannel(im, np.asarray(k)[::-1, ::-1], b)),
    # lectures 06-10: second exercises
    "check_birnn_forward": (solutions.birnn_forward, lambda x, f, b: solutions.birnn_forward(x, f, f)),
    "check_reconstruction_bce_logits": (solutions.reconstruction_bce_logits,
                                        lambda x, z: solutions.reconstruction_bce(x, solutions.sigmoid(z))),
    "check_kl_sparsity_penalty": (solutions.kl_sparsity_penalty,
                                  lambda z, t: solutions.kl_sparsity_penalty(z, t) / np.shape(z)[1]),
    "check_cdk_update": (solutions.cdk_update, lambda v, W, b, c, k: solutions.cdk_update(v, W, b, c, 1)),
    "check_smoothed_discriminator_loss": (solutions.smoothed_discriminator_loss,
                                          lambda r, f, smooth: solutions.discriminator_loss(r, f)),
    "check_lsgan_losses": (solutions.lsgan_losses, lambda r, f: solutions.lsgan_losses(f, r)),
    "check_expected_sarsa_target": (solutions.expected_sarsa_target,
                                    lambda r, q, d, e, g: solutions.td_target(r, q, d, g)),
    "check_double_dqn_target": (solutions.double_dqn_target,
                                lambda r, qo, qt, te, tr, g: solutions.td_target(r, qt, te, g)),
}


@pytest.mark.parametrize("checker", sorted(REFERENCE_AND_WRONG))
def test_every_checker_accepts_the_reference_and_rejects_a_named_mistake(checker, capsys):
    reference, wrong = REFERENCE_AND_WRONG[checker]
    assert getattr(quiz, checker)(reference)
    assert "✅" in capsys.readouterr().out
    assert not getattr(quiz, checker)(wrong)
    assert "❌" in capsys.readouterr().out


# lectures 06-10: a named mistake gets its own hint, and the challenges (도전 과제)
@pytest.mark.parametrize("checker, wrong, hint", [
    ("check_birnn_forward", lambda x, f, b: np.concatenate(
        np.split(solutions.birnn_forward(x, f, b), 2, axis=-1)[::-1], axis=-1), "순서가 바뀌었습니다"),
    ("check_reconstruction_bce_logits", lambda x, z: solutions.reconstruction_bce(x, solutions.sigmoid(z)), "잘라서"),
    ("check_kl_sparsity_penalty", lambda z, t: solutions.kl_sparsity_penalty(z, t) / np.shape(z)[1], "평균을 냈습니다"),
    ("check_cdk_update", lambda v, W, b, c, k: solutions.cdk_update(v, W, b, c, 1), "k번 반복"),
    ("check_smoothed_discriminator_loss", lambda r, f, smooth: -(1 - smooth) * np.mean(np.log(r))
     - np.mean(np.log(1 - np.asarray(f))), "(1 − t)"),
    ("check_lsgan_losses", lambda r, f: tuple(2 * v for v in solutions.lsgan_losses(r, f)), "절반"),
    ("check_expected_sarsa_target", lambda r, q, d, e, g: solutions.td_target(r, q, d, g), "Q-러닝"),
    ("check_double_dqn_target", lambda r, qo, qt, te, tr, g: solutions.double_dqn_target(
        r, qo, qt, np.maximum(te, tr), tr, g), "truncated"),
])
def test_a_named_mistake_gets_its_hint(checker, wrong, hint):
    verdict = getattr(quiz, checker)(wrong)
    assert not verdict and hint in verdict.message


CHALLENGES = ["check_challenge_06", "check_challenge_07", "check_challenge_08", "check_challenge_09",
              "check_challenge_10"]


@pytest.mark.parametrize("checker", CHALLENGES)
def test_an_untried_challenge_gets_a_hint(checker, capsys):
    verdict = getattr(quiz, checker)(None, 1.0)
    assert not verdict and "아직 도전하지 않았습니다" in verdict.message in capsys.readouterr().out


def test_challenge_06_measures_the_10_step_mse():
    naive = lambda windows: np.asarray(windows)[:, -1]   # 마지막 값 반복: MSE 약 0.2  # noqa: E731
    assert quiz.check_challenge_06(naive, lecture_mse=1.0, n_series=200)
    verdict = quiz.check_challenge_06(naive, lecture_mse=0.01, n_series=200)
    assert not verdict and "0.01" in verdict.message


def test_challenge_07_and_08_measure_on_held_out_data():
    rng = np.random.default_rng(0)
    x = (rng.random((40, 784)) < 0.3).astype("float32")
    y = x[:, :10].argmax(axis=1)
    assert quiz.check_challenge_07(lambda v: np.clip(v, 0.05, 0.95), lecture_bce=1.0, x_test=x)
    assert not quiz.check_challenge_07(lambda v: np.full(np.shape(v), 0.5), lecture_bce=0.1, x_test=x)
    assert quiz.check_challenge_08(lambda v: np.asarray(v)[:, :10], lecture_accuracy=0.5, x_test=x, y_test=y)
    assert not quiz.check_challenge_08(lambda v: np.zeros(len(v)), lecture_accuracy=0.5, x_test=x, y_test=y)
    assert not quiz.check_challenge_08(lambda v: np.zeros((len(v), 3)), 0.5, x, y)   # wrong output shape


def test_challenge_09_measures_the_frechet_distance():
    rng = np.random.default_rng(0)

    def features(images):
        return np.asarray(images).reshape(len(images), -1)[:, ::98]

    real = features(rng.random((300, 28, 28)))
    good = lambda z: rng.random((len(z), 28, 28, 1)) * 2 - 1   # noqa: E731
    assert quiz.check_challenge_09(good, 1.0, features, real, n=300)
    assert not quiz.check_challenge_09(lambda z: -np.ones((len(z), 28, 28, 1)), 1.0, features, real, n=300)
    assert "features" in quiz.check_challenge_09(good, 1.0).message


def test_challenge_10_runs_the_policy_in_cartpole():
    balance = lambda obs: (np.asarray(obs) @ np.array([0.1, 0.5, 1.0, 1.0]) > 0).astype(int)   # noqa: E731
    verdict = quiz.check_challenge_10(balance, my_env_steps=1_000, lecture_steps=25_000, episodes=3)
    assert verdict and "500.0" in verdict.message and "25,000" in verdict.message
    assert not quiz.check_challenge_10(balance, my_env_steps=30_000, lecture_steps=25_000, episodes=3)
    assert not quiz.check_challenge_10(lambda obs: np.zeros(len(obs), int), 1_000, 25_000, episodes=3)
    assert "argmax" in quiz.check_challenge_10(lambda obs: np.zeros((len(obs), 2)), 1_000, 25_000).message


# ---- lectures 00-05: challenge checkers measure the student's own result ----

CHALLENGES = ["check_challenge_00", "check_challenge_01", "check_challenge_02", "check_challenge_03",
              "check_challenge_04", "check_challenge_05"]


@pytest.mark.parametrize("checker", CHALLENGES)
def test_an_untouched_challenge_gets_a_hint(checker):
    verdict = getattr(quiz, checker)(None)
    assert not verdict and "아직 도전하지 않았습니다" in verdict.message


class FakeModel:
    """A stand-in for a trained Keras model: predicts given labels (one-hot) by the input's length."""

    def __init__(self, answers, params=50_000):
        self.answers, self.params, self.layers = answers, params, []

    def predict(self, x, verbose=0):
        return np.eye(10)[self.answers[len(x)]]

    def count_params(self):
        return self.params


def _digits_answers():
    _, (x, y) = datasets.load_digits(test_size=0.2)
    return y


def test_challenge_00_and_02_measure_digits_accuracy():
    y = _digits_answers()
    assert quiz.check_challenge_00(lambda x: y, lecture_accuracy=0.95)
    assert not quiz.check_challenge_00(lambda x: np.zeros(len(x)), lecture_accuracy=0.95)
    assert quiz.check_challenge_02(lambda x: np.eye(10)[y], lecture_accuracy=0.969)
    assert not quiz.check_challenge_02(lambda x: (y + 1) % 10, lecture_accuracy=0.969)
    verdict = quiz.check_challenge_02(FakeModel({len(y): y}))   # a library model is not the challenge
    assert not verdict and "NumPy" in verdict.message


def test_challenge_01_trains_a_perceptron_on_the_students_features(capsys):
    assert quiz.check_challenge_01(lambda X: np.c_[X, X[:, 0] * X[:, 1]], lecture_accuracy=0.75)
    assert "0.75" in capsys.readouterr().out
    assert not quiz.check_challenge_01(lambda X: X, lecture_accuracy=0.75)
    assert not quiz.check_challenge_01(lambda X: np.c_[X, np.full(len(X), np.nan)])
    assert not quiz.check_challenge_01(lambda X: np.ones((len(X), 50)))   # more than 10 features


def test_challenges_03_and_05_check_accuracy_and_parameter_budget(capsys):
    _, (_, y) = datasets.load_fashion_mnist()
    assert quiz.check_challenge_03(FakeModel({len(y): y}, 200_000), lecture_accuracy=0.894, lecture_params=235_146)
    assert "235,146" in capsys.readouterr().out
    assert not quiz.check_challenge_03(FakeModel({len(y): y}, 400_000), lecture_accuracy=0.894)
    assert not quiz.check_challenge_03(FakeModel({len(y): (y + 1) % 10}), lecture_accuracy=0.894)
    assert quiz.check_challenge_05(FakeModel({len(y): y}, 90_000), lecture_accuracy=0.93, lecture_params=420_000)
    assert not quiz.check_challenge_05(FakeModel({len(y): y}, 420_000), lecture_accuracy=0.93)


def test_challenge_with_a_model_of_the_wrong_input_shape_gets_feedback():
    import keras

    model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(10, activation="softmax")])
    for checker in ("check_challenge_00", "check_challenge_03", "check_challenge_05"):
        verdict = getattr(quiz, checker)(model)
        assert not verdict and HANGUL.search(verdict.message)


def test_challenge_04_compares_the_gap_on_the_students_data():
    y_train, y_val = np.arange(100) % 10, np.arange(50) % 10
    x_train, x_val = np.zeros((100, 28, 28)), np.zeros((50, 28, 28))
    small_gap = FakeModel({100: y_train, 50: np.where(np.arange(50) < 48, y_val, 0)})
    assert quiz.check_challenge_04(small_gap, (x_train, y_train), (x_val, y_val), lecture_gap=0.15,
                                   lecture_val_accuracy=0.81)
    big_gap = FakeModel({100: y_train, 50: np.where(np.arange(50) < 40, y_val, (y_val + 1) % 10)})
    assert not quiz.check_challenge_04(big_gap, (x_train, y_train), (x_val, y_val), lecture_gap=0.15,
                                       lecture_val_accuracy=0.81)
    assert not quiz.check_challenge_04(small_gap)   # the lecture's data: its lengths are unknown to the fake
