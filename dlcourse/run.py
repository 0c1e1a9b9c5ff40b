"""Execute notebooks, store their outputs and results, and print the course benchmark.

    python -m dlcourse.run notebooks/05_cnn.ipynb     # full mode: run, write outputs back
    python -m dlcourse.run --all                      # every notebook: the benchmark table
    python -m dlcourse.run --stale                    # only notebooks whose stored outputs are stale
    python -m dlcourse.run --quick --all              # quick mode (CI budgets); files untouched
    python -m dlcourse.run --seeds 0,1,2 notebooks/05_cnn.ipynb   # seed sweep; files untouched

Times are printed in seconds and in reference units (R): one R is the time this machine takes
for a fixed small Keras training job (``REFERENCE_JOB``), measured first. A notebook's time in R
compares across machines; the course budget is ``BUDGET_R`` per notebook in full mode.

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
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from dlcourse.runtime import QUICK_ENV, RESULTS_MIME, SEED_ENV

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
#: The reference job: 3 epochs of a 784-256-10 MLP on 20,000 fixed random samples (after one
#: warm-up epoch), in a fresh Python process; it prints its seconds.
REFERENCE_JOB = """
import os, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras, numpy as np
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).random((20_000, 784), dtype="float32")
y = x[:, :10].argmax(axis=1)
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=64, verbose=0)
start = time.perf_counter()
model.fit(x, y, epochs=3, batch_size=64, verbose=0)
print(time.perf_counter() - start)
"""
#: Full-mode budget per notebook, in reference units: 150 R is 5 minutes where R = 2.0 s (see README).
BUDGET_R = 150
CELL_SEPARATOR = "\n# ---\n"
PACKAGE_DIR = Path(__file__).resolve().parent
#: Course tooling: it never changes what a notebook computes, so it is left out of the stamp.
TOOLING = {"run", "slides", "export", "release"}
_IMPORT = re.compile(r"\bfrom dlcourse import ([\w, ()]+)|\bdlcourse\.(\w+)|\bfrom dlcourse\.(\w+) import")


def source_sha256(nb):
    """sha256 hex digest of the code cells' sources joined by ``"\\n# ---\\n"`` (UTF-8)."""
    sources = [cell.source if isinstance(cell.source, str) else "".join(cell.source)
               for cell in nb.cells if cell.cell_type == "code"]
    return hashlib.sha256(CELL_SEPARATOR.join(sources).encode("utf-8")).hexdigest()


def package_modules(sources):
    """Names of the dlcourse modules that code ``sources`` use, directly or through each other."""
    todo, found = [*sources, "import dlcourse.runtime"], {"__init__"}  # every notebook imports both
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


def is_fresh(path):
    """True when ``path``'s stored outputs come from a full run of its current code and package."""
    nb = nbformat.read(path, as_version=4)
    stamp = nb.metadata.get("dlcourse", {})
    return (stamp.get("mode") == "full" and stamp.get("source_sha256") == source_sha256(nb)
            and stamp.get("package_sha256") == package_sha256(nb))


def reference_seconds():
    """Seconds this machine takes for ``REFERENCE_JOB`` (one R), measured in a fresh process."""
    done = subprocess.run([sys.executable, "-c", REFERENCE_JOB], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def run_notebook(path, quick=False, write=None, timeout=1800, seed=None):
    """Execute ``path`` top to bottom in a fresh kernel; return its ``metadata["dlcourse"]`` stamp.

    ``write`` defaults to True in full mode and False in quick mode: stored outputs are
    always full-mode outputs.
    """
    path = Path(path)
    if not path.is_file() or path.suffix != ".ipynb":
        raise FileNotFoundError(f"{path} is not a notebook file (expected notebooks/NN_topic.ipynb)")
    write = (not quick) if write is None else write
    nb = nbformat.read(path, as_version=4)
    if seed is not None and write:
        raise ValueError("a seed sweep never writes the notebook: stored outputs use the default seed")
    settings = {QUICK_ENV: "1" if quick else "0", SEED_ENV: "" if seed is None else str(seed)}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
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


def format_table(rows, reference=None):
    """The benchmark table: one line per notebook with mode, seconds (and R units) and results."""
    unit = f"  {'R':>5} {'budget':<7}" if reference else ""
    lines = [f"{'notebook':<32} {'mode':<6} {'seconds':>8}{unit}  results", "-" * 100]
    for name, stamp in rows:
        results = ", ".join(f"{k}={_short(v)}" for k, v in stamp["results"].items())
        units = ""
        if reference:
            r = stamp["wall_seconds"] / reference
            verdict = "-" if stamp["mode"] != "full" else ("ok" if r <= BUDGET_R else "OVER")
            units = f"  {r:>5.1f} {verdict:<7}"
        lines.append(f"{name:<32} {stamp['mode']:<6} {stamp['wall_seconds']:>8.1f}{units}  {results}")
    return "\n".join(lines)


def format_sweep(name, stamps):
    """One line per recorded number: mean ± half the range over the seeds, and each seed's value."""
    seeds = ", ".join(str(seed) for seed in stamps)
    lines = [f"{name}: seeds {seeds}"]
    keys = [k for k, v in next(iter(stamps.values()))["results"].items() if isinstance(v, (int, float))]
    for key in keys:
        values = [stamp["results"].get(key) for stamp in stamps.values()]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            mean, spread = statistics.fmean(values), (max(values) - min(values)) / 2
            each = " / ".join(_short(float(v)) for v in values)
            lines.append(f"  {key:<34} {_short(mean):>9} ± {_short(spread):<9} ({each})")
    return "\n".join(lines)


def _failure(error):
    """The error name and the failing line of a cell, from nbclient's CellExecutionError."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))   # without the traceback's colours
    line = next((ln.strip()[6:] for ln in text.splitlines() if ln.lstrip().startswith("----> ")), "")
    return f"{error.ename} at `{re.sub(r'^[0-9]+ ', '', line).strip()}`" if line else error.ename


def _short(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "[" + ",".join(_short(v) for v in value) + "]"
    return str(value)


def _seeds(text):
    try:
        seeds = [int(s) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--seeds takes integers separated by commas, e.g. 0,1,2; got {text!r}") from None
    if not seeds or min(seeds) < 0:
        raise argparse.ArgumentTypeError(f"--seeds needs non-negative integers, e.g. 0,1,2; got {text!r}")
    return seeds


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebook files to run")
    parser.add_argument("--all", action="store_true", help="run every notebook in notebooks/ (the benchmark)")
    parser.add_argument("--stale", action="store_true", help="run the notebooks whose stored outputs are stale")
    parser.add_argument("--quick", action="store_true", help="small budgets (DLCOURSE_QUICK=1); files are not written")
    parser.add_argument("--seeds", type=_seeds, help="seed sweep, e.g. 0,1,2: mean ± spread per result; no writes")
    parser.add_argument("--json", help="also write the stamps of this run to this JSON file")
    args = parser.parse_args(argv)
    every = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if args.all:
        paths = every
    elif args.stale:
        paths = [p for p in every if not is_fresh(p)]
        print(f"stale: {', '.join(p.name for p in paths) or 'none'}")
    else:
        paths = [Path(p) for p in args.notebooks]
    if not paths:
        if args.stale:
            return 0
        parser.error("name notebooks to run, or use --all or --stale")
    mode = "quick" if args.quick else "full"
    if args.seeds:
        sweeps, failed = {}, []
        for path in paths:
            stamps = {}
            for seed in args.seeds:
                print(f"running {path.name} ({mode}, seed {seed}) ...", flush=True)
                try:
                    stamps[seed] = run_notebook(path, quick=args.quick, write=False, seed=seed)
                except CellExecutionError as error:  # a failed assert is a finding: report it, go on
                    failed.append(f"{path.name} seed {seed}: {_failure(error)}")
                    print(f"  FAILED: {failed[-1]}", flush=True)
            sweeps[path.name] = {str(k): v for k, v in stamps.items()}
            if stamps:
                print(format_sweep(path.name, stamps), flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(sweeps, indent=2, ensure_ascii=False))
        if failed:
            print("failed seeds:\n  " + "\n  ".join(failed))
        return 1 if failed else 0
    reference = reference_seconds()
    print(f"reference job (1 R): {reference:.2f} s on this machine; budget {BUDGET_R} R per notebook", flush=True)
    rows = []
    for path in paths:
        print(f"running {path.name} ({mode}) ...", flush=True)
        rows.append((path.name, run_notebook(path, quick=args.quick)))
        print(format_table(rows[-1:], reference).splitlines()[-1], flush=True)
    print()
    print(format_table(rows, reference))
    if args.json:
        Path(args.json).write_text(json.dumps({"reference_seconds": reference, **dict(rows)}, indent=2,
                                              ensure_ascii=False))
    over = [name for name, stamp in rows if stamp["mode"] == "full" and stamp["wall_seconds"] / reference > BUDGET_R]
    if over:
        print(f"over the {BUDGET_R} R budget: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
