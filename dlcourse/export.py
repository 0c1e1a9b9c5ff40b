"""Copy the notebooks' saved cells into the package: the lesson's code has one source, its notebook.

A code cell whose first line is ``#@save`` holds lesson code that unit tests or later lectures
also need (a CD-k update, a DQN train step). The student reads and edits it in the notebook;
this command writes every saved cell of a lecture, in notebook order, into the generated block
of that lecture's topic module (``TOPICS``), between the ``BEGIN`` and ``END`` lines::

    python -m dlcourse.export           # rewrite the generated blocks from the notebooks
    python -m dlcourse.export --check   # exit 1 and name the modules that differ (CI runs this)

Everything outside the block (the module docstring, its imports, helpers that are not lesson
code) is written by hand. Never edit inside the block: edit the notebook and export.
"""

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
PACKAGE_DIR = ROOT / "dlcourse"

#: notebook stem -> the topic module (dlcourse/<module>.py) that receives its saved cells.
TOPICS = {
    "05_cnn": "cnn",
    "06_rnn_lstm": "sequences",
    "07_autoencoders": "autoencoders",
    "08_rbm_dbn": "rbm",
    "09_gan": "gan",
    "10_reinforcement_learning": "rl",
    "11_attention_transformer": "attention",
    "12_modern_cnn_transfer": "modern_cnn",
    "13_vae_diffusion": "vae_diffusion",
}

MARK = "#@save"
BEGIN = "# ---- BEGIN #@save cells of notebooks/{notebook}.ipynb (generated: edit the notebook) ----"
END = "# ---- END saved cells ----"


class ExportError(RuntimeError):
    """A topic module or notebook that the export cannot work with."""


def saved_cells(nb):
    """The sources of ``nb``'s code cells whose first line is ``#@save``, without that line."""
    cells = []
    for cell in nb.cells:
        lines = cell.source.splitlines() if cell.cell_type == "code" else []
        if lines and lines[0].strip() == MARK:
            cells.append("\n".join(lines[1:]).strip("\n"))
    return cells


def render(module_text, notebook, cells):
    """``module_text`` with its generated block replaced by ``cells`` (two blank lines apart)."""
    begin = BEGIN.format(notebook=notebook)
    lines = module_text.splitlines()
    if lines.count(begin) != 1 or lines.count(END) != 1 or lines.index(begin) > lines.index(END):
        raise ExportError(f"the module for {notebook}.ipynb needs exactly one pair of lines, in this order:\n"
                          f"{begin}\n{END}\n(the saved cells go between them)")
    if not cells:
        raise ExportError(f"notebooks/{notebook}.ipynb has no cell that starts with '{MARK}'")
    start, stop = lines.index(begin), lines.index(END)
    body = "\n\n\n".join(cells).splitlines()
    return "\n".join([*lines[:start + 1], *body, *lines[stop:]]) + "\n"


def export(check=False, notebook_dir=None, package_dir=None, topics=None):
    """Write (or with ``check=True`` only compare) every topic module; return the paths that differ.

    The folders default to the course's ``notebooks/`` and ``dlcourse/``; ``topics`` to ``TOPICS``.
    """
    notebook_dir, package_dir = Path(notebook_dir or NOTEBOOK_DIR), Path(package_dir or PACKAGE_DIR)
    stale = []
    for notebook, module in (TOPICS if topics is None else topics).items():
        nb_path, py_path = notebook_dir / f"{notebook}.ipynb", package_dir / f"{module}.py"
        current = py_path.read_text(encoding="utf-8")
        fresh = render(current, notebook, saved_cells(nbformat.read(nb_path, as_version=4)))
        if fresh != current:
            stale.append(py_path)
            if not check:
                py_path.write_text(fresh, encoding="utf-8")
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a module is out of date")
    args = parser.parse_args(argv)
    stale = export(check=args.check)
    for path in stale:
        verb = "differs from its notebook" if args.check else "rewritten"
        print(f"{path.relative_to(ROOT)}: {verb}")
    if args.check and stale:
        print("run `python -m dlcourse.export` after editing a #@save cell", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
