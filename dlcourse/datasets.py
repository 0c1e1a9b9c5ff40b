"""Every data set of the course, offline first, each file checked against data/manifest.json.

Order of sources for the image data sets:

1. the standard Keras cache (``~/.keras/datasets``, or ``$KERAS_HOME/datasets``);
2. a system copy (Debian's ``dataset-fashion-mnist`` package for Fashion-MNIST);
3. the official download, verified against its sha256 and stored in the Keras cache;
4. a small committed sample in ``data/``, announced in one line.

A file that fails its checksum or cannot be parsed raises :class:`DataError`, which says
which file and what to do; it is never used.
"""

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import numpy as np

DATA_DIR = Path(os.environ.get("DLCOURSE_DATA", Path(__file__).resolve().parent.parent / "data"))
SYSTEM_FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
FASHION_CLASSES_KO = (
    "티셔츠/탑", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠", "스니커즈", "가방", "앵클부츠",
)
IRIS_CLASSES = ("setosa", "versicolor", "virginica")
IRIS_FEATURES = ("꽃받침 길이", "꽃받침 너비", "꽃잎 길이", "꽃잎 너비")
DOWNLOAD_TIMEOUT_S = 20


class DataError(RuntimeError):
    """A data file is missing, corrupt or truncated; the message says what to do."""


def keras_cache_dir():
    """The directory Keras downloads data sets to (``$KERAS_HOME/datasets`` or ``~/.keras/datasets``)."""
    home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    return Path(home) / "datasets"


def manifest():
    """The data manifest: file name -> checksum, download URL, source and licence."""
    path = DATA_DIR / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path} is missing; restore it with `git checkout -- data/manifest.json`") from None


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path, expected_sha256, remedy):
    """Raise :class:`DataError` unless ``path`` has the expected sha256."""
    actual = sha256_file(path)
    if actual != expected_sha256:
        raise DataError(
            f"{path} is corrupt or incomplete (sha256 {actual[:12]}..., expected "
            f"{expected_sha256[:12]}...). {remedy}"
        )


def download(url, dest, check, timeout=DOWNLOAD_TIMEOUT_S):
    """Download ``url`` to ``dest``, keeping it only if ``check(path)`` accepts it.

    ``check`` raises :class:`DataError` for a bad file (e.g. a checksum mismatch). The file
    is written next to ``dest`` and renamed once verified, so an interrupted or damaged
    download never leaves a file behind. Returns ``dest``.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name + ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            shutil.copyfileobj(response, out)
        try:
            check(tmp)
        except DataError as exc:
            raise DataError(f"The download from {url} was damaged; try again later. ({exc})") from None
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return dest


def read_idx(path, expected_sha256=None):
    """Read an IDX file (the MNIST format), gzip-compressed or not, into a uint8 array.

    ``expected_sha256`` is the checksum of the *uncompressed* IDX bytes, so the same entry
    verifies the Keras download and a repackaged copy (Debian recompresses the files).
    """
    path = Path(path)
    remedy = _remedy(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:  # OSError includes gzip.BadGzipFile (e.g. a CRC failure)
        raise DataError(f"{path} cannot be read as gzip ({exc}). {remedy}") from None
    if expected_sha256 is not None and sha256_bytes(raw) != expected_sha256:
        raise DataError(f"{path} is corrupt or incomplete (checksum mismatch). {remedy}")
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] != 0x08:
        raise DataError(f"{path} is not an unsigned-byte IDX file (bad magic number). {remedy}")
    ndim = raw[3]
    header = 4 + 4 * ndim
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    if len(raw) != header + int(np.prod(shape)):
        raise DataError(
            f"{path} is truncated: its header announces shape {shape} "
            f"({header + int(np.prod(shape))} bytes) but it holds {len(raw)} bytes. {remedy}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def load_npz(path, expected_sha256, keys):
    """Load an ``.npz`` (never with pickle) after checking its sha256 and its keys."""
    path = Path(path)
    verify_file(path, expected_sha256, _remedy(path))
    with np.load(path, allow_pickle=False) as data:
        missing = [k for k in keys if k not in data.files]
        if missing:
            raise DataError(f"{path} lacks the arrays {missing}. {_remedy(path)}")
        return tuple(data[k] for k in keys)


def load_fashion_mnist():
    """Fashion-MNIST as ``((x_train, y_train), (x_test, y_test))``: 28x28 uint8 images, uint8 labels.

    Full data: 60,000 / 10,000 images. Class names (Korean): :data:`FASHION_CLASSES_KO`.
    """
    entries = manifest()
    cache = keras_cache_dir() / "fashion-mnist"
    for folder in (cache, SYSTEM_FASHION_DIR):
        if all((folder / name).exists() for name in FASHION_FILES):
            return _fashion_from(folder, entries)
    try:
        for name in FASHION_FILES:
            sha256 = entries[f"fashion-mnist/{name}"]["sha256_idx"]
            download(entries[f"fashion-mnist/{name}"]["url"], cache / name,
                     lambda path, sha256=sha256: read_idx(path, sha256))
        return _fashion_from(cache, entries)
    except (urllib.error.URLError, OSError) as exc:
        return _sample("fashion_mnist_sample.npz", "Fashion-MNIST", exc)


def load_mnist():
    """MNIST digits as ``((x_train, y_train), (x_test, y_test))``: 28x28 uint8 images, uint8 labels."""
    entry = manifest()["mnist.npz"]
    path = keras_cache_dir() / "mnist.npz"
    if not path.exists():
        try:
            download(entry["url"], path, lambda tmp: verify_file(tmp, entry["sha256"], ""))
        except (urllib.error.URLError, OSError) as exc:
            return _sample("mnist_sample.npz", "MNIST", exc)
    x_train, y_train, x_test, y_test = load_npz(path, entry["sha256"], _SPLIT_KEYS)
    return (x_train, y_train), (x_test, y_test)


def load_iris(test_size=0.2, seed=42):
    """Iris (scikit-learn's bundled copy), split with stratification.

    Returns ``((x_train, y_train), (x_test, y_test))``: float32 features (4 columns, see
    :data:`IRIS_FEATURES`) and int labels (see :data:`IRIS_CLASSES`).
    """
    from sklearn import datasets

    data = datasets.load_iris()
    return _split(data.data.astype("float32"), data.target, test_size, seed)


def load_digits(test_size=0.2, seed=42):
    """scikit-learn's 8x8 digits (1,797 images, grey levels 0-16) as uint8 images and int labels."""
    from sklearn import datasets

    data = datasets.load_digits()
    return _split(data.images.astype("uint8"), data.target, test_size, seed)


_SPLIT_KEYS = ("x_train", "y_train", "x_test", "y_test")


def _split(x, y, test_size, seed):
    from sklearn.model_selection import train_test_split

    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be a fraction between 0 and 1, got {test_size!r}")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, random_state=seed, stratify=y
    )
    return (x_train, y_train), (x_test, y_test)


def _fashion_from(folder, entries):
    arrays = [read_idx(folder / name, entries[f"fashion-mnist/{name}"]["sha256_idx"]) for name in FASHION_FILES]
    return (arrays[0], arrays[1]), (arrays[2], arrays[3])


def _sample(name, title, reason):
    entry = manifest()[name]
    x_train, y_train, x_test, y_test = load_npz(DATA_DIR / name, entry["sha256"], _SPLIT_KEYS)
    print(
        f"[dlcourse] {title} 전체 데이터를 찾거나 받을 수 없어({type(reason).__name__}) 저장소의 샘플을 "
        f"사용합니다: train {len(x_train):,} / test {len(x_test):,} (data/{name})."
    )
    return (x_train, y_train), (x_test, y_test)


def _remedy(path):
    path = Path(path)
    if SYSTEM_FASHION_DIR in path.parents:
        return "Reinstall it: `sudo apt-get install --reinstall dataset-fashion-mnist`."
    if DATA_DIR in path.parents:
        return f"Restore it from the repository: `git checkout -- data/{path.name}`."
    return f"Delete it (`rm {path}`) and run again to download a fresh copy."


# ---- Korean text (lecture 11) ----

NSMC_FILES = ("ratings_train.txt", "ratings_test.txt")
KONLPY_CORPUS_FILES = ("kolaw/constitution.txt",) + tuple(f"kobill/18098{i:02d}.txt" for i in range(90, 100))


def read_text_file(path, expected_sha256=None):
    """Read a UTF-8 text file after checking its sha256; a damaged file raises :class:`DataError` naming it."""
    path = Path(path)
    remedy = _text_remedy(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path} cannot be read ({exc}). {remedy}") from None
    if expected_sha256 is not None and sha256_bytes(raw) != expected_sha256:
        raise DataError(f"{path} is corrupt or truncated (sha256 {sha256_bytes(raw)[:12]}..., expected "
                        f"{expected_sha256[:12]}...). {remedy}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not valid UTF-8 text ({exc.reason} at byte {exc.start}): it is corrupt "
                        f"or truncated. {remedy}") from None


def read_nsmc(path, expected_sha256=None):
    """Parse one NSMC file (``id<TAB>document<TAB>label``, a header line) into ``(texts, labels)``.

    A checksum mismatch, a missing header or a malformed line (e.g. a file cut off mid-line) raises
    :class:`DataError` that names the file and the line.
    """
    path = Path(path)
    text = read_text_file(path, expected_sha256)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].rstrip("\r") != "id\tdocument\tlabel":
        raise DataError(f"{path} does not start with the NSMC header 'id<TAB>document<TAB>label'. {_text_remedy(path)}")
    texts, labels = [], []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.rstrip("\r").split("\t")
        if len(fields) != 3 or fields[2] not in ("0", "1"):
            raise DataError(f"{path}, line {number}: expected 'id<TAB>document<TAB>label' with label 0 or 1; "
                            f"the file is corrupt or truncated. {_text_remedy(path)}")
        texts.append(fields[1])
        labels.append(int(fields[2]))
    return texts, np.array(labels, dtype="int64")


def load_nsmc(download_ok=True):
    """NSMC, the Naver movie-review sentiment corpus (e9t/nsmc, CC0), as ``((x_train, y_train), (x_test, y_test))``.

    Texts are lists of str, labels 0 (negative) / 1 (positive); 150,000 / 50,000 reviews. Looks in the Keras
    cache (``nsmc/``) first, then downloads the files pinned in data/manifest.json and checks their sha256.
    Raises :class:`DataError` when the data is neither cached nor downloadable (offline): the caller then
    falls back to :func:`load_korean_corpus`.
    """
    entries = manifest()
    folder = keras_cache_dir() / "nsmc"
    splits = []
    for name in NSMC_FILES:
        entry = entries[f"nsmc/{name}"]
        path = folder / name
        if not path.exists():
            if not download_ok:
                raise DataError(f"NSMC is not in {folder} and downloading is switched off.")
            try:
                download(entry["url"], path, lambda tmp, sha=entry["sha256"]: verify_file(tmp, sha, ""))
            except (urllib.error.URLError, OSError) as exc:
                raise DataError(f"NSMC cannot be downloaded ({type(exc).__name__}: {exc}); "
                                f"put {', '.join(NSMC_FILES)} in {folder} to use it offline.") from None
        splits.append(read_nsmc(path, entry["sha256"]))
    return splits[0], splits[1]


def konlpy_corpus_dir():
    """The folder of the Korean corpora bundled with the ``konlpy`` package (kolaw, kobill)."""
    try:
        import konlpy
    except ImportError:
        raise DataError("The Korean text corpus comes with the konlpy package: "
                        "`python -m pip install -r requirements.txt`.") from None
    return Path(konlpy.__file__).resolve().parent / "data" / "corpus"


def load_korean_corpus(folder=None):
    """The real Korean text bundled with konlpy: the Constitution of the Republic of Korea (kolaw) and ten
    bills of the National Assembly (kobill). Returns ``{"kolaw/constitution.txt": text, ...}``.

    Each file is checked against its sha256 in data/manifest.json; a corrupt or truncated file raises
    :class:`DataError` naming it.
    """
    folder = Path(folder) if folder is not None else konlpy_corpus_dir()
    entries = manifest()
    return {name: read_text_file(folder / name, entries[f"konlpy/{name}"]["sha256"]) for name in KONLPY_CORPUS_FILES}


def _text_remedy(path):
    path = Path(path)
    if "konlpy" in path.parts:
        return "Reinstall the package: `python -m pip install --force-reinstall --no-deps konlpy`."
    return _remedy(path)
