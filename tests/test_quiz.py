import numpy as np
import pytest

from dlcourse import quiz, solutions


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
    with pytest.raises(ValueError, match="questions 1..1"):
        q.check(2, "O")


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
