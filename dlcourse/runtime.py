"""Notebook runtime: seeds, Korean fonts, quick/full budgets and recorded results."""

import json
import os
import platform

QUICK_ENV = "DLCOURSE_QUICK"
SEED_ENV = "DLCOURSE_SEED"
DEFAULT_SEED = 42
_SEED = None  # the seed setup() used, see seed()
RESULTS_MIME = "application/vnd.dlcourse.results+json"

#: Every value passed to :func:`record` in this process, in call order.
RESULTS = {}


def is_quick():
    """True when the environment variable ``DLCOURSE_QUICK`` is ``1`` (CI's small budgets)."""
    value = os.environ.get(QUICK_ENV, "").strip()
    if value not in ("", "0", "1"):
        raise ValueError(f"{QUICK_ENV} must be '1' (quick mode) or '0'/unset (full mode), got {value!r}")
    return value == "1"


def budget(full, quick):
    """Return ``quick`` in quick mode and ``full`` otherwise.

    Every size that quick mode shrinks (epochs, samples, episodes) goes through this one
    helper, so a notebook has no ``if QUICK:`` branches.
    """
    if full is None or quick is None:
        raise ValueError("budget() needs both values, e.g. budget(full=20, quick=2)")
    return quick if is_quick() else full


def import_tensorflow_quietly():
    """Import TensorFlow without its C++ start-up log lines (they would land in cell outputs).

    TensorFlow prints them to file descriptor 2 before its logging is configured, so
    ``TF_CPP_MIN_LOG_LEVEL`` alone does not hide them; the descriptor is muted only for the
    import and the device probe, and Python errors still propagate.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow as tf

        tf.config.list_physical_devices("GPU")
    except ImportError as exc:
        raise ImportError(f"TensorFlow could not be imported ({exc}). Reinstall the course's packages: "
                          "python -m pip install -r requirements.txt") from exc
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def seed_from_env():
    """The course seed: ``DLCOURSE_SEED`` if set (``python -m dlcourse.run --seeds``), else 42."""
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return DEFAULT_SEED
    if not value.isdigit():
        raise ValueError(f"{SEED_ENV} must be a non-negative integer such as 0, got {value!r}")
    return int(value)


def setup(seed=None, deterministic=True):
    """Prepare a notebook: seeds, deterministic ops, Korean plots, one banner line.

    Call it in the first code cell: ``import dlcourse; dlcourse.setup()``. ``seed=None`` takes
    :func:`seed_from_env` (42 unless a seed sweep sets ``DLCOURSE_SEED``).
    """
    from dlcourse.validation import check_scalar

    seed = seed_from_env() if seed is None else check_scalar(seed, "seed", min_value=0)
    import_tensorflow_quietly()
    import keras
    import matplotlib
    import tensorflow as tf

    global _SEED
    _SEED = seed
    keras.utils.set_random_seed(seed)  # seeds Python, NumPy and the backend together
    # Keras before 3.13 (the newest on Python 3.10) keeps its global SeedGenerator across
    # set_random_seed; reset it as newer Keras does, so keras.random draws repeat too.
    from keras.src.backend.common import global_state

    global_state.set_global_attribute("global_seed_generator", None)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    use_korean_font()
    matplotlib.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})
    RESULTS.clear()

    gpus = tf.config.list_physical_devices("GPU")
    device = f"GPU x{len(gpus)}" if gpus else "CPU"
    mode = "빠른 모드(quick)" if is_quick() else "전체 모드(full)"
    banner = (
        f"dlcourse | Python {platform.python_version()} | TensorFlow {tf.__version__} | "
        f"Keras {keras.__version__} | {device} | {mode} | seed={seed}"
    )
    print(banner)


def seed(offset=0):
    """The seed of this run (``setup``'s) plus ``offset``.

    A notebook that re-seeds before each model of a controlled comparison uses
    ``keras.utils.set_random_seed(dlcourse.seed(k))``, so a seed sweep varies those models too.
    """
    from dlcourse.validation import check_scalar

    if _SEED is None:
        raise RuntimeError("call dlcourse.setup() first: seed() is the seed that setup() set")
    return _SEED + check_scalar(offset, "offset", min_value=0)


def add_to_class(cls):
    """Decorator that attaches a function to ``cls`` as a method, so one class can grow across cells.

    In a notebook: ``@add_to_class(GAN)`` above ``def train_step(self, data): ...``.
    """
    if not isinstance(cls, type):
        raise TypeError(f"add_to_class needs a class, e.g. @add_to_class(GAN); got {type(cls).__name__}")

    def attach(function):
        setattr(cls, function.__name__, function)
        return function

    return attach


def use_korean_font():
    """Switch matplotlib to NanumGothic (shipped by koreanize-matplotlib) so Hangul renders."""
    import koreanize_matplotlib  # noqa: F401  (importing it registers and selects the font)
    import matplotlib

    # NanumGothic has no U+2212 (the typographic minus): draw '-' instead.
    matplotlib.rcParams["axes.unicode_minus"] = False


def record(**results):
    """Record a notebook's key figures (accuracy, MSE, return, seconds...).

    The values are shown under the cell and carried in a machine-readable output that
    ``python -m dlcourse.run`` collects into the notebook metadata and the benchmark table.
    """
    if not results:
        raise ValueError("record() needs at least one name=value pair, e.g. record(test_accuracy=0.91)")
    clean = {}
    for name, value in results.items():
        clean[name] = _plain(name, value)
    RESULTS.update(clean)

    from IPython.display import display

    text = "기록(recorded): " + ", ".join(f"{k} = {_fmt(v)}" for k, v in clean.items())
    display({"text/plain": text, RESULTS_MIME: clean}, raw=True)


def _plain(name, value):
    """Turn NumPy / TensorFlow scalars and lists into JSON values, or explain the problem."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    if hasattr(value, "tolist"):
        value = value.tolist()
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"record({name}=...) needs a finite number, string, bool or a list of them "
            f"(not nan or inf); got {type(value).__name__} ({exc})"
        ) from None
    return value


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list) and all(isinstance(v, float) for v in value):
        return "[" + ", ".join(f"{v:.4g}" for v in value) + "]"
    return str(value)
