"""The notebooks are the source of the lesson code in dlcourse: the package copy cannot drift."""

import shutil

import nbformat
import pytest

from dlcourse import export


def test_every_topic_module_matches_its_notebook():
    stale = export.export(check=True)
    assert not stale, f"{[p.name for p in stale]} differ from their notebooks: run `python -m dlcourse.export`"


@pytest.fixture
def lecture(tmp_path):
    """A one-lecture course in tmp_path: a notebook with two saved cells and its topic module."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "dlcourse").mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("#@save\ndef double(x):\n    return 2 * x"),
        nbformat.v4.new_code_cell("double(3)"),
        nbformat.v4.new_code_cell("#@save\nHALF = 0.5"),
    ])
    nbformat.write(nb, tmp_path / "notebooks" / "99_demo.ipynb")
    header = '"""Demo topic."""\n\n' + export.BEGIN.format(notebook="99_demo") + "\n" + export.END + "\n"
    (tmp_path / "dlcourse" / "demo.py").write_text(header)
    return tmp_path


def run_export(root, check):
    return export.export(check=check, notebook_dir=root / "notebooks", package_dir=root / "dlcourse",
                         topics={"99_demo": "demo"})


def test_export_writes_saved_cells_in_order_and_check_then_passes(lecture):
    assert run_export(lecture, check=False) == [lecture / "dlcourse" / "demo.py"]
    text = (lecture / "dlcourse" / "demo.py").read_text()
    assert "def double(x):\n    return 2 * x\n\n\nHALF = 0.5\n" + export.END in text
    assert "double(3)" not in text and f"\n{export.MARK}\n" not in text
    namespace = {}
    exec(text, namespace)
    assert namespace["double"](4) == 8
    assert run_export(lecture, check=True) == []


def test_check_fails_when_a_saved_cell_is_edited_and_not_exported(lecture):
    run_export(lecture, check=False)
    path = lecture / "notebooks" / "99_demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("2 * x", "x + x")
    nbformat.write(nb, path)
    assert run_export(lecture, check=True) == [lecture / "dlcourse" / "demo.py"]


def test_the_real_check_command_fails_on_an_edited_course_copy(tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(export.NOTEBOOK_DIR, root / "notebooks")
    shutil.copytree(export.PACKAGE_DIR, root / "dlcourse")
    monkeypatch.setattr(export, "NOTEBOOK_DIR", root / "notebooks")
    monkeypatch.setattr(export, "PACKAGE_DIR", root / "dlcourse")
    monkeypatch.setattr(export, "ROOT", root)
    assert export.main(["--check"]) == 0
    notebook = next(iter(export.TOPICS))
    path = root / "notebooks" / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    saved = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(export.MARK))
    saved.source += "\n# edited in the notebook only"
    nbformat.write(nb, path)
    assert export.main(["--check"]) == 1


def test_a_module_without_its_block_is_reported(lecture):
    (lecture / "dlcourse" / "demo.py").write_text('"""No block."""\n')
    with pytest.raises(export.ExportError, match="exactly one pair of lines"):
        run_export(lecture, check=True)
