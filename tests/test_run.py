import hashlib

import nbformat
import pytest

from dlcourse import run


def make_notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return nb


def test_source_sha256_is_the_documented_digest(tmp_path):
    nb = make_notebook(tmp_path / "a.ipynb", "x = '한글'", "print(x)")
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("prose does not count"))
    expected = hashlib.sha256("x = '한글'\n# ---\nprint(x)".encode()).hexdigest()
    assert run.source_sha256(nb) == expected


def test_run_notebook_executes_stamps_and_collects_results(tmp_path):
    path = tmp_path / "01_demo.ipynb"
    make_notebook(path, "import dlcourse", "dlcourse.record(score=dlcourse.budget(full=1.0, quick=0.5))",
                  "dlcourse.record(steps=3)")
    stamp = run.run_notebook(path, quick=True)
    assert stamp["mode"] == "quick" and stamp["results"] == {"score": 0.5, "steps": 3}
    assert nbformat.read(path, 4).cells[1].outputs == []  # quick mode leaves the file alone
    stamp = run.run_notebook(path)
    assert stamp["results"]["score"] == 1.0
    stored = nbformat.read(path, 4)
    assert stored.metadata["dlcourse"]["mode"] == "full"
    assert stored.metadata["dlcourse"]["source_sha256"] == run.source_sha256(stored)
    assert [c.execution_count for c in stored.cells] == [1, 2, 3]
    table = run.format_table([("01_demo.ipynb", stamp)])
    assert "01_demo.ipynb" in table and "score=1" in table


def test_run_rejects_what_is_not_a_notebook(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a notebook"):
        run.run_notebook(tmp_path / "missing.ipynb")
