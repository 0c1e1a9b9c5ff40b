import json

import keras
import numpy as np
import pytest

import dlcourse
from dlcourse import runtime


def test_budget_follows_quick_env(monkeypatch):
    monkeypatch.setenv("DLCOURSE_QUICK", "1")
    assert dlcourse.is_quick() and dlcourse.budget(full=20, quick=2) == 2
    monkeypatch.setenv("DLCOURSE_QUICK", "0")
    assert dlcourse.budget(full=20, quick=2) == 20
    monkeypatch.delenv("DLCOURSE_QUICK")
    assert not dlcourse.is_quick() and dlcourse.budget(full=20, quick=2) == 20


def test_budget_rejects_bad_input(monkeypatch):
    monkeypatch.setenv("DLCOURSE_QUICK", "yes")
    with pytest.raises(ValueError, match="DLCOURSE_QUICK must be"):
        dlcourse.budget(full=1, quick=0)
    monkeypatch.delenv("DLCOURSE_QUICK")
    with pytest.raises(ValueError, match="needs both"):
        dlcourse.budget(full=1, quick=None)


def test_setup_seeds_everything_and_prints_banner(capsys, monkeypatch):
    monkeypatch.setenv("DLCOURSE_QUICK", "1")
    dlcourse.setup(seed=7)
    first = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    banner = capsys.readouterr().out
    assert "TensorFlow" in banner and "Keras 3" in banner and "quick" in banner and "seed=7" in banner
    assert ("| CPU |" in banner) != ("| GPU x" in banner)
    dlcourse.setup(seed=7)
    second = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert dlcourse.seed() == 7 and dlcourse.seed(2) == 9   # controlled comparisons re-seed from the run's seed
    with pytest.raises(ValueError, match="offset"):
        dlcourse.seed(-1)
    with pytest.raises(ValueError, match="seed"):
        dlcourse.setup(seed=-1)
    with pytest.raises(TypeError, match="seed"):
        dlcourse.setup(seed=1.5)


def test_seed_comes_from_the_environment_for_seed_sweeps(monkeypatch, capsys):
    monkeypatch.delenv("DLCOURSE_SEED", raising=False)
    assert runtime.seed_from_env() == 42
    monkeypatch.setenv("DLCOURSE_SEED", "3")
    dlcourse.setup()
    assert "seed=3" in capsys.readouterr().out
    monkeypatch.setenv("DLCOURSE_SEED", "abc")
    with pytest.raises(ValueError, match="DLCOURSE_SEED"):
        runtime.seed_from_env()


def test_record_keeps_json_values(capsys):
    runtime.RESULTS.clear()
    dlcourse.record(accuracy=np.float32(0.5), curve=np.array([1.0, 2.0]), name="cnn")
    assert runtime.RESULTS == {"accuracy": 0.5, "curve": [1.0, 2.0], "name": "cnn"}
    json.dumps(runtime.RESULTS)
    assert "accuracy = 0.5" in capsys.readouterr().out


def test_record_rejects_bad_values():
    with pytest.raises(ValueError, match="at least one"):
        dlcourse.record()
    with pytest.raises(TypeError, match="record\\(model=...\\)"):
        dlcourse.record(model=object())
    with pytest.raises(TypeError, match="nan"):
        dlcourse.record(loss=float("nan"))


def test_add_to_class_grows_a_class_across_cells():
    from dlcourse import add_to_class

    class Counter:
        def __init__(self):
            self.n = 0

    @add_to_class(Counter)
    def step(self, by=1):
        self.n += by
        return self.n

    assert Counter().step(2) == 2
    with pytest.raises(TypeError, match="needs a class"):
        add_to_class(Counter())


def test_importing_the_package_and_its_tools_does_not_import_tensorflow():
    import subprocess
    import sys

    code = "import sys, dlcourse, dlcourse.run, dlcourse.export; print('tensorflow' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_broken_tensorflow_install_says_what_to_do(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "tensorflow", None)  # makes `import tensorflow` fail
    with pytest.raises(ImportError, match="pip install -r requirements.txt"):
        runtime.import_tensorflow_quietly()
