"""The student edition (no solutions, no quiz answers) and the instructor edition (solutions filled in)."""

import ast
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from dlcourse import quiz, release, run, solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = release.notebook_paths()
#: Running a student notebook repeats the quick-mode nbval run of the same code: only the quiz cells and the
#: solutions module differ, and the tests below check those for every notebook. So the test command runs five
#: quick lectures top to bottom (about 70 s instead of 10 minutes of CPU); DLCOURSE_RELEASE_ALL=1 runs all of them,
#: which is the check to make before handing out an edition.
STUDENT_RUNS = NOTEBOOKS if os.environ.get("DLCOURSE_RELEASE_ALL") else [
    p for p in NOTEBOOKS if p.name[:2] in {"00", "01", "02", "05", "10"}]
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".json", ".cfg"}


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    """The student edition, built once for this file."""
    return release.build_student(tmp_path_factory.mktemp("release") / "student")


def _notebook_text(path):
    """Every code and markdown source and every stored output of a notebook, as one string."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts += ["".join(v) if isinstance(v, list) else str(v) for v in out.get("data", {}).values()]
    return "\n".join(parts)


def _build_texts(root):
    return {path: (_notebook_text(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8"))
            for path in sorted(root.rglob("*")) if path.suffix in TEXT_SUFFIXES | {".ipynb"}}


def _body_lines(function):
    """The stripped lines of a function's body after its docstring (no comments, no blanks)."""
    node = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    lines = inspect.getsource(function).splitlines()[body[0].lineno - 1:node.end_lineno]
    return [line.split("  #")[0].strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_no_reference_solution_in_the_student_edition(student):
    # A line is significant when it is not short and nothing else the student gets has it (lecture
    # code in the notebooks, the rest of the package): then only a leak can put it in the build.
    shared = "\n".join(_notebook_text(p) for p in NOTEBOOKS) + "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "dlcourse").glob("*.py") if p.name != "solutions.py")
    texts = _build_texts(student)
    assert any(p.suffix == ".ipynb" for p in texts) and student / "dlcourse" / "solutions.py" in texts
    checked = 0
    for name in release.solution_names():
        lines = [line for line in _body_lines(getattr(solutions, name)) if len(line) >= 16 and line not in shared]
        for line in lines:
            leaks = [str(path.relative_to(student)) for path, text in texts.items() if line in text]
            assert not leaks, f"{name}: {line!r} is in {leaks}"
        checked += len(lines)
    assert checked >= 2 * len(release.solution_names())
    assert not (student / "dlcourse" / "release.py").exists()


def _questions(source):
    """(class name, {parameter: argument node}) of every quiz question in a cell."""
    params = release._question_parameters()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in params:
            hidden = params[node.func.attr]
            args = {p: node.args[i] for p, i in hidden.items() if i < len(node.args)}
            args.update({kw.arg: kw.value for kw in node.keywords if kw.arg in hidden})
            yield node.func.attr, args


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_quiz_answers_are_hidden_in_student_notebooks(student, path):
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(student / "notebooks" / path.name, as_version=4)
    text = _notebook_text(student / "notebooks" / path.name)
    assert "정답 확인" not in text and "접힌 칸" not in text
    quiz_cells = [i for i, c in enumerate(original.cells) if c.cell_type == "code" and "Quiz(" in c.source]
    assert quiz_cells, "every lecture ends with a quiz"
    lecture = "\n".join(c.source for i, c in enumerate(original.cells) if i not in quiz_cells)
    for i in quiz_cells:
        assert not copy.cells[i].outputs
        for (kind, before), (_, after) in zip(_questions(original.cells[i].source), _questions(copy.cells[i].source),
                                              strict=True):
            for param, node in before.items():
                value = ast.literal_eval(node)
                hidden = after[param]
                assert ast.unparse(hidden.func) == "quiz.hidden", (kind, param)
                assert quiz.hidden(hidden.args[0].value) == value
                if param == "explanation" and value not in lecture:   # not a sentence the lecture also says
                    assert value not in text
                elif kind == "ShortAnswer":   # the answer as code, e.g. `, 640,`
                    assert f", {ast.get_source_segment(original.cells[i].source, node)}," not in copy.cells[i].source


STUDENT_CHECK = """
import importlib.util, sys
import numpy as np
import dlcourse, dlcourse.quiz as quiz, dlcourse.solutions as recorded
student = sys.argv[1]
assert dlcourse.__file__.startswith(student) and recorded.__file__.startswith(student), dlcourse.__file__
assert quiz.SHOW_ANSWERS is False and "<details>" not in quiz.Quiz("t", [quiz.TrueFalse("p", True, "e")])._repr_html_()
spec = importlib.util.spec_from_file_location("reference", sys.argv[2])
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

def shifted(value):   # a wrong answer: every number off by 0.5
    if isinstance(value, (tuple, list)):
        return type(value)(shifted(v) for v in value)
    return np.asarray(value, dtype=float) + 0.5

checked = 0
for checker in sorted(n for n in dir(quiz) if n.startswith("check_") and hasattr(reference, n[len("check_"):])):
    function = getattr(reference, checker[len("check_"):])
    assert getattr(quiz, checker)(function), checker
    wrong = (lambda f: lambda *args: shifted(f(*args)))(function)
    assert not getattr(quiz, checker)(wrong), checker
    checked += 1
# arguments never recorded: feedback, not an exception
verdict = quiz.check_function(lambda x: x, recorded.accuracy, [([1, 2], [1, 3])], name="accuracy")
assert not verdict and "확인할 수 없습니다" in verdict.message
print("checked", checked)
"""


def test_student_checkers_use_only_recorded_outputs(student):
    env = {**os.environ, "PYTHONPATH": str(student)}
    done = subprocess.run([sys.executable, "-c", STUDENT_CHECK, str(student), str(ROOT / "dlcourse" / "solutions.py")],
                          cwd=student, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split("checked")[-1]) == len(release.exercise_checkers())
    source = (student / "dlcourse" / "solutions.py").read_text(encoding="utf-8")
    assert set(release.solution_names()) <= {n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}


PROBE = "import dlcourse.quiz, dlcourse.solutions\nprint(dlcourse.solutions.__file__, dlcourse.quiz.SHOW_ANSWERS)"


@pytest.mark.parametrize("path", STUDENT_RUNS, ids=lambda p: p.name)
def test_student_notebook_runs_with_the_skeletons_unsolved(student, path, monkeypatch):
    """Quick mode, top to bottom, with the student package first on the kernel's path."""
    nb = nbformat.read(student / "notebooks" / path.name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    monkeypatch.setenv("PYTHONPATH", str(student))
    monkeypatch.setenv("DLCOURSE_QUICK", "1")
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(student / "notebooks")}}).execute()
    probe = nb.cells[-1].outputs[0]["text"].split()
    assert Path(probe[0]) == student / "dlcourse" / "solutions.py" and probe[1] == "False", probe
    for exercise in release.exercises(nb):
        feedback = "".join(o.get("text", "") for o in nb.cells[exercise["check_cell"]].outputs)
        assert "⏳" in feedback, (exercise["checker"], feedback)   # unsolved: a hint, not an error


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
@pytest.mark.parametrize("nbgrader", [False, True], ids=["plain", "nbgrader"])
def test_instructor_solutions_pass_their_checkers(path, nbgrader):
    """The filled-in cells (without running the notebook): every exercise checker passes."""
    nb = release.instructor_notebook(nbformat.read(path, as_version=4), nbgrader=nbgrader)
    found = release.exercises(nb)
    assert found, "every lecture has coding exercises"
    lecture_imports = {"np": np, "quiz": quiz}   # what the notebook imports from the course package
    for cell in nb.cells:
        if cell.cell_type == "code" and "from dlcourse" in cell.source:
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcourse"):
                    exec(compile(ast.Module([node], type_ignores=[]), path.name, "exec"), lecture_imports)
    for exercise in found:
        cell = nb.cells[exercise["def_cell"]]
        tree = ast.parse(cell.source)
        definitions = ast.Module([n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef))],
                                 type_ignores=[])
        namespace = dict(lecture_imports)
        exec(compile(definitions, path.name, "exec"), namespace)
        assert getattr(quiz, exercise["checker"])(namespace[exercise["name"]]), exercise
        assert "NotImplementedError" not in cell.source
        if nbgrader:
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            assert cell.metadata["nbgrader"]["solution"] is True
            test = nb.cells[exercise["check_cell"]]
            assert test.metadata["nbgrader"]["grade"] is True and test.metadata["nbgrader"]["points"] == 1
            assert test.source.lstrip().startswith(f"assert quiz.{exercise['checker']}(")
    if nbgrader:   # nbgrader copies cells as they are: the quiz answers are hidden here too
        assert all("quiz.hidden(" in c.source for c in nb.cells if "Quiz(" in c.source)


def test_instructor_edition_runs_and_reports(tmp_path, monkeypatch):
    """``build_instructor`` runs a notebook and reads the checkers' verdicts (00: the quickest)."""
    monkeypatch.setenv("DLCOURSE_QUICK", "1")
    path = NOTEBOOKS[0]
    assert release.build_instructor(tmp_path, [path], quick=True) == {}
    verdicts = release.checker_verdicts(nbformat.read(tmp_path / "notebooks" / path.name, as_version=4))
    assert verdicts and all("✅" in text for text in verdicts.values()), verdicts


def test_hidden_round_trip_and_bad_token():
    for value in [3, 0.51, True, "√0.75", [0.87, "√0.75"], "인공지능 ⊃ 머신러닝"]:
        token = release.base64.b64encode(repr(value).encode()).decode()
        assert quiz.hidden(token) == value
    with pytest.raises(ValueError, match="rebuild the student edition"):
        quiz.hidden("not base64!")


def test_show_answers_false_hides_the_fold(monkeypatch):
    q = quiz.Quiz("t", [quiz.MultipleChoice("p", ["a", "b"], 2, "because"), quiz.TrueFalse("q", False)])
    assert "<details>" in q._repr_html_() and "because" in q._repr_html_()
    monkeypatch.setattr(quiz, "SHOW_ANSWERS", False)
    html = q._repr_html_()
    assert "<details>" not in html and "정답 확인" not in html and "because" not in html and "① a" in html


def test_fingerprint_is_stable_and_distinguishes_arguments():
    a = (np.arange(6.0).reshape(2, 3), [1, (2, 0.5)], "x")
    assert release.fingerprint(a, {}) == release.fingerprint(release.copy.deepcopy(a), {})
    assert release.fingerprint(a, {}) != release.fingerprint((np.arange(6.0).reshape(3, 2), *a[1:]), {})
    assert release.fingerprint((1,), {}) != release.fingerprint((1.0,), {})
    assert release.fingerprint((), {"k": 1}) != release.fingerprint((1,), {})
    value = (np.float64(0.5), np.array([[1, 2]]), [float("nan"), 3], ((4,), 5))
    decoded = release.decode_value(release.encode_value(value))
    assert type(decoded[0]) is np.float64 and decoded[1].dtype == value[1].dtype and np.isnan(decoded[2][0])
    assert decoded[3] == ((4,), 5)


def test_release_is_tooling():
    assert "release" in run.TOOLING
    assert "release" not in run.package_modules(["from dlcourse import release"])


def _challenge_checkers():
    tree = ast.parse((ROOT / "dlcourse" / "quiz.py").read_text(encoding="utf-8"))
    return {node.name: sorted({ast.unparse(n) for n in ast.walk(node) if isinstance(n, ast.Attribute)
                               and isinstance(n.value, ast.Name) and n.value.id == "solutions"})
            for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
            and release.is_challenge(node.name)}


@pytest.mark.parametrize("checker", sorted(_challenge_checkers()))
def test_challenge_checkers_use_no_reference_solution(checker):
    """The student edition's solutions.py only knows the exercise checkers' own inputs."""
    assert not _challenge_checkers()[checker]


def test_hide_quiz_answers_needs_literals():
    source = 'q = quiz.Quiz("t", [quiz.TrueFalse("가나?", answer=True, explanation="다라마")])'
    hidden, n = release.hide_quiz_answers(source)
    assert n == 2 and "=True" not in hidden and "다라마" not in hidden and "가나?" in hidden
    namespace = {"quiz": quiz}
    exec(hidden, namespace)
    assert namespace["q"].check(1, "O") and not namespace["q"].check(1, "X")
    with pytest.raises(release.ReleaseError, match="literal"):
        release.hide_quiz_answers('q = quiz.Quiz("t", [quiz.ShortAnswer("p", 2 * n, "e")])')
