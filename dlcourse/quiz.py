"""Self-check questions (연습문제) and checks for coding exercises.

Questions show themselves in the notebook (and in the slide decks) with the answer hidden
behind a "정답 확인" fold; ``quiz.check(number, response)`` gives feedback on a student's answer.

Coding exercises follow one pattern: the notebook gives a function skeleton whose body
raises ``NotImplementedError``; a ``check_*`` function runs it against the reference in
:mod:`dlcourse.solutions` and says what is wrong. An untouched skeleton gets a hint, not an
exception, so "Run All" (and CI) passes while the exercise is still open.
"""

import html

import numpy as np

from dlcourse import solutions

CIRCLED = "①②③④⑤⑥⑦⑧⑨"


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

    def check(self, response):
        """Print feedback for ``response``; the returned :class:`Verdict` is true when correct."""
        if self.is_correct(response):
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

    def is_correct(self, response):
        if isinstance(response, str):
            response = response.strip()
            if response in CIRCLED:
                response = CIRCLED.index(response) + 1
            elif response.isdigit():
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
        """Feedback on the answer to question ``number`` (1-based)."""
        if number not in range(1, len(self.questions) + 1):
            raise ValueError(f"this quiz has questions 1..{len(self.questions)}, got {number!r}")
        return self.questions[number - 1].check(response)

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
                + f"<details><summary>정답 확인</summary><b>{html.escape(q.answer_text())}</b>"
                + (f" — {html.escape(q.explanation)}" if q.explanation else "")
                + "</details></li>"
            )
        parts.append("</ol>")
        return "".join(parts)


def check_function(student, reference, cases, name=None, atol=1e-6):
    """Compare ``student`` with ``reference`` on each argument tuple in ``cases``.

    Prints what is wrong (not implemented, an exception, a shape or a value that differs)
    or that every case passed; the returned :class:`Verdict` is true only when all pass.
    """
    name = name or getattr(reference, "__name__", "function")
    for args in cases:
        expected = np.asarray(reference(*args))
        try:
            got = student(*args)
        except NotImplementedError:
            return Verdict(False, f"⏳ {name}: 아직 구현하지 않았습니다. "
                                  "함수 본문의 `raise NotImplementedError`를 지우고 채워 보세요.")
        except Exception as exc:  # a student's bug: report it instead of crashing the notebook
            return Verdict(False, f"❌ {name}{_describe(args)} 실행 중 오류: {type(exc).__name__}: {exc}")
        if got is None:
            return Verdict(False, f"❌ {name}{_describe(args)}: 아무것도 반환하지 않았습니다(None). "
                                  "return 문을 확인하세요.")
        got = np.asarray(got)
        if got.shape != expected.shape:
            return Verdict(False, f"❌ {name}{_describe(args)}: 결과 shape {got.shape}, 기대한 shape {expected.shape}.")
        if not np.allclose(got, expected, atol=atol, rtol=1e-5):
            where = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape) if got.shape else ()
            return Verdict(False, f"❌ {name}{_describe(args)}: 위치 {tuple(int(i) for i in where)}에서 "
                                  f"{got[where]!r} (기대값 {expected[where]!r}).")
    return Verdict(True, f"✅ {name}: {len(cases)}개 테스트를 모두 통과했습니다.")


def _describe(args):
    shapes = [f"shape {np.shape(a)}" if np.ndim(a) else repr(a) for a in args]
    return "(" + ", ".join(shapes) + ")"


def _norm(text):
    return "".join(str(text).split()).lower()


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


def check_sigmoid_derivative(fn):
    """Lecture 02: ``fn(z)`` returns ``σ(z)(1 − σ(z))`` element by element."""
    cases = [(np.array(0.0),), (np.array([-2.0, 0.0, 2.0]),), (np.linspace(-6, 6, 13),),
             (np.array([[1.0, -1.0], [3.0, 0.5]]),)]
    return check_function(fn, solutions.sigmoid_derivative, cases, name="sigmoid_derivative")


def check_td_target(fn):
    """Lecture 10: ``fn(rewards, next_q, terminated, gamma)`` is the batch TD (Bellman) target."""
    rng = np.random.default_rng(10)
    cases = [(np.array([1.0]), np.array([[2.0, 5.0]]), np.array([0.0]), 0.9),
             (np.array([1.0, 1.0]), np.array([[2.0, 5.0], [2.0, 5.0]]), np.array([0.0, 1.0]), 0.9),
             (np.array([0.0, 1.0, -1.0]), np.array([[1.0, 3.0, 2.0], [0.5, 0.1, 0.2], [4.0, 4.0, 1.0]]),
              np.array([1.0, 0.0, 0.0]), 0.5),
             (rng.normal(size=8), rng.normal(size=(8, 2)), (rng.random(8) < 0.3).astype(float), 0.99)]
    return check_function(fn, solutions.td_target, cases, name="td_target")


def check_make_windows(fn):
    """Lecture 06: ``fn(series, n_steps, horizon)`` returns windows ``x`` (n, n_steps, 1) and the
    ``horizon`` values that follow each window, ``y`` (n, horizon)."""
    rng = np.random.default_rng(6)
    cases = [(np.arange(6.0), 2, 1), (np.arange(10.0), 4, 3), (np.sin(np.arange(30) / 3), 5, 10),
             (rng.normal(size=40), 12, 4)]

    def part(function, k):
        def pick(series, n_steps, horizon):
            out = function(series, n_steps, horizon)
            return None if out is None else out[k]
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

    def part(function, k):
        def pick(v0, W, b, c):
            out = function(v0, W, b, c)
            if out is None:
                return None
            if not isinstance(out, (tuple, list)) or len(out) != 3:
                raise ValueError("return the three gradients as a tuple: (dW, db, dc)")
            return out[k]
        return pick

    for k, name in enumerate(names):
        verdict = check_function(part(fn, k), part(solutions.cd1_update, k), cases,
                                 name=f"cd1_update → {name}")
        if not verdict:
            return verdict
    return verdict


def check_conv2d(fn):
    """Lecture 05: ``fn(image, kernel, stride, padding)`` is 2-D convolution (no kernel flip)."""
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
    return check_function(fn, solutions.conv2d, cases, name="conv2d")


def check_discriminator_loss(fn):
    """Lecture 09: ``fn(d_real, d_fake)`` is the discriminator's binary cross-entropy."""
    cases = [([0.9, 0.8], [0.1, 0.2]), ([0.5], [0.5]), ([0.99, 0.7, 0.6], [0.3, 0.01, 0.45]),
             (np.full(4, 0.2), np.full(4, 0.9))]
    return check_function(fn, solutions.discriminator_loss, cases, name="discriminator_loss")


def check_reconstruction_bce(fn):
    """Lecture 07: ``fn(x, x_hat)`` is the per-image binary cross-entropy (x_hat clipped to [1e-7, 1-1e-7])."""
    rng = np.random.default_rng(7)
    cases = [(np.array([[1.0, 0.0, 1.0, 0.0]]), np.array([[0.9, 0.1, 0.8, 0.3]])),
             (np.array([[0.5, 0.2], [0.0, 1.0]]), np.array([[0.5, 0.2], [0.4, 0.6]])),
             (rng.random((5, 784)), rng.random((5, 784))),
             (np.array([[1.0, 0.0, 0.3]]), np.array([[0.0, 1.0, 0.3]]))]  # needs the clipping
    return check_function(fn, solutions.reconstruction_bce, cases, name="reconstruction_bce", atol=1e-5)
