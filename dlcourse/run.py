"""Execute notebooks, store their outputs and results, and print the course benchmark.

    python -m dlcourse.run notebooks/05_cnn.ipynb     # full mode: run, write outputs back
    python -m dlcourse.run --all                      # every notebook: the benchmark table
    python -m dlcourse.run --quick --all              # quick mode (CI budgets); files untouched

A full-mode run writes the outputs into the notebook and stamps ``metadata["dlcourse"]``:
mode, ``source_sha256`` (see :func:`source_sha256`), ``package_sha256`` (see
:func:`package_sha256`), wall seconds, time of the run and the values the notebook passed to
:func:`dlcourse.record`. The tests compare both hashes with the current code, so stored outputs
always come from the notebook's code and the package code that is there now.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dlcourse.runtime import QUICK_ENV, RESULTS_MIME

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
CELL_SEPARATOR = "\n# ---\n"
PACKAGE_DIR = Path(__file__).resolve().parent
#: Course tooling: it never changes what a notebook computes, so it is left out of the stamp.
TOOLING = {"run", "slides", "export"}
_IMPORT = re.compile(r"\bfrom dlcourse import ([\w, ()]+)|\bdlcourse\.(\w+)|\bfrom dlcourse\.(\w+) import")


def source_sha256(nb):
    """sha256 hex digest of the code cells' sources joined by ``"\\n# ---\\n"`` (UTF-8)."""
    sources = [cell.source if isinstance(cell.source, str) else "".join(cell.source)
               for cell in nb.cells if cell.cell_type == "code"]
    return hashlib.sha256(CELL_SEPARATOR.join(sources).encode("utf-8")).hexdigest()


def package_modules(sources):
    """Names of the dlcourse modules that code ``sources`` use, directly or through each other."""
    todo, found = list(sources), {"__init__", "runtime"}
    while todo:
        for match in _IMPORT.finditer(todo.pop()):
            names = match.group(1).replace("(", " ").replace(")", " ").split(",") if match.group(1) else [
                match.group(2) or match.group(3)]
            for name in (n.strip() for n in names):
                path = PACKAGE_DIR / f"{name}.py"
                if name not in found and name not in TOOLING and path.is_file():
                    found.add(name)
                    todo.append(path.read_text(encoding="utf-8"))
    return sorted(found)


def package_sha256(nb):
    """sha256 hex digest of the dlcourse sources (``name.py`` + source) that ``nb``'s code uses."""
    sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    digest = hashlib.sha256()
    for name in package_modules(sources):
        digest.update(f"{name}.py\n".encode() + (PACKAGE_DIR / f"{name}.py").read_bytes())
    return digest.hexdigest()


def collect_results(nb):
    """Merge every ``dlcourse.record`` output of the notebook, in cell order."""
    results = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULTS_MIME in data:
                results.update(data[RESULTS_MIME])
    return results


def run_notebook(path, quick=False, write=None, timeout=1800):
    """Execute ``path`` top to bottom in a fresh kernel; return its ``metadata["dlcourse"]`` stamp.

    ``write`` defaults to True in full mode and False in quick mode: stored outputs are
    always full-mode outputs.
    """
    path = Path(path)
    if not path.is_file() or path.suffix != ".ipynb":
        raise FileNotFoundError(f"{path} is not a notebook file (expected notebooks/NN_topic.ipynb)")
    write = (not quick) if write is None else write
    nb = nbformat.read(path, as_version=4)
    previous = os.environ.get(QUICK_ENV)
    os.environ[QUICK_ENV] = "1" if quick else "0"
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
    finally:
        if previous is None:
            os.environ.pop(QUICK_ENV, None)
        else:
            os.environ[QUICK_ENV] = previous
    stamp = {
        "mode": "quick" if quick else "full",
        "source_sha256": source_sha256(nb),
        "package_sha256": package_sha256(nb),
        "wall_seconds": round(seconds, 1),
        "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "results": collect_results(nb),
    }
    nb.metadata["dlcourse"] = stamp
    if write:
        nbformat.write(nb, path)
    return stamp


def format_table(rows):
    """The benchmark table: one line per notebook with its mode, seconds and results."""
    lines = [f"{'notebook':<32} {'mode':<6} {'seconds':>8}  results", "-" * 100]
    for name, stamp in rows:
        results = ", ".join(f"{k}={_short(v)}" for k, v in stamp["results"].items())
        lines.append(f"{name:<32} {stamp['mode']:<6} {stamp['wall_seconds']:>8.1f}  {results}")
    return "\n".join(lines)


def _short(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "[" + ",".join(_short(v) for v in value) + "]"
    return str(value)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebook files to run")
    parser.add_argument("--all", action="store_true", help="run every notebook in notebooks/ (the benchmark)")
    parser.add_argument("--quick", action="store_true", help="small budgets (DLCOURSE_QUICK=1); files are not written")
    parser.add_argument("--json", help="also write the stamps of this run to this JSON file")
    args = parser.parse_args(argv)
    paths = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")) if args.all else [Path(p) for p in args.notebooks]
    if not paths:
        parser.error("name notebooks to run, or use --all")
    rows = []
    for path in paths:
        print(f"running {path.name} ({'quick' if args.quick else 'full'}) ...", flush=True)
        rows.append((path.name, run_notebook(path, quick=args.quick)))
        print(format_table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(format_table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(dict(rows), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
