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


def test_package_modules_follow_imports_of_cells_and_modules(tmp_path, monkeypatch):
    package = tmp_path / "dlcourse"
    package.mkdir()
    sources = {"__init__": "", "runtime": "from dlcourse.validation import check\n", "validation": "",
               "plots": "", "quiz": "from dlcourse import solutions\n", "solutions": "", "datasets": "",
               "gan": "", "run": ""}
    for name, text in sources.items():
        (package / f"{name}.py").write_text(text)
    monkeypatch.setattr(run, "PACKAGE_DIR", package)
    cells = ["import dlcourse\nfrom dlcourse import plots, quiz", "x = dlcourse.datasets.load_iris()"]
    assert run.package_modules(cells) == ["__init__", "datasets", "plots", "quiz", "runtime", "solutions",
                                          "validation"]
    assert "run" not in run.package_modules(["from dlcourse import run"])  # tooling is not hashed
    assert "gan" in run.package_modules(["from dlcourse.gan import GAN"])


def test_editing_a_module_a_notebook_uses_changes_its_package_stamp(tmp_path, monkeypatch):
    package = tmp_path / "dlcourse"
    package.mkdir()
    for name in ("__init__", "runtime", "topic", "other"):
        (package / f"{name}.py").write_text(f"# {name}\n")
    (package / "topic.py").write_text("from dlcourse.other import x\n")
    monkeypatch.setattr(run, "PACKAGE_DIR", package)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from dlcourse import topic")])
    before = run.package_sha256(nb)
    (package / "unused.py").write_text("y = 1\n")
    assert run.package_sha256(nb) == before  # a module the notebook never reaches
    (package / "other.py").write_text("x = 2\n")  # reached through topic.py
    assert run.package_sha256(nb) != before


def sweep(path, body, seeds, capsys):
    """Run ``body`` after the setup cell as a quick seed sweep; the exit status and the printed report."""
    make_notebook(path, "import dlcourse\ndlcourse.setup()",
                  "import os\nseed = int(os.environ['DLCOURSE_SEED'])\n" + body)
    status = run.main(["--quick", "--seeds", seeds, str(path)])
    return status, capsys.readouterr().out


def test_seed_sweep_runs_each_seed_and_reports_mean_and_spread(tmp_path, capsys):
    path = tmp_path / "02_seeds.ipynb"
    status, out = sweep(path, "import numpy as np\ndlcourse.record(draw=float(np.random.rand()), seed=seed)",
                        "0,1", capsys)
    assert status == 0
    assert "seeds 0, 1" in out and "draw" in out
    assert "0.5 ± 0.5" in out  # the recorded seeds 0 and 1: mean 0.5, half-range 0.5
    assert nbformat.read(path, 4).cells[0].outputs == []  # a sweep never writes the notebook
    with pytest.raises(ValueError, match="never writes"):
        run.run_notebook(path, write=True, seed=1)


def test_seed_sweep_reports_a_failing_seed_and_goes_on(tmp_path, capsys):
    status, out = sweep(tmp_path / "03_fails.ipynb", "assert seed != 1, seed\ndlcourse.record(seed=seed)",
                        "0,1,2", capsys)
    assert status == 1
    assert "03_fails.ipynb seed 1: AssertionError at `assert seed != 1, seed`" in out
    assert "seeds 0, 2" in out and "1 ± 1" in out   # the other seeds are still summarised


def test_seed_list_is_validated():
    with pytest.raises(SystemExit):
        run.main(["--seeds", "a,b", "x.ipynb"])


def test_table_shows_reference_units_and_budget():
    stamps = [("05_cnn.ipynb", {"mode": "full", "wall_seconds": 30.0, "results": {"acc": 0.93}}),
              ("06_rnn.ipynb", {"mode": "full", "wall_seconds": 3.0 * (run.BUDGET_R + 1), "results": {}})]
    table = run.format_table(stamps, reference=3.0)
    assert " 10.0 ok " in table and "OVER" in table.splitlines()[-1]


def test_is_fresh_follows_the_stamp(tmp_path):
    path = tmp_path / "03_fresh.ipynb"
    make_notebook(path, "import dlcourse", "dlcourse.record(x=1)")
    run.run_notebook(path)
    assert run.is_fresh(path)
    nb = nbformat.read(path, 4)
    nb.cells[1].source = "dlcourse.record(x=2)"
    nbformat.write(nb, path)
    assert not run.is_fresh(path)
