"""The notebooks as files: what a student opens and an instructor presents (nothing is run here)."""

import re
import warnings
from pathlib import Path

import nbformat
import pytest

from dlcourse import run

NOTEBOOKS = sorted(Path(__file__).resolve().parent.parent.joinpath("notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
MACHINE_PATH = re.compile(r"(/root/|/home/[a-z]|/tmp/|/work/|/Users/|C:\\\\)")


def test_lecture_notebooks_exist():
    names = [p.name for p in NOTEBOOKS]
    assert names and names[0] == "00_introduction.ipynb"
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", n) for n in names), names


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return nbformat.read(request.param, as_version=4)


def test_every_cell_has_slide_metadata(nb):
    missing = [i for i, c in enumerate(nb.cells)
               if c.metadata.get("slideshow", {}).get("slide_type") not in SLIDE_TYPES]
    assert not missing, f"cells without slideshow.slide_type: {missing}"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].metadata.slideshow.slide_type == "slide"
    title = nb.cells[0].source
    assert re.match(r"# \d\d\. ", title) and "학습목표" in title
    # The key-terms table: on the title slide, or (so that both fit a slide) on the next slide.
    shown = [c for c in nb.cells[1:] if c.metadata.slideshow.slide_type not in ("skip", "notes")]
    terms = shown[0] if shown and shown[0].metadata.slideshow.slide_type in ("slide", "subslide") else None
    assert "주요용어" in title or (terms and terms.cell_type == "markdown" and "주요용어" in terms.source)


def test_first_code_cell_sets_up_the_course(nb):
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "dlcourse.setup()" in first.source


def test_outputs_come_from_a_full_run_of_the_current_code(nb):
    stamp = nb.metadata.get("dlcourse")
    assert stamp, "never run with `python -m dlcourse.run`"
    assert stamp["mode"] == "full", "stored outputs must come from a full-mode run"
    assert stamp["source_sha256"] == run.source_sha256(nb), (
        "code changed after the last full run: `python -m dlcourse.run notebooks/<this notebook>`")
    assert stamp.get("package_sha256") == run.package_sha256(nb), (
        f"dlcourse modules this notebook uses ({', '.join(run.package_modules([c.source for c in nb.cells]))}) "
        "changed after the last full run: `python -m dlcourse.run notebooks/<this notebook>`")
    assert stamp["results"], "the notebook records no results (dlcourse.record)"
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_no_errors_debug_output_or_machine_paths(nb):
    for i, cell in enumerate(nb.cells):
        assert MACHINE_PATH.search(cell.source) is None, f"cell {i} names a machine path"
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {i} stores an error"
            text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
            assert MACHINE_PATH.search(text) is None, f"cell {i} output shows a machine path"
            if out.output_type == "stream" and out.name == "stderr":
                assert not re.search(r"^[IEW]\d{4} |Traceback", text, re.M), f"cell {i} has log noise: {text[:200]}"


def test_code_cells_compile_without_warnings(nb):
    """Invalid escapes such as "$\\eta$" warn today and are errors in a later Python."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                compile(source, f"cell {i}", "exec")


def test_stored_outputs_show_no_warnings(nb):
    """A full run whose cells warn (deprecations, bad arguments) stores the warning under the cell."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                assert not re.search(r"\w+Warning: ", out.text), f"cell {i} warns: {out.text[:300]}"


def test_markdown_tables_have_one_column_count(nb):
    """A stray '|' (e.g. p(h|v) in a cell) breaks a table into raw text on the slide; escape it as \\|."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        table = []
        for line in [*cell.source.splitlines(), ""]:
            if line.strip().startswith("|"):
                table.append(len(re.split(r"(?<!\\)\|", line.strip().strip("|"))))
            elif table:
                assert len(set(table)) == 1, f"cell {i}: table rows have {table} columns"
                table = []
