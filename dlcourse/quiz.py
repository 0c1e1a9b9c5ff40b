"""Self-check questions (연습문제) and checks for coding exercises.

Questions show themselves in the notebook (and in the slide decks) with the answer hidden
behind a "정답 확인" fold; ``quiz.check(number, response)`` gives feedback on a student's answer.

Coding exercises follow one pattern: the notebook gives a function skeleton whose body
raises ``NotImplementedError``; a ``check_*`` function runs it against the reference in
:mod:`dlcourse.solutions` and says what is wrong. An untouched skeleton gets a hint, not an
exception, so "Run All" (and CI) passes while the exercise is still open.
"""

import ast
import base64
import copy
import functools
import html
import re

import numpy as np

from dlcourse import datasets, solutions

CIRCLED = "①②③④⑤⑥⑦⑧⑨"
SHOW_ANSWERS = True  # the student edition (python -m dlcourse.release) sets False: no "정답 확인" fold


def hidden(token):
    """A quiz answer or explanation that the student edition stores base64-encoded, out of sight."""
    try:
        return ast.literal_eval(base64.b64decode(token, validate=True).decode("utf-8"))
    except (ValueError, SyntaxError, UnicodeDecodeError) as error:
        raise ValueError(f"hidden(): {token!r} is not an encoded answer; rebuild the student edition") from error


class Verdict:
    """The outcome of a check: true when correct. Its feedback was already printed, so the
    notebook shows no extra ``Out[n]`` line for it."""

    def __init__(self, ok, message):
        self.ok = bool(ok)
        self.message = message
        print(message)

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return self.message

    def _ipython_display_(self):
        pass


class Question:
    """Base class: ``prompt`` plus an ``explanation`` shown with the answer."""

    kind = ""

    def __init__(self, prompt, explanation=""):
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError("a question needs a non-empty prompt string")
        self.prompt = prompt
        self.explanation = explanation

    def is_correct(self, response):
        raise NotImplementedError

    def answer_text(self):
        raise NotImplementedError

    def body_text(self):
        return ""

    def format_problem(self, response):
        """Korean feedback when ``response`` (never None) is not a valid kind of answer, else None."""
        return None

    def check(self, response):
        """Print feedback for ``response``; the returned :class:`Verdict` is true when correct.

        Never raises: an answer of the wrong kind gets feedback on how to write it.
        """
        if response is None:
            problem = "답이 비어 있습니다(None). 답을 적어 넣으세요."
        else:
            problem = self.format_problem(response)
        if problem:
            return Verdict(False, f"❓ {problem}")
        try:
            correct = self.is_correct(response)
        except Exception:  # an odd object: treat as a wrong answer, not a crash
            correct = False
        if correct:
            return Verdict(True, f"✅ 정답입니다. {self.explanation}".strip())
        return Verdict(False, f"❌ 다시 생각해 보세요. ({response!r}은(는) 정답이 아닙니다.)")


class MultipleChoice(Question):
    """A multiple-choice question; ``answer`` is the 1-based number of the right option."""

    kind = "객관식"

    def __init__(self, prompt, options, answer, explanation=""):
        super().__init__(prompt, explanation)
        if not 2 <= len(options) <= len(CIRCLED):
            raise ValueError(f"give 2 to {len(CIRCLED)} options, got {len(options)}")
        if answer not in range(1, len(options) + 1):
            raise ValueError(f"answer is the 1-based number of the right option (1..{len(options)}), got {answer!r}")
        self.options = list(options)
        self.answer = answer

    def format_problem(self, response):
        n = len(self.options)
        hint = f"보기 번호 1~{n}(또는 ①~{CIRCLED[n - 1]})로 답하세요."
        if isinstance(response, str):
            text = response.strip()
            if (len(text) == 1 and text in CIRCLED[:n]) or (text.isascii() and text.isdigit() and 1 <= int(text) <= n):
                return None
            return f"'{response}'은(는) 보기 번호가 아닙니다. {hint}"
        if isinstance(response, (bool, np.bool_)) or not isinstance(response, (int, np.integer)):
            return f"{type(response).__name__} 값은 답이 될 수 없습니다. {hint}"
        if not 1 <= response <= n:
            return f"보기는 {n}개입니다. {hint}"
        return None

    def is_correct(self, response):
        if isinstance(response, str):
            response = response.strip()
            if response in CIRCLED:
                response = CIRCLED.index(response) + 1
            elif response.isascii() and response.isdigit():
                response = int(response)
        return response == self.answer

    def body_text(self):
        return "\n".join(f"{CIRCLED[i]} {opt}" for i, opt in enumerate(self.options))

    def answer_text(self):
        return f"{CIRCLED[self.answer - 1]} {self.options[self.answer - 1]}"


class TrueFalse(Question):
    """An O/X question; ``answer`` is True for O and False for X."""

    kind = "O/X"

    def __init__(self, prompt, answer, explanation=""):
        super().__init__(prompt, explanation)
        if not isinstance(answer, bool):
            raise ValueError(f"answer must be True (O) or False (X), got {answer!r}")
        self.answer = answer

    def format_problem(self, response):
        hint = "O/X 문제입니다. 'O' 또는 'X'(또는 True / False)로 답하세요."
        if isinstance(response, str):
            return None if response.strip().upper() in ("O", "X") else f"'{response}'은(는) O/X가 아닙니다. {hint}"
        if isinstance(response, (bool, np.bool_)) or (isinstance(response, (int, np.integer)) and response in (0, 1)):
            return None
        return f"{type(response).__name__} 값 {response!r}은(는) 답이 될 수 없습니다. {hint}"

    def is_correct(self, response):
        if isinstance(response, str):
            normalized = response.strip().upper()
            if normalized not in ("O", "X"):
                return False
            response = normalized == "O"
        return response is self.answer or response == self.answer

    def answer_text(self):
        return "O" if self.answer else "X"


class ShortAnswer(Question):
    """A short-answer question; any string in ``answers`` (case and spaces ignored), or a number."""

    kind = "단답형"

    def __init__(self, prompt, answers, explanation="", tolerance=1e-6):
        super().__init__(prompt, explanation)
        if isinstance(answers, (str, int, float)):
            answers = [answers]
        if not answers:
            raise ValueError("give at least one accepted answer")
        self.answers = list(answers)
        self.tolerance = tolerance

    def format_problem(self, response):
        allowed = (str, int, float, np.integer, np.floating)
        if isinstance(response, (bool, np.bool_)) or not isinstance(response, allowed):
            return f"{type(response).__name__} 값은 답이 될 수 없습니다. 단답형 문제입니다. 숫자나 짧은 글로 답하세요."
        if isinstance(response, str) and not response.strip():
            return "답이 비어 있습니다. 숫자나 짧은 글로 답하세요."
        return None

    def is_correct(self, response):
        for accepted in self.answers:
            if isinstance(accepted, (int, float)):
                try:
                    if abs(float(response) - accepted) <= self.tolerance * max(1.0, abs(accepted)):
                        return True
                except (TypeError, ValueError):
                    continue
            elif _norm(response) == _norm(accepted):
                return True
        return False

    def answer_text(self):
        return " / ".join(str(a) for a in self.answers)


class Quiz:
    """Numbered questions shown together; ``check(number, response)`` grades one of them."""

    def __init__(self, title, questions):
        if not questions or not all(isinstance(q, Question) for q in questions):
            raise ValueError("Quiz needs a non-empty list of MultipleChoice / TrueFalse / ShortAnswer")
        self.title = title
        self.questions = list(questions)

    def check(self, number, response):
        """Feedback on the answer to question ``number`` (1-based); a wrong question number or
        an answer of the wrong kind gets Korean feedback (a false :class:`Verdict`), never an exception."""
        n = len(self.questions)
        if isinstance(number, (bool, np.bool_)) or not isinstance(number, (int, np.integer)):
            return Verdict(False, f"❓ 문제 번호는 1~{n} 사이의 정수로 적으세요 ({number!r}을(를) 받았습니다). "
                                  "예: check(1, 답)")
        if not 1 <= number <= n:
            return Verdict(False, f"❓ 이 확인 문제는 1~{n}번까지 있습니다. {number}번 문제는 없습니다.")
        return self.questions[int(number) - 1].check(response)

    def __repr__(self):
        lines = [self.title]
        for i, q in enumerate(self.questions, 1):
            lines.append(f"{i}. [{q.kind}] {q.prompt}")
            if q.body_text():
                lines.append(q.body_text())
        return "\n".join(lines)

    def _repr_html_(self):
        parts = [f"<h4>{html.escape(self.title)}</h4><ol>"]
        for q in self.questions:
            body = html.escape(q.body_text()).replace("\n", "<br>")
            parts.append(
                f"<li><b>[{q.kind}]</b> {html.escape(q.prompt)}"
                + (f"<br>{body}" if body else "")
                + (f"<details><summary>정답 확인</summary><b>{html.escape(q.answer_text())}</b>"
                   + (f" — {html.escape(q.explanation)}" if q.explanation else "") + "</details>"
                   if SHOW_ANSWERS else "")
                + "</li>"
            )
        parts.append("</ol>")
        return "".join(parts)


def check_function(student, reference, cases, name=None, atol=1e-6):
    """Compare ``student`` with ``reference`` on each argument tuple in ``cases``.

    Prints what is wrong (not a function, not implemented, an exception, no return value, a
    value of the wrong type, a shape or a value that differs) or that every case passed; the
    returned :class:`Verdict` is true only when all pass. It never raises for a wrong answer:
    a student's mistake becomes feedback, so "Run All" goes on.
    """
    name = name or getattr(reference, "__name__", "function")
    if not callable(student):
        return not_a_function(student, name)
    for args in cases:
        reference_out = reference(*args)
        expected = np.asarray(reference_out)
        try:
            got = student(*_copy_args(args))   # a copy: a student's in-place change stays local
        except NotImplementedError:
            return Verdict(False, f"⏳ {name}: 아직 구현하지 않았습니다. "
                                  "함수 본문의 `raise NotImplementedError`를 지우고 채워 보세요.")
        except AnswerFormatError as exc:   # a checker's wrapper found a malformed return value
            return Verdict(False, f"❌ {name}{_describe(args)}: {exc}")
        except Exception as exc:  # a student's bug: report it instead of crashing the notebook
            return Verdict(False, f"❌ {name}{_describe(args)} 실행 중 오류: {type(exc).__name__}: {exc}")
        problem = _mismatch(got, expected, atol)
        if isinstance(reference_out, tuple) and got is not None and not (
                isinstance(got, (tuple, list)) and len(got) == len(reference_out)):
            problem = (f"값 {len(reference_out)}개를 튜플로 반환해야 합니다"
                       f"(예: return {', '.join('abc'[:len(reference_out)])}). {type(got).__name__} 값을 받았습니다.")
        if problem:
            return Verdict(False, f"❌ {name}{_describe(args)}: {problem}")
    return Verdict(True, f"✅ {name}: {len(cases)}개 테스트를 모두 통과했습니다.")


class AnswerFormatError(ValueError):
    """Raised by a checker's wrapper when a student's return value has the wrong form; its
    (Korean) message is shown as the feedback."""


def not_a_function(student, name):
    """The feedback for a checker given something that is not a function."""
    return Verdict(False, f"❌ {name}: 함수를 넘기세요. 받은 것은 함수가 아니라 {type(student).__name__} 값입니다. "
                          f"함수를 호출한 결과가 아니라 함수 자체를 괄호 없이 넘깁니다: check_…({name}).")


def _copy_args(args):
    """Copies of the array and container arguments (other objects, e.g. models, are passed as they are)."""
    copies = []
    for arg in args:
        if isinstance(arg, np.ndarray):
            arg = arg.copy()
        elif isinstance(arg, (list, tuple, dict)):
            try:
                arg = copy.deepcopy(arg)
            except Exception:  # an uncopyable element: pass the original
                pass
        copies.append(arg)
    return copies


def _mismatch(got, expected, atol):
    """Korean description of how ``got`` differs from ``expected``, or None when they match."""
    if got is None:
        return "아무것도 반환하지 않았습니다(None). return 문을 확인하세요."
    if isinstance(got, (str, bytes)):
        return f"문자열 {got!r}을(를) 반환했습니다. 문자열이 아니라 숫자나 NumPy 배열을 반환하세요."
    if isinstance(got, dict):
        return "딕셔너리(dict)를 반환했습니다. 숫자나 NumPy 배열을 반환하세요."
    try:
        with np.errstate(all="ignore"):
            got = np.asarray(got)
            if expected.dtype.kind in "biuf" and got.dtype.kind in "biuO":
                got = got.astype(float)
    except Exception:
        return (f"결과({type(got).__name__})를 숫자 배열로 바꿀 수 없습니다. 길이가 서로 다른 리스트"
                "(ragged list)나 숫자가 아닌 값이 섞여 있지 않은지 확인하세요.")
    if got.dtype.kind in "USO" and expected.dtype.kind not in "USO":
        return f"숫자가 아닌 값({got.dtype})이 들어 있습니다. 숫자나 NumPy 배열을 반환하세요."
    if got.shape != expected.shape:
        return f"결과 shape {got.shape}, 기대한 shape {expected.shape}."
    if expected.dtype.kind not in "biufc":   # not numbers: compare for equality only
        return None if np.array_equal(got, expected) else "결과가 기대한 값과 다릅니다."
    if got.dtype.kind == "c" and expected.dtype.kind != "c":
        return "복소수(complex)가 나왔습니다. 실수 결과를 반환하세요."
    with np.errstate(all="ignore"):
        bad_nan = np.isnan(got) & ~np.isnan(expected)
        if bad_nan.any():
            where = np.unravel_index(np.argmax(bad_nan), got.shape) if got.shape else ()
            return (f"위치 {tuple(int(i) for i in where)}에 NaN이 있습니다(기대값 {expected[where].tolist()!r}). "
                    "0으로 나누기나 log(0) 같은 계산이 있는지 확인하세요.")
        if np.allclose(got, expected, atol=atol, rtol=1e-5, equal_nan=True):
            return None
        diff = np.where(np.isnan(expected), 0.0, np.abs(got - expected))
        diff = np.where(np.isnan(diff), np.inf, diff)
        where = np.unravel_index(np.argmax(diff), got.shape) if got.shape else ()
    return f"위치 {tuple(int(i) for i in where)}에서 {got[where].tolist()!r} (기대값 {expected[where].tolist()!r})."


def _describe(args):
    def describe(arg):
        try:
            return f"shape {np.shape(arg)}" if np.ndim(arg) else repr(arg)
        except ValueError:   # e.g. a tuple of weight arrays of different shapes
            return type(arg).__name__
    return "(" + ", ".join(describe(a) for a in args) + ")"


def _norm(text):
    return "".join(str(text).split()).lower()


# ---- lectures 00-05: second exercises and challenges ----

def _known_mistake(fn, cases, mistakes):
    """The hint of the first ``(wrong_function, hint)`` in ``mistakes`` that ``fn`` matches on
    every case (where the wrong function differs from the reference), else None; never raises."""
    for wrong, hint in mistakes:
        try:
            if all(_same(fn(*_copy_args(args)), wrong(*_copy_args(args))) for args in cases):
                return hint
        except Exception:  # a crash or a malformed answer: left to check_function's feedback
            continue
    return None


def _same(a, b):
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    with np.errstate(all="ignore"):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape == b.shape and np.allclose(a, b, atol=1e-6)


def _check_parts(fn, reference, cases, name, labels, mistakes=()):
    """``check_function`` for a function returning the tuple ``labels``, one part at a time."""
    if not callable(fn):
        return not_a_function(fn, name)
    hint = _known_mistake(fn, cases, mistakes)
    if hint:
        return Verdict(False, f"❌ {name}: {hint}")

    def part(function, k):
        def pick(*args):
            out = function(*args)
            if out is None:
                return None
            if not isinstance(out, (tuple, list)) or len(out) != len(labels):
                raise AnswerFormatError(f"{type(out).__name__} 값을 반환했습니다. 값 {len(labels)}개를 "
                                        f"튜플로 반환하세요: return {', '.join(labels)}")
            return np.asarray(out[k])
        return pick

    for k, label in enumerate(labels):
        verdict = check_function(part(fn, k), part(reference, k), cases, name=f"{name} → {label}")
        if not verdict:
            return verdict
    return verdict


def _check_with_hints(fn, reference, cases, name, mistakes, atol=1e-6):
    """``check_function`` that first names a typical mistake when ``fn`` makes it."""
    if not callable(fn):
        return not_a_function(fn, name)
    hint = _known_mistake(fn, cases, mistakes)
    if hint:
        return Verdict(False, f"❌ {name}: {hint}")
    return check_function(fn, reference, cases, name=name, atol=atol)


def check_confusion_matrix(fn):
    """Lecture 00: ``fn(y_true, y_pred, n_classes)`` returns the confusion matrix (rows: true)."""
    rng = np.random.default_rng(0)
    cases = [([0, 1, 2, 2, 1], [0, 2, 2, 1, 1], 3), ([1, 1, 0], [1, 1, 1], 2),
             ([0, 2, 2], [0, 0, 2], 4),   # class 1 and 3 never occur
             (rng.integers(0, 5, 50), rng.integers(0, 5, 50), 5)]
    mistakes = [(lambda t, p, n: solutions.confusion_matrix(p, t, n),
                 "행과 열이 바뀌었습니다. 행(i)은 정답 클래스, 열(j)은 예측 클래스입니다."),
                (lambda t, p, n: solutions.confusion_matrix(t, p, n) > 0,
                 "칸에는 있다/없다가 아니라 개수를 세어야 합니다(같은 칸에 여러 샘플이 올 수 있습니다).")]
    return _check_with_hints(fn, solutions.confusion_matrix, cases, "confusion_matrix", mistakes)


def check_multiclass_perceptron_update(fn):
    """Lecture 01: ``fn(W, x, target, lr)`` is one multiclass perceptron step (one row per class)."""
    rng = np.random.default_rng(1)
    W = np.array([[0.5, -0.2, 0.1], [-0.3, 0.4, 0.0], [0.1, 0.1, -0.2]])
    cases = [(W, np.array([1.0, 0.0]), 1, 0.1),     # predicts 0: row 1 up, row 0 down
             (W, np.array([1.0, 0.0]), 0, 0.1),     # right: no change
             (W, np.array([-1.0, 2.0]), 2, 0.5),
             (np.zeros((3, 3)), np.array([2.0, -1.0]), 2, 1.0),   # a tie: argmax takes class 0
             (rng.normal(size=(4, 5)), rng.normal(size=4), 3, 0.2)]
    only_target = "틀렸을 때 정답 클래스의 행만 올렸습니다. 잘못 예측한 클래스의 행은 같은 양만큼 내려야 합니다."

    def raise_target_only(W, x, target, lr):
        W = np.array(W, dtype=float)
        x1 = np.append(x, 1.0)
        if int(np.argmax(W @ x1)) != target:
            W[target] += lr * x1
        return W

    def no_bias(W, x, target, lr):
        W = np.array(W, dtype=float)
        x1 = np.append(x, 0.0)
        predicted = int(np.argmax(W[:, :-1] @ np.asarray(x)))
        if predicted != target:
            W[target] += lr * x1
            W[predicted] -= lr * x1
        return W

    mistakes = [(raise_target_only, only_target),
                (no_bias, "편향을 빠뜨렸습니다. 각 행의 마지막 값은 편향이므로 입력 끝에 1을 붙여 "
                          "[x, 1]로 계산하세요.")]
    return _check_with_hints(fn, solutions.multiclass_perceptron_update, cases,
                             "multiclass_perceptron_update", mistakes)


def check_swish_derivative(fn):
    """Lecture 02: ``fn(z)`` returns the derivative of swish ``z σ(z)`` element by element."""
    cases = [(np.array(0.0),), (np.array([-2.0, 0.0, 2.0]),), (np.linspace(-6, 6, 13),),
             (np.array([[1.0, -1.0], [3.0, 0.5]]),)]
    sig = solutions.sigmoid
    mistakes = [(lambda z: solutions.sigmoid_derivative(z),
                 "시그모이드의 도함수 σ(1−σ)만 구했습니다. swish는 z와 σ(z)의 곱이므로 곱의 미분이 필요합니다."),
                (lambda z: np.asarray(z) * solutions.sigmoid_derivative(z),
                 "곱의 미분 (fg)′ = f′g + fg′에서 f′g 항(1 · σ(z))이 빠졌습니다."),
                (lambda z: sig(np.asarray(z, dtype=float)),
                 "σ(z)는 swish의 도함수의 한 항일 뿐입니다. z · σ′(z) 항도 더하세요.")]
    return _check_with_hints(fn, solutions.swish_derivative, cases, "swish_derivative", mistakes)


def check_tanh_layer_backward(fn):
    """Lecture 02: ``fn(d_out, x, W, b)`` returns ``(dx, dW, db)`` of ``out = tanh(x @ W + b)``."""
    rng = np.random.default_rng(2)
    cases = [(np.array([[1.0, -1.0]]), np.array([[0.5, -0.5, 1.0]]), np.array([[0.2, -0.1], [0.4, 0.3], [-0.5, 0.1]]),
              np.array([0.1, -0.2]))]
    for n, n_in, n_out in [(4, 3, 2), (10, 5, 4)]:
        cases.append((rng.normal(size=(n, n_out)), rng.normal(size=(n, n_in)), rng.normal(0, 0.5, (n_in, n_out)),
                      rng.normal(0, 0.5, n_out)))

    def forgot_tanh(d_out, x, W, b):
        return d_out @ W.T, x.T @ d_out, d_out.sum(axis=0)

    def tanh_of_z_grad(d_out, x, W, b):   # 1 − z² instead of 1 − tanh(z)²
        dz = d_out * (1 - (x @ W + b) ** 2)
        return dz @ W.T, x.T @ dz, dz.sum(axis=0)

    def mean_db(d_out, x, W, b):
        dx, dW, db = solutions.tanh_layer_backward(d_out, x, W, b)
        return dx, dW, db / len(x)

    mistakes = [(forgot_tanh, "tanh를 거꾸로 지나는 단계가 빠졌습니다. 먼저 dz = d_out ⊙ tanh′(z)를 구하세요."),
                (tanh_of_z_grad, "tanh′(z) = 1 − tanh(z)²입니다. 1 − z²가 아닙니다."),
                (mean_db, "db는 배치에 대한 평균이 아니라 합입니다(평균의 1/N은 이미 d_out에 들어 있습니다).")]
    return _check_parts(fn, solutions.tanh_layer_backward, cases, "tanh_layer_backward", ("dx", "dW", "db"),
                        mistakes)


def check_layer_stack_summary(fn):
    """Lecture 03: ``fn(input_shape, layers)`` returns ``(output_shape, n_params)`` of a Keras stack."""
    cases = [((4,), [("dense", 5), ("dense", 3)]),
             ((28, 28), [("flatten",), ("dense", 100), ("dropout", 0.5), ("dense", 10)]),
             ((28, 28), [("dense", 32)]),                  # Dense acts on the last axis
             ((10,), [("dense", 8), ("batchnorm",), ("dense", 1)]),
             ((8, 8, 3), [("flatten",), ("batchnorm",), ("dropout", 0.2), ("dense", 4)]),
             ((5, 6), [("dense", 7), ("flatten",), ("dense", 2)])]

    def flatten_first(shape, layers):
        return solutions.layer_stack_summary((int(np.prod(shape)),), layers)

    def bn_two(shape, layers):
        out, params = solutions.layer_stack_summary(shape, layers)
        for kind, *_ in layers:
            if kind == "batchnorm":
                return out, params - 2 * solutions.layer_stack_summary(shape, layers[:layers.index((kind,))])[0][-1]
        return out, params

    mistakes = [(flatten_first, "Dense 층은 입력을 펼치지 않습니다. 마지막 축에만 작용하므로 (28, 28) 입력에 "
                                "Dense(32)를 쓰면 출력은 (28, 32)이고, 가중치는 28 x 32 + 32개입니다."),
                (bn_two, "배치 정규화는 특징마다 학습하는 γ, β 두 개에 더해 이동 평균과 이동 분산 두 개를 더 저장합니다"
                         "(summary의 Param #는 특징마다 4개).")]
    return _check_parts(fn, solutions.layer_stack_summary, cases, "layer_stack_summary",
                        ("output_shape", "n_params"), mistakes)


def check_adam_step(fn):
    """Lecture 04: ``fn(w, m, s, grad, t, lr, beta1, beta2, eps)`` returns ``(w, m, s)`` after one Adam step."""
    rng = np.random.default_rng(4)
    cases = [(np.array([1.0, -2.0]), np.zeros(2), np.zeros(2), np.array([0.5, -1.0]), 1, 0.1, 0.9, 0.999, 1e-7),
             (np.array([1.0, -2.0]), np.array([0.1, -0.2]), np.array([0.01, 0.04]), np.array([0.5, -1.0]), 3,
              0.01, 0.9, 0.999, 1e-7),
             (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.random((3, 4)), rng.normal(size=(3, 4)), 10,
              0.001, 0.8, 0.99, 1e-7),
             (np.array([2.0]), np.array([0.0]), np.array([0.0]), np.array([0.0]), 1, 0.5, 0.9, 0.999, 1e-7)]

    def no_correction(w, m, s, g, t, lr, b1, b2, eps):
        m, s = b1 * m + (1 - b1) * g, b2 * s + (1 - b2) * g ** 2
        return w - lr * m / (np.sqrt(s) + eps), m, s

    def sign_flipped(w, m, s, g, t, lr, b1, b2, eps):
        w_new, m_new, s_new = solutions.adam_step(w, m, s, g, t, lr, b1, b2, eps)
        return 2 * np.asarray(w) - w_new, m_new, s_new

    mistakes = [(no_correction, "편향 보정이 빠졌습니다. m과 s는 0에서 시작하므로 t번째 걸음에서 (1 − β^t)로 나눠야 "
                                "기울기의 크기를 제대로 추정합니다(저장하는 m, s는 보정 전의 값입니다)."),
                (sign_flipped, "가중치가 기울기 방향으로 움직였습니다. 경사 하강법은 기울기의 반대 방향으로 갑니다.")]
    return _check_parts(fn, solutions.adam_step, cases, "adam_step", ("w", "m", "s"), mistakes)


def check_conv2d_multichannel(fn):
    """Lecture 05: ``fn(image, kernels, bias)`` is a 'valid' stride-1 Conv2D (H, W, C_in) → (H', W', C_out)."""
    rng = np.random.default_rng(5)
    cases = [(np.ones((3, 3, 2)), np.ones((2, 2, 2, 1)), np.zeros(1)),
             (rng.normal(size=(5, 5, 3)), rng.normal(size=(3, 3, 3, 2)), np.array([0.5, -1.0])),
             (rng.normal(size=(6, 4, 2)), rng.normal(size=(2, 3, 2, 4)), rng.normal(size=4)),
             (rng.normal(size=(4, 4, 1)), rng.normal(size=(3, 3, 1, 3)), np.zeros(3))]

    def first_channel(image, kernels, bias):
        image, kernels = np.asarray(image), np.asarray(kernels)
        return solutions.conv2d_multichannel(image[..., :1], kernels[:, :, :1], bias)

    def flipped(image, kernels, bias):
        return solutions.conv2d_multichannel(image, np.asarray(kernels)[::-1, ::-1], bias)

    mistakes = [(first_channel, "입력 채널 하나만 썼습니다. 출력 채널마다 모든 입력 채널의 곱을 더합니다."),
                (flipped, "필터를 뒤집었습니다. 딥러닝의 '합성곱'은 뒤집지 않는 교차 상관입니다."),
                (lambda image, kernels, bias: solutions.conv2d_multichannel(image, kernels, np.zeros_like(bias)),
                 "편향(bias)을 더하지 않았습니다. 출력 채널 o에 bias[o]를 더하세요.")]
    return _check_with_hints(fn, solutions.conv2d_multichannel, cases, "conv2d_multichannel", mistakes)


# Challenges (도전 과제): the checker measures the student's own result and shows the lecture's beside it.

def _not_started(title, what, target):
    return Verdict(False, f"⏳ {title}: 아직 도전하지 않았습니다 — {what} 목표: {target}")


def _labels_from(out, n):
    """Class labels from a model's output (labels, or one score per class)."""
    if out is None:
        raise AnswerFormatError("아무것도 반환하지 않았습니다(None). 예측한 레이블이나 확률을 반환하세요.")
    if isinstance(out, (str, bytes, dict)):
        raise AnswerFormatError(f"{type(out).__name__} 값을 반환했습니다. 예측한 레이블이나 확률 배열을 반환하세요.")
    with np.errstate(all="ignore"):
        out = np.asarray(out)
        if out.dtype.kind not in "biuf":
            raise AnswerFormatError(f"숫자가 아닌 값({out.dtype})을 반환했습니다. 레이블이나 확률 배열을 반환하세요.")
        if out.ndim == 2 and out.shape[1] > 1:
            out = out.argmax(axis=1)
        out = out.reshape(-1) if out.ndim == 2 else out
    if out.shape != (n,):
        raise AnswerFormatError(f"예측의 shape이 {out.shape}입니다. 샘플 {n}개의 레이블 (n,)이나 확률 (n, 클래스 수)를 "
                                "반환하세요.")
    if not np.all(np.isfinite(out)):
        raise AnswerFormatError("예측에 NaN이나 무한대가 있습니다. 학습이 발산하지 않았는지 확인하세요.")
    return out


def _predict(model, inputs):
    """Labels predicted by ``model`` (a Keras/scikit-learn model or a function) on the first input
    form in ``inputs`` (``(description, array)`` pairs) it accepts; returns ``(labels, description)``."""
    first_error = None
    for description, x in inputs:
        try:
            if hasattr(model, "predict"):
                try:
                    out = model.predict(x, verbose=0)
                except TypeError:
                    out = model.predict(x)
            else:
                out = model(x)
            return _labels_from(out, len(x)), description
        except (NotImplementedError, AnswerFormatError):
            raise
        except Exception as exc:  # a wrong input shape: try the next form
            first_error = first_error or exc
    raise AnswerFormatError(f"입력 {inputs[0][0]}에서 실행 중 오류: {type(first_error).__name__}: "
                            f"{str(first_error)[:200]}")


def _challenge(title, measure):
    """Run ``measure()`` (returns a Verdict) and turn any error into feedback."""
    try:
        return measure()
    except NotImplementedError:
        return Verdict(False, f"⏳ {title}: 아직 구현하지 않았습니다. "
                              "`raise NotImplementedError`를 지우고 채워 보세요.")
    except AnswerFormatError as exc:
        return Verdict(False, f"❌ {title}: {exc}")
    except Exception as exc:  # anything else the student's object does: feedback, never a crash
        return Verdict(False, f"❌ {title}: 실행 중 오류: {type(exc).__name__}: {str(exc)[:200]}")


def _fmt(value, digits=4):
    return "기록 없음" if value is None else (f"{value:,}" if isinstance(value, (int, np.integer))
                                            else f"{float(value):.{digits}f}")


def _report(title, ok, rows, advice):
    """A verdict with a small table 'your result vs the lecture's'."""
    lines = [f"{'🏆' if ok else '❌'} {title}: {'목표 달성!' if ok else '아직 목표에 못 미칩니다.'}"]
    lines += [f"   {name}: 내 결과 {mine} | 강의 {lecture}" for name, mine, lecture in rows]
    if not ok:
        lines.append(f"   {advice}")
    return Verdict(ok, "\n".join(lines))


def _need_callable(model, title, what):
    if callable(model) or hasattr(model, "predict"):
        return None
    return Verdict(False, f"❌ {title}: {what}을(를) 넘기세요. 받은 것은 {type(model).__name__} 값입니다. "
                          "함수를 넘기세요(호출한 결과가 아니라 괄호 없이).")


def _digits_test():
    _, (x_test, y_test) = datasets.load_digits(test_size=0.2)
    return x_test, y_test


def check_challenge_00(predict, lecture_accuracy=None):
    """Lecture 00 challenge: a digits classifier with test accuracy ≥ 0.97 (and above the lecture's)."""
    title, target = "도전 과제 00", "손글씨 숫자 테스트 정확도 0.97 이상(강의의 신경망보다 높게)"
    if predict is None:
        return _not_started(title, "`my_predict`에 예측 함수나 모델을 넣고 다시 실행하세요.", target)
    problem = _need_callable(predict, title, "테스트 이미지를 받아 레이블을 돌려주는 예측 함수(또는 모델)")
    if problem is not None:
        return problem

    def measure():
        x, y = _digits_test()
        flat = x.reshape(len(x), -1).astype("float32")
        labels, used = _predict(predict, [("(360, 8, 8) 원래 픽셀 0~16", x), ("(360, 64)", flat),
                                          ("(360, 64) / 16", flat / 16)])
        acc = float(np.mean(labels == y))
        ok = acc >= max(0.97, lecture_accuracy or 0)
        return _report(title, ok, [("테스트 정확도", f"{acc:.4f} (입력 {used})", _fmt(lecture_accuracy, 3))],
                       "k-최근접 이웃(k-NN), 로지스틱 회귀, 더 큰 은닉층을 시험해 보세요. 판단은 검증 데이터로 합니다.")
    return _challenge(title, measure)


def _xor_cloud(n, seed):
    """Noisy XOR: points around the four corners of the unit square, label x1 XOR x2."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, (n, 2))
    return corners + rng.normal(0, 0.12, (n, 2)), (corners[:, 0] ^ corners[:, 1]).astype(float)


def _perceptron_fit_score(features, y_train, f_test, y_test, epochs=30, lr=0.1, seed=0):
    w, b, rng = np.zeros(features.shape[1]), 0.0, np.random.default_rng(seed)
    for _ in range(epochs):
        for i in rng.permutation(len(features)):
            error = y_train[i] - float(features[i] @ w + b >= 0)
            w, b = w + lr * error * features[i], b + lr * error
    return float(np.mean((f_test @ w + b >= 0) == y_test))


def check_challenge_01(xor_features, lecture_accuracy=None):
    """Lecture 01 challenge: features that let a single perceptron classify noisy XOR (≥ 0.95)."""
    title, target = "도전 과제 01", "퍼셉트론 하나로 잡음 섞인 XOR 테스트 정확도 0.95 이상(특징은 10개 이하)"
    if xor_features is None:
        return _not_started(title, "`xor_features(X)`를 만들어 넘기세요.", target)
    if not callable(xor_features):
        return not_a_function(xor_features, "xor_features")

    def featurize(x):
        f = xor_features(x.copy())
        if f is None:
            raise AnswerFormatError("아무것도 반환하지 않았습니다(None). 특징 배열 (n, 특징 수)를 반환하세요.")
        if isinstance(f, (str, bytes, dict)):
            raise AnswerFormatError(f"{type(f).__name__} 값을 반환했습니다. 특징 배열 (n, 특징 수)를 반환하세요.")
        with np.errstate(all="ignore"):
            f = np.asarray(f, dtype=float)
        f = f.reshape(-1, 1) if f.ndim == 1 else f
        if f.ndim != 2 or len(f) != len(x) or not 1 <= f.shape[1] <= 10:
            raise AnswerFormatError(f"특징의 shape이 {f.shape}입니다. 점 {len(x)}개마다 특징 1~10개: "
                                    f"({len(x)}, k)를 반환하세요.")
        if not np.all(np.isfinite(f)):
            raise AnswerFormatError("특징에 NaN이나 무한대가 있습니다.")
        return f

    def measure():
        (x_train, y_train), (x_test, y_test) = _xor_cloud(400, 1), _xor_cloud(200, 2)
        acc = _perceptron_fit_score(featurize(x_train), y_train, featurize(x_test), y_test)
        return _report(title, acc >= 0.95, [("XOR 테스트 정확도", f"{acc:.3f}", _fmt(lecture_accuracy, 2))],
                       "원래 입력 (x1, x2)로는 직선 하나가 0.75까지만 맞힙니다. 두 입력을 조합한 특징을 더해 보세요.")
    return _challenge(title, measure)


def check_challenge_02(predict, lecture_accuracy=None):
    """Lecture 02 challenge: a NumPy network (own backprop) on digits with test accuracy ≥ 0.975."""
    title, target = "도전 과제 02", "직접 만든 NumPy 신경망으로 손글씨 숫자 테스트 정확도 0.975 이상(강의보다 높게)"
    if predict is None:
        return _not_started(title, "`my_predict(x)`에 학습한 NumPy 신경망의 예측 함수를 넣으세요.", target)
    if hasattr(predict, "predict") or hasattr(predict, "count_params"):
        return Verdict(False, f"❌ {title}: Keras나 scikit-learn 모델이 아니라, 직접 만든 NumPy 신경망의 "
                              "예측 함수를 넘기세요(예: lambda x: forward(params, x)[0]).")
    if not callable(predict):
        return not_a_function(predict, "my_predict")

    def measure():
        x, y = _digits_test()
        labels, _ = _predict(predict, [("(360, 64) 픽셀 / 16", x.reshape(len(x), -1) / 16.0)])
        acc = float(np.mean(labels == y))
        ok = acc >= max(0.975, lecture_accuracy or 0)
        return _report(title, ok, [("테스트 정확도", f"{acc:.4f}", _fmt(lecture_accuracy, 3))],
                       "은닉층을 넓히거나 하나 더 쌓고, 학습률·에포크·모멘텀을 검증 데이터로 골라 보세요.")
    return _challenge(title, measure)


def _fashion_test(channel=False):
    _, (x_test, y_test) = datasets.load_fashion_mnist()
    x = (x_test / 255.0).astype("float32")
    return (x[..., np.newaxis] if channel else x), y_test


def _param_count(model):
    if not hasattr(model, "count_params"):
        raise AnswerFormatError("파라미터 수를 셀 수 있도록 예측 함수가 아니라 Keras 모델(keras.Model)을 넘기세요.")
    return int(model.count_params())


NOT_AN_MLP = ("Conv", "LSTM", "GRU", "RNN", "Attention", "Pool")


def check_challenge_03(model, lecture_accuracy=None, lecture_params=None):
    """Lecture 03 challenge: a Fashion-MNIST MLP with ≤ 300,000 parameters beating 0.90 on the test set."""
    title = "도전 과제 03"
    target = "파라미터 300,000개 이하의 MLP로 Fashion-MNIST 테스트 정확도 0.90 이상(강의보다 높게)"
    if model is None:
        return _not_started(title, "`my_model`에 훈련한 Keras 모델을 넣으세요.", target)
    problem = _need_callable(model, title, "훈련한 Keras 모델")
    if problem is not None:
        return problem

    def measure():
        x, y = _fashion_test()
        labels, _ = _predict(model, [("(10000, 28, 28) 픽셀 / 255", x), ("(10000, 784)", x.reshape(len(x), -1))])
        n_params = _param_count(model)
        kinds = [type(layer).__name__ for layer in getattr(model, "layers", [])]
        banned = [k for k in kinds if any(word in k for word in NOT_AN_MLP)]
        if banned:
            raise AnswerFormatError(f"MLP(Dense 층) 과제입니다. {', '.join(banned)} 층은 5강 이후에 씁니다.")
        acc = float(np.mean(labels == y))
        ok = acc >= max(0.90, lecture_accuracy or 0) and n_params <= 300_000
        return _report(title, ok, [("테스트 정확도", f"{acc:.4f}", _fmt(lecture_accuracy)),
                                   ("파라미터 수", f"{n_params:,}", _fmt(lecture_params))],
                       "폭과 층 수, 드롭아웃·배치 정규화, 에포크와 학습률 일정을 검증 데이터로 골라 보세요.")
    return _challenge(title, measure)


def check_challenge_04(model, train_data=None, val_data=None, lecture_gap=None, lecture_val_accuracy=None):
    """Lecture 04 challenge: on the 1,000-image training set, a train–validation accuracy gap ≤ 0.06
    at a validation accuracy at least the lecture's unregularized model's. The data default to the
    lecture's: the first 1,000 training images and the last 5,000 as validation."""
    title = "도전 과제 04"
    target = "훈련 1,000장으로 훈련-검증 정확도 차이 0.06 이하, 검증 정확도는 강의의 기준 모델 이상"
    if model is None:
        return _not_started(title, "`my_model`에 규제를 넣어 x_tiny로 훈련한 Keras 모델을 넣으세요.", target)
    problem = _need_callable(model, title, "훈련한 Keras 모델")
    if problem is not None:
        return problem

    def measure():
        (x_train, y_train), _ = datasets.load_fashion_mnist()
        x_train = (x_train / 255.0).astype("float32")
        default_train, default_val = (x_train[:1000], y_train[:1000]), (x_train[-5000:], y_train[-5000:])
        accs = []
        for x, y in (train_data or default_train, val_data or default_val):
            x, y = np.asarray(x, dtype="float32"), np.asarray(y)
            labels, _ = _predict(model, [(f"{x.shape}", x)])
            accs.append(float(np.mean(labels == y)))
        gap = accs[0] - accs[1]
        ok = gap <= 0.06 and accs[1] >= (lecture_val_accuracy or 0)
        return _report(title, ok, [("검증 정확도", f"{accs[1]:.4f}", _fmt(lecture_val_accuracy)),
                                   ("훈련-검증 차이", f"{gap:.4f}", _fmt(lecture_gap))],
                       "드롭아웃·L2의 세기, 모델 크기, 조기 종료, 데이터 증강을 함께 조절해 보세요"
                       "(검증 정확도를 잃지 않게).")
    return _challenge(title, measure)


def check_challenge_05(model, lecture_accuracy=None, lecture_params=None):
    """Lecture 05 challenge: a Fashion-MNIST CNN with ≤ 100,000 parameters and test accuracy ≥ 0.93."""
    title, target = "도전 과제 05", "파라미터 100,000개 이하의 CNN으로 Fashion-MNIST 테스트 정확도 0.93 이상"
    if model is None:
        return _not_started(title, "`my_model`에 훈련한 Keras CNN을 넣으세요.", target)
    problem = _need_callable(model, title, "훈련한 Keras 모델")
    if problem is not None:
        return problem

    def measure():
        x, y = _fashion_test(channel=True)
        labels, _ = _predict(model, [("(10000, 28, 28, 1) 픽셀 / 255", x), ("(10000, 28, 28)", x[..., 0])])
        n_params = _param_count(model)
        acc = float(np.mean(labels == y))
        ok = acc >= 0.93 and n_params <= 100_000
        return _report(title, ok, [("테스트 정확도", f"{acc:.4f}", _fmt(lecture_accuracy)),
                                   ("파라미터 수", f"{n_params:,}", _fmt(lecture_params))],
                       "Flatten 뒤의 큰 Dense 층 대신 GlobalAveragePooling2D를, 필터 수와 블록 수를 바꿔 보세요.")
    return _challenge(title, measure)


def check_accuracy(fn):
    """Lecture 00: ``fn(y_true, y_pred)`` returns the share of equal labels."""
    cases = [([0, 1, 1, 0], [0, 1, 0, 0]), ([2, 2, 2], [2, 2, 2]), ([1, 0], [0, 1]),
             (np.arange(10) % 3, np.arange(10) % 2)]
    return check_function(fn, solutions.accuracy, cases, name="accuracy")


def check_dense_param_count(fn):
    """Lecture 03: ``fn(sizes)`` returns the parameter count of a dense net.

    Example: ``(4, 5, 10, 3)`` -> 118.
    """
    cases = [((4, 5, 10, 3),), ((784, 200, 10),), ((2, 1),), ((10, 10, 10, 10),),
             ((784, 256, 128, 10),)]
    return check_function(fn, solutions.dense_param_count, cases, name="dense_param_count")


def check_momentum_step(fn):
    """Lecture 04: ``fn(w, v, grad, lr, momentum)`` returns ``(w_new, v_new)`` (SGD + momentum)."""
    rng = np.random.default_rng(4)
    cases = [(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -1.0]), 0.1, 0.9),
             (np.array([1.0, -2.0]), np.array([0.3, 0.1]), np.array([0.5, -1.0]), 0.1, 0.9),
             (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), 0.01, 0.5),
             (np.array([2.0]), np.array([-1.0]), np.array([0.0]), 0.5, 0.0)]
    return check_function(fn, solutions.momentum_step, cases, name="momentum_step")


def check_perceptron_update(fn):
    """Lecture 01: ``fn(w, x, target, lr)`` is one perceptron step (bias = last weight)."""
    cases = [(np.array([0.0, 0.0, 0.0]), np.array([1.0, 1.0]), 0, 0.1),   # wrong: 1 -> lower w
             (np.array([0.2, -0.1, -0.5]), np.array([1.0, 1.0]), 1, 0.1),  # wrong: 0 -> raise w
             (np.array([0.5, 0.5, -0.7]), np.array([1.0, 1.0]), 1, 0.1),   # right: no change
             (np.array([0.5, 0.5, -0.7]), np.array([1.0, 0.0]), 0, 0.5),   # right: no change
             (np.array([0.3, -0.2, 0.1, 0.0]), np.array([-1.0, 2.0, 0.5]), 1, 1.0)]
    return check_function(fn, solutions.perceptron_update, cases, name="perceptron_update")


def check_make_windows(fn):
    """Lecture 06: ``fn(series, n_steps, horizon)`` returns windows ``x`` (n, n_steps, 1) and the
    ``horizon`` values that follow each window, ``y`` (n, horizon)."""
    rng = np.random.default_rng(6)
    cases = [(np.arange(6.0), 2, 1), (np.arange(10.0), 4, 3), (np.sin(np.arange(30) / 3), 5, 10),
             (rng.normal(size=40), 12, 4)]

    if not callable(fn):
        return not_a_function(fn, "make_windows")

    def part(function, k):
        def pick(series, n_steps, horizon):
            out = function(series, n_steps, horizon)
            if out is None:
                return None
            if not isinstance(out, (tuple, list)) or len(out) != 2:
                raise AnswerFormatError(f"{type(out).__name__} 하나를 반환했습니다. "
                                        "두 배열을 튜플로 반환하세요: return x, y")
            return out[k]
        return pick

    reference = solutions.make_windows
    verdict = check_function(part(fn, 0), part(reference, 0), cases, name="make_windows → x")
    if not verdict:
        return verdict
    return check_function(part(fn, 1), part(reference, 1), cases, name="make_windows → y")


def check_cd1_update(fn):
    """Lecture 08: ``fn(v0, W, b, c)`` returns the CD-1 estimates ``(dW, db, dc)`` (mean-field)."""
    rng = np.random.default_rng(8)
    cases = []
    for n, n_v, n_h in [(1, 3, 2), (5, 4, 3), (20, 6, 4)]:
        cases.append(((rng.random((n, n_v)) < 0.5).astype(float), rng.normal(0, 0.5, (n_v, n_h)),
                      rng.normal(0, 0.5, n_v), rng.normal(0, 0.5, n_h)))
    names = ("dW", "db", "dc")
    if not callable(fn):
        return not_a_function(fn, "cd1_update")

    def part(function, k):
        def pick(v0, W, b, c):
            out = function(v0, W, b, c)
            if out is None:
                return None
            if not isinstance(out, (tuple, list)) or len(out) != 3:
                raise AnswerFormatError(f"{type(out).__name__} 값을 반환했습니다. "
                                        "세 기울기를 튜플로 반환하세요: return dW, db, dc")
            return out[k]
        return pick

    for k, name in enumerate(names):
        verdict = check_function(part(fn, k), part(solutions.cd1_update, k), cases,
                                 name=f"cd1_update → {name}")
        if not verdict:
            return verdict
    return verdict


def check_conv2d(fn):
    """Lecture 05: ``fn(image, kernel, stride, padding)`` is 2-D convolution (no kernel flip);
    the notebook's exercise function is ``conv2d_general``."""
    rng = np.random.default_rng(5)
    image = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0],
                      [0, 1, 1, 0, 0]])
    x_filter = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]])
    cases = [(image, x_filter, 1, 0),   # the lecture's example
             (image, x_filter, 1, 1),   # 'same' padding
             (image, x_filter, 2, 0),   # stride 2
             (rng.normal(size=(7, 6)), np.array([[1.0, -1.0], [2.0, 0.0]]), 1, 0),  # asymmetric
             (rng.normal(size=(8, 8)), rng.normal(size=(3, 3)), 2, 1),
             (rng.normal(size=(6, 6)), rng.normal(size=(5, 5)), 3, 2)]
    return check_function(fn, solutions.conv2d, cases, name="conv2d_general")


# ---- lectures 06-10: second exercises and challenges ----

def _same_answer(got, expected, atol=1e-6):
    """Whether ``got`` equals ``expected`` (a value or a tuple of values) within ``atol``."""
    if isinstance(expected, tuple):
        return (isinstance(got, (tuple, list)) and len(got) == len(expected)
                and all(_same_answer(g, e, atol) for g, e in zip(got, expected)))
    return not isinstance(got, tuple) and _mismatch(got, np.asarray(expected), atol) is None


def _check_with_mistakes(fn, reference, cases, name, mistakes, atol=1e-6, check=None):
    """Like :func:`check_function`, but an answer that equals a known wrong answer on every case
    gets that mistake's Korean hint. ``mistakes``: list of ``(wrong_function, hint)``;
    ``check``: the comparison to run otherwise (default: check_function)."""
    if not callable(fn):
        return not_a_function(fn, name)
    try:
        with np.errstate(all="ignore"):
            answers = [fn(*_copy_args(args)) for args in cases]
    except Exception:  # the student's function fails: the check below reports it
        answers = None
    for wrong, hint in mistakes if answers is not None else []:
        try:
            with np.errstate(all="ignore"):
                same = all(_same_answer(got, wrong(*args), atol) for got, args in zip(answers, cases))
        except Exception:  # an odd answer: not this mistake
            same = False
        if same:
            return Verdict(False, f"❌ {name}: {hint}")
    if check is not None:
        return check()
    return check_function(fn, reference, cases, name=name, atol=atol)


def _tuple_parts(fn, reference, cases, name, part_names):
    """check_function on each element of a tuple answer in turn (elements of different shapes)."""
    def part(function, k):
        def pick(*args):
            out = function(*args)
            if out is None:
                return None
            if not isinstance(out, (tuple, list)) or len(out) != len(part_names):
                raise AnswerFormatError(f"{type(out).__name__} 값을 반환했습니다. 값 {len(part_names)}개를 "
                                        f"튜플로 반환하세요: return {', '.join(part_names)}")
            return out[k]
        return pick

    verdict = None
    for k, part_name in enumerate(part_names):
        verdict = check_function(part(fn, k), part(reference, k), cases, name=f"{name} → {part_name}")
        if not verdict:
            return verdict
    return verdict


def check_birnn_forward(fn):
    """Lecture 06: ``fn(x, forward_params, backward_params)`` is a bidirectional RNN's output."""
    rng = np.random.default_rng(60)

    def params(n_in, units):
        return (rng.normal(0, 0.7, (n_in, units)), rng.normal(0, 0.7, (units, units)), rng.normal(0, 0.3, units))

    cases = [(rng.normal(size=(1, 3, 1)), params(1, 1), params(1, 1)),
             (rng.normal(size=(2, 4, 3)), params(3, 2), params(3, 2)),
             (rng.normal(size=(3, 6, 2)), params(2, 4), params(2, 4))]

    def unreversed(x, f, b):   # backward outputs left in reading order
        out = solutions.birnn_forward(x, f, b)
        units = np.shape(f[1])[0]
        back = solutions.birnn_forward(np.asarray(x)[:, ::-1], b, b)[:, :, :units]
        return np.concatenate([out[..., :units], back], axis=-1)

    mistakes = [
        (unreversed, "역방향 RNN의 출력을 다시 뒤집지 않았습니다. 역방향 RNN은 t = T-1부터 읽으므로, 첫 번째 출력이 "
                     "마지막 시점의 것입니다. `[:, ::-1]`로 시간 순서로 되돌린 뒤 이어 붙이세요."),
        (lambda x, f, b: np.concatenate(np.split(solutions.birnn_forward(x, f, b), 2, axis=-1)[::-1], axis=-1),
         "두 방향의 순서가 바뀌었습니다. 각 시점에서 정방향 은닉 상태를 앞에, 역방향을 뒤에 이어 붙이세요"
         "(Keras와 같은 순서)."),
        (lambda x, f, b: solutions.birnn_forward(x, f, f),
         "역방향에도 정방향의 가중치를 썼습니다. 두 방향은 서로 다른 가중치(backward_params)를 씁니다."),
    ]
    return _check_with_mistakes(fn, solutions.birnn_forward, cases, "birnn_forward", mistakes)


def check_reconstruction_bce_logits(fn):
    """Lecture 07: ``fn(x, logits)`` is the per-image BCE computed from logits, exact for any logit."""
    rng = np.random.default_rng(71)
    cases = [(np.array([[1.0, 0.0, 1.0, 0.0]]), np.array([[2.0, -1.0, 0.5, 0.0]])),
             (rng.random((5, 784)), rng.normal(0, 3, (5, 784))),
             (np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 1.0]]), np.array([[-40.0, 40.0, 3.0], [30.0, 50.0, -25.0]])),
             (np.array([[1.0, 0.0], [0.3, 0.9]]), np.array([[-800.0, 800.0], [800.0, -800.0]]))]

    def through_probabilities(x, z):   # σ(z), clipped like Keras: the loss stops near 16
        return solutions.reconstruction_bce(x, solutions.sigmoid(np.asarray(z, dtype=float)))

    mistakes = [
        (through_probabilities, "시그모이드로 확률을 만든 뒤 잘라서(clip) 계산했습니다. 로짓이 큰 픽셀에서는 잘린 값 "
                                "때문에 손실이 약 16에서 멈춥니다. log σ(z)와 log(1 − σ(z))를 z로 직접 정리해 "
                                "자르지 않고 계산하세요."),
        (lambda x, z: np.mean(np.log1p(np.exp(z)) - np.asarray(x) * z, axis=-1),
         "식은 맞지만 z가 크면 np.exp(z)가 넘칩니다(inf). log(1 + e^z)는 np.logaddexp(0, z)로 계산하세요."),
        (lambda x, z: -solutions.reconstruction_bce_logits(x, z), "부호가 반대입니다. 손실은 0 이상이어야 합니다."),
        (lambda x, z: solutions.reconstruction_bce_logits(x, z) * np.shape(x)[-1],
         "픽셀에 대해 더했습니다. 이미지마다 픽셀 평균(axis=-1)을 내세요."),
    ]
    return _check_with_mistakes(fn, solutions.reconstruction_bce_logits, cases, "reconstruction_bce_logits",
                                mistakes, atol=1e-5)


def check_kl_sparsity_penalty(fn):
    """Lecture 07: ``fn(codes, target)`` is the KL sparsity penalty (sum over units)."""
    rng = np.random.default_rng(70)
    cases = [(np.array([[0.1, 0.5], [0.3, 0.1]]), 0.1), (np.full((4, 3), 0.2), 0.2),
             (rng.uniform(0.01, 0.99, (16, 5)), 0.05), (rng.uniform(0.2, 0.6, (50, 30)), 0.1)]

    def kl(t, r):
        return t * np.log(t / r) + (1 - t) * np.log((1 - t) / (1 - r))

    mistakes = [
        (lambda z, t: np.sum(kl(np.asarray(z).mean(axis=0), t)),
         "KL의 두 인자가 바뀌었습니다. 목표 활성도 ρ(target)가 앞, 배치에서 잰 평균 활성도 ρ̂가 뒤입니다: KL(ρ ‖ ρ̂)."),
        (lambda z, t: np.mean(kl(t, np.asarray(z).mean(axis=0))),
         "유닛에 대해 평균을 냈습니다. 벌점은 유닛마다의 KL을 더한 값입니다."),
        (lambda z, t: np.sum(np.mean(kl(t, np.asarray(z)), axis=0)),
         "샘플마다 KL을 구한 뒤 평균을 냈습니다. 먼저 유닛마다 배치 평균 활성도 ρ̂를 구하고(axis=0), "
         "그 ρ̂로 KL을 계산하세요."),
        (lambda z, t: np.asarray(z).shape[1] * kl(t, np.mean(z)),
         "모든 값의 평균 하나를 썼습니다. 평균 활성도 ρ̂는 유닛마다 따로(axis=0) 구합니다."),
    ]
    return _check_with_mistakes(fn, solutions.kl_sparsity_penalty, cases, "kl_sparsity_penalty", mistakes)


def check_cdk_update(fn):
    """Lecture 08: ``fn(v0, W, b, c, k)`` returns the mean-field CD-k estimates ``(dW, db, dc)``."""
    rng = np.random.default_rng(80)
    cases = []
    for n, n_v, n_h, k in [(1, 3, 2, 2), (5, 4, 3, 3), (20, 6, 4, 5), (8, 5, 3, 1)]:
        cases.append(((rng.random((n, n_v)) < 0.5).astype(float), rng.normal(0, 1.0, (n_v, n_h)),
                      rng.normal(0, 0.5, n_v), rng.normal(0, 0.5, n_h), k))

    def last_h_from_previous_v(v0, W, b, c, k):   # h_k taken before the last visible update
        v0 = np.asarray(v0, dtype=float)
        h0 = solutions.sigmoid(v0 @ W + c)
        h, v = h0, v0
        for _ in range(k):
            h_prev = h
            v = solutions.sigmoid(h @ W.T + b)
            h = solutions.sigmoid(v @ W + c)
        n = len(v0)
        return (v0.T @ h0 - v.T @ h_prev) / n, (v0 - v).mean(axis=0), (h0 - h_prev).mean(axis=0)

    mistakes = [
        (lambda v0, W, b, c, k: solutions.cdk_update(v0, W, b, c, 1),
         "k를 쓰지 않고 깁스 단계를 한 번만 했습니다. 위-아래 단계를 k번 반복하세요(for 문)."),
        (last_h_from_previous_v,
         "음의 단계의 h_k가 마지막 v_k에서 나오지 않았습니다. 반복이 끝난 뒤의 v_k로 h_k = σ(v_k W + c)를 쓰세요."),
    ]
    return _check_with_mistakes(fn, solutions.cdk_update, cases, "cdk_update", mistakes,
                                check=lambda: _tuple_parts(fn, solutions.cdk_update, cases, "cdk_update",
                                                           ("dW", "db", "dc")))


def check_smoothed_discriminator_loss(fn):
    """Lecture 09: ``fn(d_real, d_fake, smooth)`` is the discriminator's BCE with one-sided label smoothing."""
    cases = [([0.9, 0.8], [0.1, 0.2], 0.1), ([0.5], [0.5], 0.0), ([0.99, 0.7, 0.6], [0.3, 0.01, 0.45], 0.2),
             (np.full(4, 0.2), np.full(4, 0.9), 0.1), ([0.95, 0.999], [0.05, 0.5], 0.3)]

    def both_sides(r, f, smooth):   # the fakes' target raised to smooth as well
        r, f, t = np.asarray(r, dtype=float), np.asarray(f, dtype=float), 1 - smooth
        return (-np.mean(t * np.log(r) + (1 - t) * np.log(1 - r))
                - np.mean(smooth * np.log(f) + (1 - smooth) * np.log(1 - f)))

    mistakes = [
        (lambda r, f, smooth: solutions.discriminator_loss(r, f),
         "smooth를 쓰지 않았습니다. 진짜 이미지의 목표 레이블을 1 대신 1 − smooth로 낮추세요."),
        (lambda r, f, smooth: -(1 - smooth) * np.mean(np.log(r)) - np.mean(np.log(1 - np.asarray(f))),
         "진짜 항에 1 − smooth만 곱했습니다. 목표가 t = 1 − smooth이면 '가짜'일 확률 1 − t의 항, "
         "(1 − t)·log(1 − D(x))도 있어야 합니다."),
        (both_sides, "가짜의 레이블까지 평활화했습니다. 한쪽(one-sided) 평활화는 진짜의 레이블만 바꾸고 "
                     "가짜는 0으로 둡니다."),
        (lambda r, f, smooth: -solutions.smoothed_discriminator_loss(r, f, smooth),
         "부호가 반대입니다. 판별자가 최소화하는 손실은 0 이상입니다."),
    ]
    return _check_with_mistakes(fn, solutions.smoothed_discriminator_loss, cases, "smoothed_discriminator_loss",
                                mistakes)


def check_lsgan_losses(fn):
    """Lecture 09: ``fn(d_real, d_fake)`` returns the least-squares GAN losses ``(d_loss, g_loss)``."""
    rng = np.random.default_rng(90)
    cases = [(np.array([0.9, 1.2]), np.array([0.1, -0.3])), (np.array([0.5]), np.array([0.5])),
             (rng.normal(1, 0.5, 8), rng.normal(0, 0.5, 8)), (np.full(4, -0.2), np.full(4, 1.4))]

    def without_half(r, f):
        d, g = solutions.lsgan_losses(r, f)
        return 2 * d, 2 * g

    mistakes = [
        (without_half, "값이 기대값의 정확히 2배입니다. 최소 제곱 GAN의 각 항은 평균 제곱 오차의 절반(½)입니다."),
        (lambda r, f: (solutions.lsgan_losses(r, f)[0], -0.5 * np.mean(np.asarray(f) ** 2)),
         "생성자 손실을 판별자의 가짜 항에 음수 부호를 붙여 만들었습니다(미니맥스 방식). 최소 제곱 GAN의 생성자는 "
         "가짜의 점수를 진짜의 목표값 1 쪽으로 끌어당깁니다: ½ mean((D(G(z)) − 1)²)."),
        (lambda r, f: solutions.lsgan_losses(f, r),
         "진짜와 가짜의 목표값이 바뀌었습니다. 판별자는 진짜의 점수를 1로, 가짜의 점수를 0으로 보냅니다."),
    ]
    return _check_with_mistakes(fn, solutions.lsgan_losses, cases, "lsgan_losses", mistakes)


def check_expected_sarsa_target(fn):
    """Lecture 10: ``fn(rewards, next_q, terminated, epsilon, gamma)`` is the batch Expected SARSA target."""
    rng = np.random.default_rng(100)
    cases = [(np.array([1.0]), np.array([[2.0, 6.0]]), np.array([0.0]), 0.5, 0.9),
             (np.array([1.0, 0.0]), np.array([[1.0, 4.0, 1.0], [3.0, 0.0, 0.0]]), np.array([0.0, 1.0]), 0.3, 0.5),
             (rng.normal(size=8), rng.normal(size=(8, 4)), (rng.random(8) < 0.3).astype(float), 0.1, 0.99),
             (np.zeros(3), np.array([[1.0, 2.0], [5.0, -1.0], [0.0, 3.0]]), np.zeros(3), 1.0, 1.0)]
    mistakes = [
        (lambda r, q, d, e, g: solutions.td_target(r, q, d, g),
         "Q-러닝의 목표값(max Q)을 썼습니다. Expected SARSA는 최댓값 대신 ε-탐욕 정책이 각 행동을 고를 확률로 "
         "가중한 Q값의 기대값을 씁니다."),
        (lambda r, q, d, e, g: solutions.expected_sarsa_target(r, q, d, 1.0 - e, g),
         "ε와 1 − ε의 자리가 바뀌었습니다. 탐욕 행동은 확률 1 − ε로(그리고 무작위 선택으로도) 고르고, "
         "무작위 선택(확률 ε)은 모든 행동에 고르게 나뉩니다."),
        (lambda r, q, d, e, g: solutions.expected_sarsa_target(r, q, np.zeros_like(np.asarray(d, dtype=float)), e, g),
         "terminated가 1인 전이에도 미래 항을 더했습니다. 끝난 에피소드의 목표값은 보상 r 하나뿐입니다."),
    ]
    return _check_with_mistakes(fn, solutions.expected_sarsa_target, cases, "expected_sarsa_target", mistakes)


def check_double_dqn_target(fn):
    """Lecture 10: ``fn(rewards, next_q_online, next_q_target, terminated, truncated, gamma)`` is the
    batch Double DQN target (a truncated transition still bootstraps)."""
    rng = np.random.default_rng(101)
    cases = [(np.array([1.0]), np.array([[1.0, 3.0]]), np.array([[5.0, 2.0]]), np.array([0.0]), np.array([0.0]), 0.9),
             (np.array([1.0, 1.0, 1.0]), np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]]),
              np.array([[4.0, 7.0], [4.0, 7.0], [4.0, 7.0]]), np.array([0.0, 1.0, 0.0]),
              np.array([0.0, 0.0, 1.0]), 0.5),
             (rng.normal(size=10), rng.normal(size=(10, 3)), rng.normal(size=(10, 3)),
              (rng.random(10) < 0.3).astype(float), (rng.random(10) < 0.3).astype(float), 0.99)]

    def done_both(r, qo, qt, term, trunc, g):
        done = np.maximum(np.asarray(term, dtype=float), np.asarray(trunc, dtype=float))
        return solutions.double_dqn_target(r, qo, qt, done, trunc, g)

    mistakes = [
        (lambda r, qo, qt, term, trunc, g: solutions.td_target(r, qt, term, g),
         "타깃 네트워크의 최댓값을 썼습니다(보통의 DQN). Double DQN에서는 온라인 네트워크가 행동을 고르고"
         "(argmax Q_online), 타깃 네트워크가 그 행동의 값을 매깁니다."),
        (lambda r, qo, qt, term, trunc, g: solutions.td_target(r, qo, term, g),
         "온라인 네트워크의 최댓값을 썼습니다. 고른 행동의 값은 타깃 네트워크(next_q_target)에서 읽습니다."),
        (lambda r, qo, qt, term, trunc, g: solutions.double_dqn_target(r, qt, qo, term, trunc, g),
         "두 네트워크의 역할이 바뀌었습니다. 행동은 온라인 네트워크(next_q_online)가 고르고, "
         "값은 타깃 네트워크가 매깁니다."),
        (done_both, "truncated인 전이의 미래 항까지 지웠습니다. 시간이 다 되어 끊긴(truncated) 상태에는 "
                    "아직 미래가 있으므로 부트스트랩합니다. 미래 항을 지우는 것은 terminated뿐입니다."),
    ]
    return _check_with_mistakes(fn, solutions.double_dqn_target, cases, "double_dqn_target", mistakes)


# Challenges (도전 과제): the checker measures the student's own model or policy and prints its
# figure beside the lecture's. ``None`` (not tried yet) gets a hint and costs nothing.

def _not_tried(what):
    return Verdict(False, f"💡 아직 도전하지 않았습니다 — {what}")


def _error_text(exc):
    """One short line for an exception (Keras messages span many lines and carry terminal colours)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", f"{type(exc).__name__}: {exc}")
    return " ".join(text.split())[:300]


def _never_raises(title):
    """Decorator: a challenge checker that meets an unexpected error reports it instead of raising."""
    def decorate(checker):
        @functools.wraps(checker)
        def safe(*args, **kwargs):
            try:
                return checker(*args, **kwargs)
            except Exception as exc:
                return Verdict(False, f"❌ {title}: 측정하다 오류가 났습니다 — {_error_text(exc)}. "
                                      "넘긴 모델·데이터의 shape과 종류를 확인하세요.")
        return safe
    return decorate


def _number(value):
    """``value`` as a finite float, or None."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _model_output(model, x, name):
    """``(outputs as a float array, None)``, or ``(None, a false Verdict)`` saying what went wrong."""
    try:
        if hasattr(model, "layers") and hasattr(model, "predict"):   # a Keras model
            out = model.predict(x, verbose=0)
        else:
            out = model(x)
    except NotImplementedError:
        return None, Verdict(False, f"⏳ {name}: 아직 구현하지 않았습니다. "
                                    "`raise NotImplementedError`를 지우고 채워 보세요.")
    except Exception as exc:  # a wrong input shape, a bug in the student's code ...
        return None, Verdict(False, f"❌ {name}에 shape {np.shape(x)}인 입력을 넣었더니 오류가 났습니다 — "
                                    f"{_error_text(exc)}")
    if out is None:
        return None, Verdict(False, f"❌ {name}이(가) 아무것도 반환하지 않았습니다(None). return 문을 확인하세요.")
    try:
        out = np.asarray(out, dtype=float)
    except Exception:
        return None, Verdict(False, f"❌ {name}의 출력({type(out).__name__})을 숫자 배열로 바꿀 수 없습니다.")
    if not np.all(np.isfinite(out)):
        return None, Verdict(False, f"❌ {name}의 출력에 NaN이나 무한대가 있습니다. "
                                    "학습이 발산하지 않았는지 확인하세요.")
    return out, None


def _compare(name, mine, lecture, unit, lower_is_better=True, extra="", fmt=".4g"):
    """The verdict of a challenge: the student's figure beside the lecture's."""
    lecture = _number(lecture)
    if lecture is None:
        return Verdict(False, f"📏 {name}: 여러분의 {unit} {mine:{fmt}}. 비교할 강의의 값을 넘기면 "
                              f"강의와 비교합니다.{extra}")
    better = mine < lecture if lower_is_better else mine > lecture
    if better:
        return Verdict(True, f"🏆 {name} 성공! 여러분의 {unit} {mine:{fmt}}, 강의 {lecture:{fmt}}.{extra}")
    return Verdict(False, f"❌ {name}: 여러분의 {unit} {mine:{fmt}}, 강의 {lecture:{fmt}}. 아직 강의보다 "
                          f"{'낮지' if lower_is_better else '높지'} 않습니다. "
                          f"구조·학습량·학습률을 바꿔 다시 도전해 보세요.{extra}")


@_never_raises("도전 과제 06")
def check_challenge_06(model, lecture_mse=None, n_series=1000):
    """Lecture 06 challenge: the 10-step MSE of ``model`` on fresh series from the lecture's generator.

    ``model`` maps windows (n, 50, 1) to the next value (n, 1), fed back 10 times, or to all
    10 next values at once (n, 10); the checker draws its own held-out series (seed 606).
    """
    name = "도전 과제 06"
    if model is None:
        return _not_tried("모델을 만들어 my_model에 넣고 다시 실행하면, 새 시계열에서 10 스텝 MSE를 재어 "
                          "강의 LSTM의 값과 비교합니다.")
    if not callable(model):
        return not_a_function(model, "my_model")
    probe, problem = _model_output(model, np.zeros((2, 50, 1), dtype="float32"), "my_model")
    if problem is not None:
        return problem
    if probe.size not in (2, 20):
        return Verdict(False, f"❌ {name}: 창 2개에 shape {probe.shape}를 냈습니다. 창마다 다음 값 1개(n, 1)나 "
                              "다음 10개 값(n, 10)을 내야 합니다.")
    from dlcourse import sequences
    series = sequences.generate_time_series(int(n_series), 60, seed=606)
    x, y = series[:, :50], series[:, 50:, 0]
    if probe.size == 20:
        forecast, problem = _model_output(model, x, "my_model")
    else:
        try:
            forecast, problem = sequences.forecast_iteratively(
                lambda w: _model_output(model, w, "my_model")[0], x, 10), None
        except Exception as exc:
            forecast, problem = None, Verdict(False, f"❌ {name}: 반복 예측 중 오류 — {_error_text(exc)}")
    if problem is not None:
        return problem
    mine = float(np.mean((forecast.reshape(len(y), -1) - y) ** 2))
    return _compare(name, mine, lecture_mse, "10 스텝 MSE")


@_never_raises("도전 과제 07")
def check_challenge_07(model, lecture_bce=None, x_test=None):
    """Lecture 07 challenge: the BCE of ``model``'s reconstructions of noisy test images against the
    clean ones (Gaussian noise σ = 0.2 with the lecture's seed), compared with the lecture's denoiser."""
    name = "도전 과제 07"
    if model is None:
        return _not_tried("잡음 제거 오토인코더를 만들어 my_denoiser에 넣고 다시 실행하면, 잡음 섞인 테스트 이미지의 "
                          "BCE를 재어 강의의 값과 비교합니다.")
    if not callable(model):
        return not_a_function(model, "my_denoiser")
    probe, problem = _model_output(model, np.zeros((2, 784), dtype="float32"), "my_denoiser")
    if problem is not None:
        return problem
    if probe.size != 2 * 784:
        return Verdict(False, f"❌ {name}: 이미지 2장(2, 784)에 shape {probe.shape}를 냈습니다. "
                              "입력과 같은 크기의 복원 이미지(n, 784)를 내야 합니다.")
    if x_test is None:
        from dlcourse import datasets
        x_test = datasets.load_fashion_mnist()[1][0].reshape(-1, 784).astype("float32") / 255.0
    x_test = np.asarray(x_test, dtype="float32").reshape(len(x_test), -1)
    noisy = np.clip(x_test + np.random.default_rng(1).normal(0, 0.2, x_test.shape), 0, 1).astype("float32")
    out, problem = _model_output(model, noisy, "my_denoiser")
    if problem is not None:
        return problem
    x_hat = np.clip(out.reshape(x_test.shape), 1e-7, 1 - 1e-7)   # the lecture's BCE, as Keras computes it
    mine = float(np.mean(-(x_test * np.log(x_hat) + (1 - x_test) * np.log(1 - x_hat))))
    return _compare(name, mine, lecture_bce, "잡음 입력 BCE")


@_never_raises("도전 과제 08")
def check_challenge_08(classifier, lecture_accuracy=None, x_test=None, y_test=None):
    """Lecture 08 challenge: the test accuracy of ``classifier`` (binarized images (n, 784) -> class
    probabilities (n, 10) or labels (n,)), trained with 100 labels, against the lecture's DBN."""
    name = "도전 과제 08"
    if classifier is None:
        return _not_tried("레이블 100개로 학습한 분류기를 my_classifier에 넣고 다시 실행하면, 테스트 정확도를 재어 "
                          "강의 DBN의 값과 비교합니다.")
    if not callable(classifier):
        return not_a_function(classifier, "my_classifier")
    probe, problem = _model_output(classifier, np.zeros((2, 784), dtype="float32"), "my_classifier")
    if problem is not None:
        return problem
    if probe.shape not in ((2,), (2, 1), (2, 10)):
        return Verdict(False, f"❌ {name}: 이미지 2장에 shape {probe.shape}를 냈습니다. 클래스 확률 (n, 10)이나 "
                              "레이블 (n,)을 내야 합니다.")
    if x_test is None or y_test is None:
        from dlcourse import datasets
        (_, _), (images, y_test) = datasets.load_mnist()
        x_test = (images.reshape(len(images), -1) > 127).astype("float32")
    out, problem = _model_output(classifier, np.asarray(x_test, dtype="float32"), "my_classifier")
    if problem is not None:
        return problem
    labels = out.argmax(axis=1) if out.ndim == 2 and out.shape[1] == 10 else out.reshape(-1)
    mine = float(np.mean(labels == np.asarray(y_test).reshape(-1)))
    return _compare(name, mine, lecture_accuracy, "테스트 정확도", lower_is_better=False)


@_never_raises("도전 과제 09")
def check_challenge_09(generator, lecture_frechet=None, features=None, real_features=None, latent_dim=64, n=1000):
    """Lecture 09 challenge: the Fréchet distance between ``features`` of 1,000 images from
    ``generator`` (noise (n, latent_dim) -> images in [-1, 1]) and ``real_features``."""
    name = "도전 과제 09"
    if generator is None:
        return _not_tried("생성자를 학습해 my_generator에 넣고 다시 실행하면, 생성 이미지 1,000장의 프레셰 거리를 재어 "
                          "강의 DCGAN의 값과 비교합니다.")
    if not callable(generator):
        return not_a_function(generator, "my_generator")
    latent_dim = int(_number(latent_dim) or 64)
    probe, problem = _model_output(generator, np.zeros((2, latent_dim), dtype="float32"), "my_generator")
    if problem is not None:
        return problem
    if probe.size != 2 * 784:
        return Verdict(False, f"❌ {name}: 잡음 2개에 shape {probe.shape}를 냈습니다. 28×28 이미지(n, 28, 28, 1)를 "
                              "[-1, 1] 범위(tanh)로 내야 합니다.")
    if features is None or real_features is None:
        return Verdict(False, f"❓ {name}: 측정하려면 features(특징 모델)와 "
                              "real_features(진짜 이미지의 특징)를 넘기세요.")
    z = np.random.default_rng(9).normal(size=(int(n), latent_dim)).astype("float32")
    images, problem = _model_output(generator, z, "my_generator")
    if problem is not None:
        return problem
    images = np.clip(np.round((images.reshape(-1, 28, 28) + 1.0) * 127.5), 0, 255) / 255.0   # 강의의 judge와 같은 변환
    fake_features, problem = _model_output(features, images, "features")
    if problem is not None:
        return problem
    from dlcourse.gan import frechet_distance
    try:
        mine = frechet_distance(real_features, fake_features)
    except Exception as exc:
        return Verdict(False, f"❌ {name}: 프레셰 거리를 잴 수 없습니다 — {_error_text(exc)}")
    return _compare(name, mine, lecture_frechet, "프레셰 거리")


@_never_raises("도전 과제 10")
def check_challenge_10(policy, my_env_steps=None, lecture_steps=None, episodes=20, seed=20_000):
    """Lecture 10 challenge: run the greedy ``policy`` (observations (n, 4) -> actions (n,)) for
    ``episodes`` CartPole-v1 episodes; solved = mean return >= 475 in fewer training steps
    (``my_env_steps``, as the student reports it) than the lecture's agent."""
    name = "도전 과제 10"
    if policy is None:
        return _not_tried("에이전트를 학습해 탐욕 정책을 my_policy에, 학습에 쓴 환경 스텝 수를 my_env_steps에 넣고 "
                          "다시 실행하면, CartPole 에피소드를 직접 돌려 평균 리턴을 재고 강의와 비교합니다.")
    if not callable(policy):
        return not_a_function(policy, "my_policy")
    probe, problem = _model_output(policy, np.zeros((2, 4), dtype="float32"), "my_policy")
    if problem is not None:
        return problem
    if probe.shape != (2,) or not np.all(np.isin(probe, (0, 1))):
        hint = " Q값이라면 .argmax(axis=1)로 행동을 고르세요." if probe.shape == (2, 2) else ""
        return Verdict(False, f"❌ {name}: 관측 2개에 {probe.shape} 모양의 {probe.ravel()[:4].tolist()}를 냈습니다. "
                              f"관측마다 행동 번호 0 또는 1 하나, 즉 shape (n,)을 내야 합니다.{hint}")
    import gymnasium as gym

    from dlcourse import rl
    try:
        returns = rl.evaluate(lambda obs: _model_output(policy, obs, "my_policy")[0].astype(int),
                              lambda: gym.make("CartPole-v1"), n_episodes=int(episodes), seed=seed)
    except Exception as exc:
        return Verdict(False, f"❌ {name}: 에피소드를 돌리다 오류가 났습니다 — {_error_text(exc)}")
    mean_return = float(np.mean(returns))
    figure = f"{len(returns)} 에피소드 평균 리턴 {mean_return:.1f}"
    if mean_return < 475:
        return Verdict(False, f"❌ {name}: {figure}. CartPole을 풀려면(평균 475 이상) 더 학습해야 합니다.")
    steps = _number(my_env_steps)
    if steps is None:
        return Verdict(False, f"📏 {name}: {figure}로 풀었습니다. 학습에 쓴 환경 스텝 수를 my_env_steps에 넣으면 "
                              "강의와 비교합니다.")
    return _compare(name, steps, lecture_steps, "학습 환경 스텝 수", extra=f" ({figure})", fmt=",.0f")


# ---- Lecture 13 (variational autoencoders and diffusion models) ----
# These checkers validate everything themselves and never raise for a wrong answer.


def _l13_call(fn, name, args):
    """Run the student's ``fn(*args)``: (value, None) or (None, Korean feedback)."""
    if not callable(fn):
        return None, (f"❌ {name}: 함수를 넘기세요. 받은 것은 {type(fn).__name__} 값입니다. "
                      f"괄호 없이 함수 이름만 넘깁니다: check_…({name}).")
    try:
        with np.errstate(all="ignore"):
            return fn(*copy.deepcopy(args)), None
    except NotImplementedError:
        return None, (f"⏳ {name}: 아직 구현하지 않았습니다. "
                      "함수 본문의 `raise NotImplementedError`를 지우고 채워 보세요.")
    except Exception as exc:  # a student's bug becomes feedback, never a crash
        return None, f"❌ {name} 실행 중 오류: {type(exc).__name__}: {exc}"


def _l13_array(value, shape, what):
    """``value`` as a finite float array of ``shape`` (None: any 2-D shape): (array, None) or (None, feedback)."""
    if value is None:
        return None, f"{what}: 아무것도 없습니다(None). return 문이나 변수를 확인하세요."
    if isinstance(value, (str, bytes, dict)):
        return None, f"{what}: {type(value).__name__} 값입니다. 숫자 배열(NumPy)을 주세요."
    try:
        with np.errstate(all="ignore"):
            array = np.asarray(value, dtype=float)
    except Exception:
        return None, f"{what}: {type(value).__name__} 값을 숫자 배열로 바꿀 수 없습니다."
    if shape is not None and array.shape != tuple(shape):
        return None, f"{what}: shape {array.shape}, 기대한 shape {tuple(shape)}."
    if not np.all(np.isfinite(array)):
        return None, f"{what}: NaN이나 무한대가 있습니다. 0으로 나누기나 음수의 제곱근이 없는지 확인하세요."
    return array, None


def _l13_compare(fn, reference, cases, name, atol=1e-6):
    """Compare the student's ``fn`` with ``reference`` on each argument tuple; a Verdict either way."""
    for args in cases:
        got, problem = _l13_call(fn, name, args)
        if problem:
            return Verdict(False, problem)
        expected = np.asarray(reference(*args), dtype=float)
        array, problem = _l13_array(got, expected.shape, f"❌ {name}{_describe(args)}")
        if problem:
            return Verdict(False, problem)
        if not np.allclose(array, expected, atol=atol, rtol=1e-5):
            where = np.unravel_index(np.argmax(np.abs(array - expected)), expected.shape) if expected.shape else ()
            return Verdict(False, f"❌ {name}{_describe(args)}: 위치 {tuple(int(i) for i in where)}에서 "
                                  f"{array[where]:.6g} (기대값 {expected[where]:.6g}).")
    return Verdict(True, f"✅ {name}: {len(cases)}개 테스트를 모두 통과했습니다.")


def check_cosine_alpha_bars(fn):
    """Lecture 13: ``fn(T, s)`` returns the cosine schedule's alpha_bar_t for t = 1..T (length T)."""
    cases = [(10, 0.008), (100, 0.008), (4, 0.0), (1000, 0.008), (50, 0.1)]
    return _l13_compare(fn, solutions.cosine_alpha_bars, cases, "cosine_alpha_bars")


def check_ddim_step(fn):
    """Lecture 13: ``fn(x_t, eps_hat, alpha_bar_t, alpha_bar_prev)`` is the deterministic DDIM step."""
    rng = np.random.default_rng(13)
    cases = [(np.array([1.0, -0.5]), np.array([0.2, 0.1]), 0.5, 0.9),
             (np.array([[0.3, 0.7], [-1.2, 0.0]]), np.array([[1.0, -1.0], [0.5, 0.2]]), 0.1, 1.0),  # 마지막 걸음
             (rng.normal(size=(5, 784)), rng.normal(size=(5, 784)), 0.02, 0.3),
             (rng.normal(size=(8, 2)), rng.normal(size=(8, 2)), 0.7, 0.7)]   # 같은 단계: 그대로
    return _l13_compare(fn, solutions.ddim_step, cases, "ddim_step")


def _l13_energy_distance(a, b):
    def mean_distance(u, v):
        return np.sqrt(((u[:, None, :] - v[None, :, :]) ** 2).sum(axis=-1)).mean()

    return float(2 * mean_distance(a, b) - mean_distance(a, a) - mean_distance(b, b))


def _l13_moons(n=1000):
    """The lecture's two moons (4,000 points, standardized), first ``n``: the challenge's reference data."""
    from sklearn.datasets import make_moons

    moons = make_moons(n_samples=4000, noise=0.05, random_state=0)[0]
    return ((moons - moons.mean(axis=0)) / moons.std(axis=0))[:n]


def check_fast_sampling_challenge(sampler, lecture_distance=None, target_ratio=0.4, n=1000):
    """Lecture 13 challenge: ``sampler(n)`` returns n two-moons samples (n, 2) whose energy distance to the
    lecture's data is at most ``target_ratio`` times that of N(0, I) noise; reported beside the lecture's value."""
    name = "도전 과제 13"
    if sampler is None:
        return Verdict(False, f"⏳ {name}: 아직 시작하지 않았습니다. fast_sampler(n)을 만들어 넘기세요.")
    samples, problem = _l13_call(sampler, "fast_sampler", (n,))
    if problem:
        return Verdict(False, problem)
    points, problem = _l13_array(samples, (n, 2), f"❌ {name}: fast_sampler({n})의 결과")
    if problem:
        return Verdict(False, problem)
    reference = _l13_moons(n)
    noise = np.random.default_rng(0).standard_normal((n, 2))
    distance, noise_distance = _l13_energy_distance(points, reference), _l13_energy_distance(noise, reference)
    lecture = ""
    if isinstance(lecture_distance, (int, float, np.floating)) and np.isfinite(lecture_distance):
        lecture = f" | 강의의 50걸음 DDPM {float(lecture_distance):.4f}"
    figures = f"에너지 거리: 여러분 {distance:.4f} | 출발 잡음 {noise_distance:.4f}{lecture}"
    if distance <= target_ratio * noise_distance:
        return Verdict(True, f"✅ {name}: 목표 달성 (잡음의 {target_ratio:g}배 이하). {figures}")
    return Verdict(False, f"❌ {name}: 아직 목표(잡음의 {target_ratio:g}배 = {target_ratio * noise_distance:.4f}) "
                          f"위입니다. {figures}")


# ---- lecture 11: attention and the Transformer ----

def _l11_bool(value, shape, what):
    """``value`` as a boolean array of ``shape``: (array, None) or (None, Korean feedback)."""
    if value is None:
        return None, f"{what}: 아무것도 없습니다(None). return 문을 확인하세요."
    if isinstance(value, (str, bytes, dict)):
        return None, f"{what}: {type(value).__name__} 값입니다. True/False 배열(NumPy)을 주세요."
    try:
        array = np.asarray(value)
    except Exception:
        return None, f"{what}: {type(value).__name__} 값을 배열로 바꿀 수 없습니다."
    if array.dtype == object or array.shape != tuple(shape):
        return None, f"{what}: shape {array.shape}, 기대한 shape {tuple(shape)}."
    if array.dtype != bool and not np.all(np.isin(array, (0, 1))):
        return None, f"{what}: True/False(또는 0/1)가 아닌 값이 있습니다."
    return array.astype(bool), None


def check_decoder_mask(fn):
    """Lecture 11: ``fn(token_ids, pad_id)`` is the decoder self-attention mask (batch, T, T), True where
    query i may attend to key j: j <= i and token j is not padding."""
    name = "decoder_mask"
    cases = [(np.array([[5, 6, 7, 0, 0]]), 0),
             (np.array([[1, 2, 3], [4, 0, 0]]), 0),
             (np.array([[3, 3, 9, 9], [9, 1, 2, 9]]), 9),    # 패딩 번호가 0이 아닐 때
             (np.array([[2, 4, 6, 8, 1, 3]]), 0)]            # 패딩이 없을 때: 인과 마스크만
    for ids, pad in cases:
        got, problem = _l13_call(fn, name, (ids, pad))
        if problem:
            return Verdict(False, problem)
        expected = solutions.decoder_mask(ids, pad)
        mask, problem = _l11_bool(got, expected.shape, f"❌ {name}{_describe((ids, pad))}")
        if problem:
            return Verdict(False, problem)
        if np.array_equal(mask, expected):
            continue
        causal = np.tril(np.ones(expected.shape[1:], dtype=bool))
        hints = [(np.broadcast_to(causal, expected.shape),
                  "패딩을 가리지 않았습니다: 키 j가 패딩이면 False여야 합니다."),
                 (np.swapaxes(expected, 1, 2),
                  "행과 열이 바뀌었습니다: 행 i는 질의(query), 열 j는 키(key)입니다."),
                 (causal[None] & (ids != pad)[:, :, None],
                  "패딩을 질의(행) 쪽에 적용했습니다: 가릴 것은 패딩인 키(열)입니다."),
                 ((ids != pad)[:, None, :] & np.broadcast_to(causal.T, expected.shape),
                  "위쪽 삼각형을 썼습니다: 질의 i는 j ≤ i인 키만 봅니다(np.tril)."),
                 (np.broadcast_to((ids != pad)[:, None, :], expected.shape),
                  "인과 마스크가 빠졌습니다: 미래 위치 j > i를 가리세요.")]
        hint = next((text for wrong, text in hints if np.array_equal(mask, wrong)), "")
        where = tuple(int(i) for i in np.argwhere(mask != expected)[0])
        return Verdict(False, f"❌ {name}{_describe((ids, pad))}: 위치 {where}에서 {bool(mask[where])} "
                              f"(기대값 {bool(expected[where])}). {hint}".rstrip())
    return Verdict(True, f"✅ {name}: {len(cases)}개 테스트를 모두 통과했습니다.")


def check_pe_shift_matrix(fn):
    """Lecture 11: ``fn(k, d_model, base)`` returns M with PE[pos + k] = PE[pos] @ M (sinusoidal encoding)."""
    name = "pe_shift_matrix"
    cases = [(1, 2, 10000.0), (3, 4, 10000.0), (5, 8, 100.0), (0, 6, 10000.0), (-2, 8, 10000.0)]
    for args in cases:
        got, problem = _l13_call(fn, name, args)
        if problem:
            return Verdict(False, problem)
        expected = solutions.pe_shift_matrix(*args)
        array, problem = _l13_array(got, expected.shape, f"❌ {name}{_describe(args)}")
        if problem:
            return Verdict(False, problem)
        if not np.allclose(array, expected, atol=1e-6):
            hint = ""
            if np.allclose(array, expected.T, atol=1e-6):
                hint = " 전치가 되었습니다: 행벡터 규약 PE[pos] @ M에서 sin 행의 (2i, 2i+1) 칸은 −sin(ω_i k)입니다."
            where = np.unravel_index(np.argmax(np.abs(array - expected)), expected.shape)
            return Verdict(False, f"❌ {name}{_describe(args)}: 위치 {tuple(int(i) for i in where)}에서 "
                                  f"{array[where]:.6g} (기대값 {expected[where]:.6g}).{hint}")
    return Verdict(True, f"✅ {name}: {len(cases)}개 테스트를 모두 통과했습니다.")


def check_challenge_11(predict, lecture_accuracy=None, n=300, target=0.95):
    """Lecture 11 challenge: ``predict(list of digit strings)`` returns their Korean readings; the target is
    an exact-match accuracy of at least ``target`` on ``n`` held-out numbers (1 to 12 digits)."""
    from dlcourse import attention

    title = "도전 과제 11"
    if predict is None:
        return Verdict(False, f"⏳ {title}: 아직 도전하지 않았습니다. predict(숫자 문자열 목록)을 만들어 넘기세요.")
    numbers = attention.sample_numbers(n, np.random.default_rng(2026_11))
    inputs = [str(x) for x in numbers]
    answers = [attention.number_to_korean(x) for x in numbers]
    got, problem = _l13_call(predict, "predict", (inputs,))
    if problem:
        return Verdict(False, problem)
    if isinstance(got, (str, bytes, dict)) or not hasattr(got, "__len__"):
        return Verdict(False, f"❌ {title}: predict의 결과는 문자열 {n}개의 목록이어야 합니다. "
                              f"받은 것은 {type(got).__name__} 값입니다.")
    try:
        outputs = [str(item) for item in list(got)]
    except Exception:
        return Verdict(False, f"❌ {title}: predict의 결과를 문자열 목록으로 바꿀 수 없습니다.")
    if len(outputs) != n:
        return Verdict(False, f"❌ {title}: 입력 {n}개에 결과 {len(outputs)}개입니다. 입력마다 하나씩 돌려주세요.")
    accuracy = float(np.mean([a == b for a, b in zip(outputs, answers)]))
    lecture = ""
    if isinstance(lecture_accuracy, (int, float, np.floating)) and np.isfinite(lecture_accuracy):
        lecture = f" | 강의의 반대 방향(읽기 → 숫자) {float(lecture_accuracy):.3f}"
    figures = f"완전 일치 정확도: 여러분 {accuracy:.3f} ({n}개){lecture}"
    if accuracy >= target:
        return Verdict(True, f"✅ {title}: 목표 달성 ({target:g} 이상). {figures}")
    wrong = next(i for i in range(n) if outputs[i] != answers[i])
    return Verdict(False, f"❌ {title}: 아직 목표({target:g}) 아래입니다. {figures}. "
                          f"예: {inputs[wrong]} → '{outputs[wrong][:40]}' (정답 '{answers[wrong]}')")


# ---- Lecture 12 (modern CNN architectures and transfer learning) ----
# These checkers validate everything themselves and never raise for a wrong answer.


def check_separable_mult_adds(fn):
    """Lecture 12: ``fn(n, c_in, c_out, k, stride, padding)`` returns the multiply-adds of one depthwise-separable
    convolution (depthwise k x k, then pointwise 1 x 1, no bias) on an n x n x c_in input."""
    cases = [(28, 1, 32, 3, 1, "same"), (14, 32, 64, 3, 2, "same"), (15, 16, 24, 3, 2, "valid"),
             (7, 64, 128, 5, 1, "valid"), (112, 32, 64, 3, 2, "same"), (9, 8, 8, 3, 3, "same")]

    def ignores_stride(n, c_in, c_out, k, stride, padding):
        return solutions.separable_mult_adds(n, c_in, c_out, k, 1, padding)

    def standard_conv(n, c_in, c_out, k, stride, padding):
        out = -(-n // stride) if padding == "same" else (n - k) // stride + 1
        return out * out * k * k * c_in * c_out

    def pointwise_on_input(n, c_in, c_out, k, stride, padding):
        out = -(-n // stride) if padding == "same" else (n - k) // stride + 1
        return out * out * k * k * c_in + n * n * c_in * c_out

    mistakes = [(ignores_stride, "스트라이드를 반영하지 않았습니다. 출력의 한 변은 'same'이면 ⌈n/s⌉, "
                                 "'valid'이면 ⌊(n − k)/s⌋ + 1이고, 곱셈-덧셈은 출력 위치마다 일어납니다."),
                (standard_conv, "표준 합성곱의 곱셈-덧셈(출력 위치 × k² × c_in × c_out)입니다. 깊이별(k² × c_in)과 "
                                "점별(c_in × c_out) 두 단계로 나누어 세세요."),
                (pointwise_on_input, "1x1 점별 합성곱은 깊이별 합성곱의 출력(줄어든 크기) 위에서 계산됩니다.")]
    return _check_with_mistakes(fn, solutions.separable_mult_adds, cases, "separable_mult_adds", mistakes)


def check_receptive_field(fn):
    """Lecture 12: ``fn(layers)`` returns the receptive field (pixels on a side) of a stack of
    ``(kernel, stride, dilation)`` layers, first layer first."""
    cases = [([(3, 1, 1)],), ([(3, 1, 1), (3, 1, 1)],), ([(3, 1, 1)] * 3,), ([(7, 2, 1), (3, 2, 1)],),
             ([(3, 2, 1), (3, 2, 1), (3, 2, 1)],), ([(3, 1, 2), (3, 1, 4)],), ([(2, 2, 1), (3, 1, 1), (3, 1, 2)],),
             ([(5, 1, 1), (2, 2, 1), (5, 1, 1), (2, 2, 1)],)]

    def no_stride(layers):
        return solutions.receptive_field([(k, 1, d) for k, _, d in layers])

    def no_dilation(layers):
        return solutions.receptive_field([(k, s, 1) for k, s, _ in layers])

    mistakes = [(no_stride, "스트라이드를 반영하지 않았습니다. 스트라이드 s인 층 뒤의 층은 입력에서 s배 떨어진 "
                            "칸들을 보므로, 그 뒤 층이 더하는 폭에 앞 층들의 스트라이드 곱을 곱합니다."),
                (no_dilation, "팽창(dilation)을 반영하지 않았습니다. 팽창 d인 k x k 필터는 d(k − 1) + 1칸을 덮습니다.")]
    return _check_with_mistakes(fn, solutions.receptive_field, cases, "receptive_field", mistakes)


def _l12_transfer_test():
    """Fashion-MNIST test images of classes 5-9 (x / 255 with a channel axis) and labels 0-4 (class - 5)."""
    x, y = _fashion_test(channel=True)
    keep = y >= 5
    return x[keep], (y[keep] - 5).astype(int)


def check_transfer_challenge(model, lecture_accuracy=None, target=0.9):
    """Lecture 12 challenge: a model that classifies Fashion-MNIST classes 5-9 (5 outputs, label = class - 5),
    trained with at most 100 labels of those classes, reaches ``target`` test accuracy on them."""
    title = "도전 과제 12"
    goal = f"클래스 5-9의 레이블 100개 이하로 그 다섯 클래스의 테스트 정확도 {_fmt(_number(target) or 0.9)} 이상"
    if model is None:
        return _not_started(title, "`my_transfer_model`에 훈련한 Keras 모델(출력 5개)을 넣으세요.", goal)
    problem = _need_callable(model, title, "훈련한 Keras 모델")
    if problem is not None:
        return problem

    def measure():
        x, y = _l12_transfer_test()
        labels, _ = _predict(model, [("(5000, 28, 28, 1) 픽셀 / 255", x), ("(5000, 28, 28)", x[..., 0])])
        if labels.max() > 4 or labels.min() < 0:
            raise AnswerFormatError("예측한 레이블이 0~4 밖에 있습니다. "
                                    "출력은 클래스 5~9에 대한 5개(레이블 = 클래스 − 5)입니다.")
        acc = float(np.mean(labels == y))
        goal_value = _number(target) or 0.9
        return _report(title, acc >= goal_value, [("테스트 정확도(클래스 5-9)", f"{acc:.4f}", _fmt(lecture_accuracy))],
                       "사전 훈련한 특징 추출기를 얼리고 머리를 훈련한 뒤, 작은 학습률로 미세 조정해 보세요. "
                       "증강(이동·확대)도 레이블이 적을 때 도움이 될 수 있습니다.")
    return _challenge(title, measure)
