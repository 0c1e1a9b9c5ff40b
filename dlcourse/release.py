"""Build the two editions of the course that are handed out.

    python -m dlcourse.release student                 # build/student: no solutions, no quiz answers
    python -m dlcourse.release instructor              # build/instructor: solutions filled in, run (quick), checked
    python -m dlcourse.release instructor --full       # ... run in full mode
    python -m dlcourse.release instructor --nbgrader   # ... as nbgrader source notebooks
    python -m dlcourse.release instructor notebooks/05_cnn.ipynb   # only some notebooks

The student edition copies the notebooks, the ``dlcourse`` package and the data. In the
notebooks every quiz answer and explanation becomes ``quiz.hidden("<base64>")`` and the quiz
cells lose their stored outputs; the copied ``quiz.py`` shows no answer fold
(``SHOW_ANSWERS = False``); the copied ``solutions.py`` is generated: it holds no solution code,
only the outputs of the references on the arguments the checkers themselves use (recorded here
by running every checker with its reference). A checker given other arguments says so in
Korean instead of failing.

The instructor edition fills each exercise skeleton (a ``def`` whose name a ``quiz.check_*``
cell checks) with the reference from :mod:`dlcourse.solutions`, runs the notebooks and asserts
that every exercise checker passes. Challenges (``check_challenge_*``, open-ended) have no
reference solution and are left as they are in both editions.
"""

import argparse
import ast
import base64
import builtins
import contextlib
import copy
import functools
import hashlib
import inspect
import io
import re
import shutil
import sys
import textwrap
from pathlib import Path

import nbformat
import numpy as np

from dlcourse import quiz, solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
PACKAGE_DIR = ROOT / "dlcourse"
#: Arguments of the quiz question classes that hold the answer or its explanation.
HIDDEN_ARGUMENTS = ("answer", "answers", "explanation")
#: Files copied with the student edition besides the notebooks and the package.
STUDENT_FILES = ("GLOSSARY.md", "requirements.txt", "pyproject.toml")
_CHECK_CALL = re.compile(r"\bquiz\.(check_\w+)\(\s*(\w+)\s*\)")
_FOLD_SENTENCE = re.compile(r" ?정답은 접힌 칸에 있습니다\.")


class ReleaseError(RuntimeError):
    """Something in the course keeps an edition from being built (the message says what)."""


# ---- discovery -------------------------------------------------------------------------------

def notebook_paths(names=()):
    """The lecture notebooks (``notebooks/NN_*.ipynb``), or the ones named."""
    if names:
        return [Path(name).resolve() for name in names]
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def solution_names(module=solutions):
    """Names of the reference functions defined in ``module`` (not the ones it imports)."""
    return sorted(name for name, value in vars(module).items()
                  if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_"))


def is_challenge(checker_name):
    return "challenge" in checker_name


def exercise_checkers(module=quiz, reference_module=solutions):
    """``{checker name: reference name}`` for every ``check_<name>`` with a reference ``<name>``."""
    references = set(solution_names(reference_module))
    return {name: name[len("check_"):] for name, value in vars(module).items()
            if name.startswith("check_") and callable(value) and name[len("check_"):] in references
            and not is_challenge(name)}


def exercises(nb):
    """The coding exercises of a notebook: dicts with the student's function ``name``, the
    ``checker``, the ``reference`` (name in solutions.py), the index of the skeleton's cell
    (``def_cell``) and of the checker's cell (``check_cell``)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for checker, name in _CHECK_CALL.findall(cell.source):
            if is_challenge(checker):
                continue
            def_cell = next((i for i in range(index, -1, -1) if nb.cells[i].cell_type == "code"
                             and re.search(rf"^def {re.escape(name)}\(", nb.cells[i].source, re.M)), None)
            reference = name if name in solution_names() else checker[len("check_"):]
            if def_cell is None:
                raise ReleaseError(f"{checker}({name}): no cell defines `def {name}(` before the check")
            if reference not in solution_names():
                raise ReleaseError(f"{checker}({name}): dlcourse/solutions.py has neither {name} nor {reference}")
            found.append({"name": name, "checker": checker, "reference": reference,
                          "def_cell": def_cell, "check_cell": index})
    return found


# ---- recording the references' outputs -------------------------------------------------------

def fingerprint(args, kwargs):
    """A stable sha256 of call arguments: arrays by dtype, shape and bytes, containers element by
    element, scalars by type and repr. TypeError for objects without a stable form (models ...)."""
    digest = hashlib.sha256()

    def feed(value):
        if isinstance(value, np.ndarray):
            if value.dtype.kind == "O":
                digest.update(b"O" + repr(value.shape).encode())
                for item in value.ravel().tolist():
                    feed(item)
            else:
                digest.update(b"A" + value.dtype.str.encode() + repr(value.shape).encode())
                digest.update(np.ascontiguousarray(value).tobytes())
        elif isinstance(value, np.generic):
            digest.update(b"G" + value.dtype.str.encode() + np.asarray(value).tobytes())
        elif isinstance(value, (list, tuple)):
            digest.update(f"{type(value).__name__}[{len(value)}](".encode())
            for item in value:
                feed(item)
            digest.update(b")")
        elif isinstance(value, dict):
            digest.update(f"dict[{len(value)}](".encode())
            for key in sorted(value, key=repr):
                feed(key)
                feed(value[key])
            digest.update(b")")
        elif value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
            digest.update(f"{type(value).__name__}:{value!r};".encode())
        else:
            raise TypeError(f"no stable fingerprint for a {type(value).__name__} argument")

    feed(tuple(args))
    feed(dict(kwargs))
    return digest.hexdigest()


def encode_value(value):
    """A literal (nested tuples of str, int, float) that :func:`decode_value` turns back into ``value``."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            raise TypeError(f"cannot record an array of dtype {value.dtype}")
        data = base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii")
        return ("ndarray", value.dtype.str, tuple(value.shape), data)
    if isinstance(value, np.generic):
        return ("generic", value.dtype.str, base64.b64encode(np.asarray(value).tobytes()).decode("ascii"))
    if isinstance(value, tuple):
        return ("tuple", tuple(encode_value(v) for v in value))
    if isinstance(value, list):
        return ("list", tuple(encode_value(v) for v in value))
    if isinstance(value, float) and not np.isfinite(value):
        return ("float", repr(value))
    if value is None or isinstance(value, (bool, int, float, str)):
        return ("literal", value)
    raise TypeError(f"cannot record a {type(value).__name__} output")


def decode_value(code):
    """The value that :func:`encode_value` encoded (arrays are fresh, writable copies)."""
    kind = code[0]
    if kind == "ndarray":
        return np.frombuffer(base64.b64decode(code[3]), dtype=np.dtype(code[1])).reshape(code[2]).copy()
    if kind == "generic":
        return np.frombuffer(base64.b64decode(code[2]), dtype=np.dtype(code[1]))[0]
    if kind == "tuple":
        return tuple(decode_value(v) for v in code[1])
    if kind == "list":
        return [decode_value(v) for v in code[1]]
    if kind == "float":
        return float(code[1])
    return code[1]


def _exhaustive(reduce):
    """``all``/``any`` that evaluates every element first, so that a checker's search for a
    known mistake calls the reference on every case while recording."""
    @functools.wraps(reduce)
    def evaluate_all(iterable):
        return reduce(list(iterable))
    return evaluate_all


@contextlib.contextmanager
def _recording(table, module=solutions, checker_module=quiz):
    """Within the block, every call of a reference function records ``(args, kwargs) -> output``."""
    originals = {name: getattr(module, name) for name in solution_names(module)}

    def recorder(name, function):
        @functools.wraps(function)
        def record(*args, **kwargs):
            key = fingerprint(args, kwargs)   # before the call: the reference might change an argument
            out = function(*args, **kwargs)
            table.setdefault(name, {})[key] = encode_value(copy.deepcopy(out))
            return out
        return record

    patched = {"all": _exhaustive(builtins.all), "any": _exhaustive(builtins.any)}
    saved = {name: vars(checker_module).get(name) for name in patched}
    try:
        for name, function in originals.items():
            setattr(module, name, recorder(name, function))
        for name, function in patched.items():
            setattr(checker_module, name, function)
        yield originals
    finally:
        for name, function in originals.items():
            setattr(module, name, function)
        for name, function in saved.items():
            if function is None:
                delattr(checker_module, name)
            else:
                setattr(checker_module, name, function)


def record_reference_outputs(module=solutions, checker_module=quiz):
    """``{reference name: {fingerprint: encoded output}}`` from running every exercise checker with
    its reference as the student's function. ReleaseError when a reference fails its checker."""
    table = {}
    checkers = exercise_checkers(checker_module, module)
    with _recording(table, module, checker_module) as originals, contextlib.redirect_stdout(io.StringIO()):
        failed = [checker for checker, reference in checkers.items()
                  if not getattr(checker_module, checker)(originals[reference])]
    if failed:
        raise ReleaseError(f"the reference solutions fail their own checkers: {', '.join(failed)}")
    return table


# ---- the student edition -----------------------------------------------------------------------

STUDENT_SOLUTIONS_HEADER = '''\
"""Expected outputs of the coding exercises, for the ``check_*`` functions in :mod:`dlcourse.quiz`.

The student edition of the course holds no reference solution: this module was generated by
``python -m dlcourse.release student`` and knows only the outputs on the arguments the checkers
themselves use. Solve the exercises in the notebooks.
"""

import base64
import hashlib

import numpy as np

'''

STUDENT_SOLUTIONS_FOOTER = '''

class UnrecordedCall(LookupError):
    """The checker asked for an output that was not recorded (arguments of its own, or a checker
    newer than this edition); ``dlcourse.quiz`` turns it into feedback."""


def _recorded(name, args, kwargs):
    try:
        key = fingerprint(args, kwargs)
        code = _OUTPUTS[name][key]
    except (KeyError, TypeError):
        raise UnrecordedCall(f"{name}: no recorded output for these arguments") from None
    return decode_value(code)
'''

STUDENT_QUIZ_FOOTER = '''

# ---- student edition (generated by python -m dlcourse.release) ----
# The references in solutions.py are recorded outputs; a checker that asks for an output never
# recorded gives feedback instead of an error.

def _feedback_when_unrecorded(checker):
    import functools

    @functools.wraps(checker)
    def checked(*args, **kwargs):
        try:
            return checker(*args, **kwargs)
        except solutions.UnrecordedCall as exc:
            return Verdict(False, f"❓ {checker.__name__}: 이 입력은 확인할 수 없습니다. 학생용 배포판의 채점기는 "
                                  f"자기 테스트 입력의 기대값만 가지고 있습니다 ({exc}).")
    return checked


for _name, _value in list(globals().items()):
    if _name.startswith("check_") and callable(_value):
        globals()[_name] = _feedback_when_unrecorded(_value)
del _name, _value
'''

STUDENT_README = """\
# 딥러닝 강의 노트북 — 학생용

강의 순서대로 놓인 노트북(`notebooks/`)과 노트북이 함께 쓰는 패키지 `dlcourse`입니다.

```bash
python -m pip install -r requirements.txt && jupyter lab notebooks/
```

- 확인 문제는 `quiz.check(번호, 답)`으로 채점합니다. 이 배포판에는 답이 들어 있지 않습니다.
- 코딩 연습은 `raise NotImplementedError`를 지우고 함수를 채운 뒤 바로 아래 `quiz.check_…` 셀을 실행합니다.
  채점기는 미리 기록해 둔 기대값과 비교해 무엇이 틀렸는지 알려 줍니다.
- 도전 과제는 정해진 답이 없습니다. 채점기가 여러분의 결과를 재어 강의의 결과와 나란히 보여 줍니다.
- 노트북에 저장된 출력(그림, 표, 학습 결과)은 강의의 전체 모드 실행 결과입니다.
"""


def generate_student_solutions(table, module=solutions):
    """Source of the student edition's solutions.py: the re-exported helpers that ``module``
    imports, one stub per reference that returns the recorded output, and the table."""
    lines = [STUDENT_SOLUTIONS_HEADER]
    for name, value in sorted(vars(module).items()):
        if name.startswith("_") or (inspect.isfunction(value) and value.__module__ == module.__name__):
            continue
        if inspect.ismodule(value) and value.__name__ != "numpy":
            lines.append(f"import {value.__name__} as {name}\n")
        elif callable(value) and getattr(value, "__module__", "").startswith("dlcourse."):
            lines.append(f"from {value.__module__} import {value.__name__} as {name}  # lecture code\n")
    lines.append("\n")
    for helper in (fingerprint, decode_value):
        lines.append("\n" + inspect.getsource(helper) + "\n")
    for name in solution_names(module):
        lines.append(f"\ndef {name}(*args, **kwargs):\n"
                     f'    """Recorded outputs of the reference ``{name}`` (see the notebook)."""\n'
                     f"    return _recorded({name!r}, args, kwargs)\n\n")
    lines.append(STUDENT_SOLUTIONS_FOOTER)
    lines.append("\n\n_OUTPUTS = {\n")
    for name in sorted(table):
        lines.append(f"    {name!r}: {{\n")
        for key, code in table[name].items():
            lines.append(f"        {key!r}: {code!r},\n")
        lines.append("    },\n")
    lines.append("}\n")
    source = "".join(lines)
    compile(source, "solutions.py", "exec")
    return source


def _str_offset(lines, lineno, col):
    """String index of the UTF-8 byte position (``lineno``, ``col``) reported by ast."""
    return sum(len(line) for line in lines[:lineno - 1]) + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))


def _question_parameters(module=quiz):
    """``{question class name: {hidden parameter name: position}}`` from the classes' signatures."""
    found = {}
    for name, cls in vars(module).items():
        if inspect.isclass(cls) and issubclass(cls, module.Question) and cls is not module.Question:
            params = list(inspect.signature(cls.__init__).parameters)[1:]
            found[name] = {p: i for i, p in enumerate(params) if p in HIDDEN_ARGUMENTS}
    return found


def hide_quiz_answers(source, module=quiz):
    """``source`` with every answer and explanation of a quiz question replaced by
    ``quiz.hidden("<base64 of repr(value)>")``; the number of arguments hidden."""
    tree = ast.parse(source)
    questions = _question_parameters(module)
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in questions:
            continue
        if not isinstance(func, ast.Attribute):
            raise ReleaseError(f"write the question as quiz.{name}(...) so that its answer can be hidden")
        prefix = ast.get_source_segment(source, func.value)
        hidden = [node.args[i] for p, i in questions[name].items() if i < len(node.args)]
        hidden += [kw.value for kw in node.keywords if kw.arg in questions[name]]
        for arg in hidden:
            try:
                value = ast.literal_eval(arg)
            except ValueError:
                raise ReleaseError(f"line {arg.lineno}: a quiz answer or explanation must be a literal, "
                                   f"got {ast.get_source_segment(source, arg)!r}") from None
            token = base64.b64encode(repr(value).encode("utf-8")).decode("ascii")
            if module.hidden(token) != value:
                raise ReleaseError(f"line {arg.lineno}: {value!r} does not survive repr/literal_eval")
            spans.append((arg, f'{prefix}.hidden("{token}")'))
    lines = source.splitlines(keepends=True)
    for arg, text in sorted(spans, key=lambda s: (s[0].lineno, s[0].col_offset), reverse=True):
        start = _str_offset(lines, arg.lineno, arg.col_offset)
        end = _str_offset(lines, arg.end_lineno, arg.end_col_offset)
        source = source[:start] + text + source[end:]
    ast.parse(source)
    return source, len(spans)


def _quiz_names(source):
    """Names assigned a ``….Quiz(...)`` in ``source``."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) == "Quiz":
                names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names


def _clear(cell):
    cell.outputs = []
    cell.execution_count = None


def hide_quizzes(nb, module=quiz):
    """Hide the answers of every quiz cell in ``nb`` (in place) and clear the outputs of the quiz
    cells and of the cells that check a quiz answer; returns the number of arguments hidden."""
    count, quiz_names = 0, []
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"\bQuiz\(", cell.source):
            cell.source, n = hide_quiz_answers(cell.source, module)
            count += n
            quiz_names += _quiz_names(cell.source)
            _clear(cell)
    for cell in nb.cells:
        if cell.cell_type == "code" and any(re.search(rf"\b{name}\.check\(", cell.source) for name in quiz_names):
            _clear(cell)
    return count


def student_notebook(nb, module=quiz):
    """The student edition of a notebook (a copy): quiz answers hidden, no "정답 확인" fold mentioned."""
    nb = copy.deepcopy(nb)
    hide_quizzes(nb, module)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _FOLD_SENTENCE.sub("", cell.source)
    nb.metadata.setdefault("dlcourse", {})["edition"] = "student"
    return nb


def build_student(out, paths=None):
    """Write the student edition into ``out`` (replaced if present); returns ``out``."""
    out = Path(out)
    paths = notebook_paths() if paths is None else paths
    table = record_reference_outputs()
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    shutil.copytree(PACKAGE_DIR, out / "dlcourse", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "release.py"))
    shutil.copytree(ROOT / "data", out / "data", ignore=shutil.ignore_patterns("*.part"))
    for name in STUDENT_FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, out / name)
    (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
    quiz_py = out / "dlcourse" / "quiz.py"
    text, n = re.subn(r"^SHOW_ANSWERS = True\b", "SHOW_ANSWERS = False", quiz_py.read_text(encoding="utf-8"),
                      count=1, flags=re.M)
    if n != 1:
        raise ReleaseError("dlcourse/quiz.py has no line `SHOW_ANSWERS = True` to turn off")
    quiz_py.write_text(text + STUDENT_QUIZ_FOOTER, encoding="utf-8")
    (out / "dlcourse" / "solutions.py").write_text(generate_student_solutions(table), encoding="utf-8")
    for path in paths:
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), out / "notebooks" / path.name)
    return out


# ---- the instructor edition ----------------------------------------------------------------------

def _global_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _global_names(const)
    return names


def _bound_names(nb):
    """Names that the notebook's code cells bind at top level (imports, defs, assignments)."""
    bound = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:   # a cell magic: nothing to learn from it
            continue
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                bound.add(node.name)
            else:
                targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
                targets += [item.optional_vars for item in getattr(node, "items", [])]
                bound |= {n.id for t in targets if t is not None for n in ast.walk(t) if isinstance(n, ast.Name)}
    return bound


def solution_source(reference, name, nbgrader=False, docstring=None):
    """Source of the reference function ``reference`` (from solutions.py) renamed to ``name``.

    With ``nbgrader``, the body (after the docstring) is wrapped in ``### BEGIN SOLUTION`` /
    ``### END SOLUTION`` and the reference's docstring is replaced by ``docstring`` (the
    skeleton's), or dropped.
    """
    function = getattr(solutions, reference)
    source = textwrap.dedent(inspect.getsource(function))
    tree = ast.parse(source).body[0]
    lines = source.splitlines()
    header_end = tree.body[0].lineno - 1   # lines before the first body statement
    lines[0] = re.sub(rf"^def {re.escape(reference)}\(", f"def {name}(", lines[0])
    if not nbgrader:
        return "\n".join(lines) + "\n"
    body = tree.body
    has_doc = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
        and isinstance(body[0].value.value, str)
    code_start = body[1].lineno - 1 if has_doc else body[0].lineno - 1
    indent = re.match(r"\s*", lines[code_start]).group(0)
    header = lines[:header_end]
    doc = [f'{indent}"""{docstring}"""'] if docstring else []   # the reference's docstring may give it away
    return "\n".join(header + doc + [f"{indent}### BEGIN SOLUTION"] + lines[code_start:]
                     + [f"{indent}### END SOLUTION"]) + "\n"


def _imports_for(reference, bound):
    """Import lines for the globals the reference uses that the notebook never binds."""
    function = getattr(solutions, reference)
    lines = []
    for name in sorted(_global_names(function.__code__)):
        if name in bound or name not in function.__globals__ or name in vars(builtins):
            continue
        value = function.__globals__[name]
        if inspect.ismodule(value):
            lines.append(f"import {value.__name__}" + (f" as {name}" if name != value.__name__ else ""))
        elif getattr(value, "__module__", None) and value.__module__ != solutions.__name__:
            lines.append(f"from {value.__module__} import {value.__name__}"
                         + (f" as {name}" if name != value.__name__ else ""))
        elif inspect.isfunction(value):   # another reference function it calls
            lines.append(solution_source(name, name).rstrip())
    return lines


def _replace_def(source, name, replacement):
    """``source`` with the top-level ``def name`` (decorators included) replaced by ``replacement``."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    lines = source.splitlines(keepends=True)
    start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
    end = node.end_lineno
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + replacement + ("\n" + tail.lstrip("\n") if tail.strip() else "")


def _skeleton_docstring(source, name):
    node = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name)
    return ast.get_docstring(node, clean=False)


def _nbgrader(cell, grade_id, solution=False, points=None):
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta


def instructor_notebook(nb, nbgrader=False):
    """The instructor edition of a notebook (a copy): each exercise skeleton replaced by its reference.

    With ``nbgrader``, the solutions are wrapped in ``### BEGIN SOLUTION`` / ``### END SOLUTION``,
    the checks become ``assert quiz.check_…(…)`` autograder test cells (1 point each) and the quiz
    answers are hidden as in the student edition (an nbgrader release copies the cells as they are).
    """
    nb = copy.deepcopy(nb)
    bound = _bound_names(nb)
    found = exercises(nb)
    for exercise in found:
        cell = nb.cells[exercise["def_cell"]]
        name, reference = exercise["name"], exercise["reference"]
        docstring = _skeleton_docstring(cell.source, name) if nbgrader else None
        replacement = "\n".join(_imports_for(reference, bound) + [""]).lstrip("\n")
        replacement += solution_source(reference, name, nbgrader=nbgrader, docstring=docstring)
        cell.source = _replace_def(cell.source, name, replacement)
    if nbgrader:
        hide_quizzes(nb)
        for exercise in reversed(found):   # from the end: splitting a cell shifts the later indices
            _nbgrader_cells(nb, exercise)
        nb.metadata["celltoolbar"] = "Create Assignment"
    nb.metadata.setdefault("dlcourse", {})["edition"] = "instructor"
    return nb


def _nbgrader_cells(nb, exercise):
    name, checker = exercise["name"], exercise["checker"]
    call = re.compile(rf"^quiz\.{checker}\(\s*{name}\s*\)\s*$", re.M)
    def_cell = nb.cells[exercise["def_cell"]]
    if exercise["def_cell"] == exercise["check_cell"]:   # one cell: split the check off
        test = nbformat.v4.new_code_cell(call.search(def_cell.source).group(0).strip())
        test.metadata["slideshow"] = {"slide_type": "-"}
        def_cell.source = call.sub("", def_cell.source).rstrip() + "\n"
        nb.cells.insert(exercise["def_cell"] + 1, test)
    else:
        test = nb.cells[exercise["check_cell"]]
    test.source = call.sub(lambda m: "assert " + m.group(0).strip(), test.source)
    _nbgrader(def_cell, name, solution=True)
    _nbgrader(test, checker, points=1)


def checker_verdicts(nb):
    """``{checker: printed feedback}`` of the exercise checkers in an executed notebook."""
    verdicts = {}
    for exercise in exercises(nb):
        cell = nb.cells[exercise["check_cell"]]
        text = "".join(out.get("text", "") for out in cell.get("outputs", []) if out.output_type == "stream")
        errors = [f"{out.ename}: {out.evalue}" for out in cell.get("outputs", []) if out.output_type == "error"]
        verdicts[exercise["checker"]] = "\n".join([text.strip(), *errors]).strip()
    return verdicts


def _describe_error(exc):
    """One line for a failed run: the error and the first line of the cell that raised it."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
    parts = text.split("------------------\n")
    cell = parts[1].strip().splitlines()[0][:120] if len(parts) > 2 and parts[1].strip() else ""
    error = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', text.strip()[-300:])}"
    return error + (f" (in the cell that starts `{cell}`)" if cell else "")


def build_instructor(out, paths=None, quick=True, nbgrader=False, execute=True):
    """Write the instructor edition into ``out`` and (unless ``execute`` is false) run each notebook;
    returns ``{notebook name: [checkers that did not pass]}``."""
    from dlcourse.run import run_notebook

    out = Path(out)
    paths = notebook_paths() if paths is None else paths
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    if (ROOT / "GLOSSARY.md").is_file():
        shutil.copy2(ROOT / "GLOSSARY.md", out / "GLOSSARY.md")
    failures = {}
    for path in paths:
        target = out / "notebooks" / path.name
        nbformat.write(instructor_notebook(nbformat.read(path, as_version=4), nbgrader=nbgrader), target)
        if not execute:
            continue
        print(f"running {path.name} ({'quick' if quick else 'full'}) ...", flush=True)
        try:
            run_notebook(target, quick=quick, write=True)
        except Exception as exc:  # a cell error: report it with the other notebooks' results
            failures[path.name] = [_describe_error(exc)]
            continue
        verdicts = checker_verdicts(nbformat.read(target, as_version=4))
        bad = [f"{checker}: {text or '(no output)'}" for checker, text in verdicts.items() if "✅" not in text]
        print(f"  {len(verdicts) - len(bad)}/{len(verdicts)} exercise checks passed", flush=True)
        if bad:
            failures[path.name] = bad
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.release", description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=["student", "instructor"])
    parser.add_argument("notebooks", nargs="*", help="only these notebooks (default: every lecture)")
    parser.add_argument("--out", help="output folder (default: build/<edition>)")
    parser.add_argument("--full", action="store_true", help="instructor: run in full mode (default: quick)")
    parser.add_argument("--no-run", action="store_true", help="instructor: write the notebooks without running them")
    parser.add_argument("--nbgrader", action="store_true",
                        help="instructor: nbgrader source notebooks (solution regions, autograder test cells)")
    args = parser.parse_intermixed_args(argv)
    out = Path(args.out or ROOT / "build" / args.edition)
    paths = notebook_paths(args.notebooks)
    try:
        if args.edition == "student":
            if args.full or args.no_run or args.nbgrader:
                parser.error("--full, --no-run and --nbgrader are options of the instructor edition")
            build_student(out, paths)
            print(f"student edition: {out} ({len(paths)} notebooks)")
            return 0
        failures = build_instructor(out, paths, quick=not args.full, nbgrader=args.nbgrader,
                                    execute=not args.no_run)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"instructor edition: {out} ({len(paths)} notebooks)")
    for name, problems in failures.items():
        print(f"FAILED {name}:")
        for problem in problems:
            print(f"  {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
