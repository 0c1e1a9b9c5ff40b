"""The loaders' real reading, checking and download code, on small files written here."""

import gzip
import hashlib
import json
import zlib

import numpy as np
import pytest

from dlcourse import datasets


def idx_bytes(array):
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.tobytes()


@pytest.fixture
def fake_fashion(tmp_path, monkeypatch):
    """A tiny Fashion-MNIST in a fake Keras cache, with its own manifest."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28)),
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 6),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (3, 28, 28)),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 3),
    }
    source = tmp_path / "server"
    source.mkdir()
    manifest = json.loads((datasets.DATA_DIR / "manifest.json").read_text())
    for name, array in arrays.items():
        raw = idx_bytes(array)
        (source / name).write_bytes(gzip.compress(raw))
        manifest[f"fashion-mnist/{name}"] = {"sha256_idx": hashlib.sha256(raw).hexdigest(),
                                             "url": (source / name).as_uri()}
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "manifest.json").write_text(json.dumps(manifest))
    for sample in ("fashion_mnist_sample.npz", "mnist_sample.npz"):
        (data_dir / sample).write_bytes((datasets.DATA_DIR / sample).read_bytes())
    monkeypatch.setattr(datasets, "DATA_DIR", data_dir)
    monkeypatch.setattr(datasets, "SYSTEM_FASHION_DIR", tmp_path / "no-system-copy")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return arrays, source


def test_read_idx_plain_and_gzip(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a.idx").write_bytes(idx_bytes(array))
    (tmp_path / "a.gz").write_bytes(gzip.compress(idx_bytes(array)))
    np.testing.assert_array_equal(datasets.read_idx(tmp_path / "a.idx"), array)
    np.testing.assert_array_equal(datasets.read_idx(tmp_path / "a.gz"), array)


def test_read_idx_rejects_truncated_corrupt_and_foreign_files(tmp_path):
    raw = idx_bytes(np.ones((2, 3), dtype=np.uint8))
    (tmp_path / "short.idx").write_bytes(raw[:-1])
    with pytest.raises(datasets.DataError, match="truncated"):
        datasets.read_idx(tmp_path / "short.idx")
    (tmp_path / "cut.gz").write_bytes(gzip.compress(raw)[:-6])
    with pytest.raises(datasets.DataError, match="cut.gz cannot be read as gzip.*Delete it"):
        datasets.read_idx(tmp_path / "cut.gz")
    (tmp_path / "ok.idx").write_bytes(raw)
    with pytest.raises(datasets.DataError, match="checksum mismatch"):
        datasets.read_idx(tmp_path / "ok.idx", expected_sha256="0" * 64)
    (tmp_path / "text.idx").write_bytes(b"hello world")
    with pytest.raises(datasets.DataError, match="magic number"):
        datasets.read_idx(tmp_path / "text.idx")


def flip_in_the_deflate_data(packed):
    """``packed`` (gzip) with one byte of its deflate data flipped, as near the middle as gives a zlib error."""
    start, end = 10, len(packed) - 8  # between the 10-byte gzip header and the 8-byte trailer (CRC32, size)
    for pos in sorted(range(start, end), key=lambda i: abs(i - (start + end) // 2)):
        damaged = bytearray(packed)
        damaged[pos] ^= 0xFF
        try:
            gzip.decompress(bytes(damaged))
        except zlib.error:  # a broken deflate stream, not a CRC failure (gzip.BadGzipFile) or a short file
            return bytes(damaged)
        except (EOFError, OSError):
            pass
    raise AssertionError("no single-byte flip broke the deflate stream")


def test_read_idx_reports_a_broken_deflate_stream_as_data_error(tmp_path):
    raw = idx_bytes(np.arange(600).reshape(20, 30) % 7)
    damaged = flip_in_the_deflate_data(gzip.compress(raw, mtime=0))
    (tmp_path / "flipped.gz").write_bytes(damaged)
    with pytest.raises(datasets.DataError, match=r"flipped.gz cannot be read as gzip.*Delete it \(`rm .*flipped.gz"):
        datasets.read_idx(tmp_path / "flipped.gz")


def test_download_then_cache_hit(fake_fashion, tmp_path):
    arrays, _ = fake_fashion
    (x_train, y_train), (x_test, y_test) = datasets.load_fashion_mnist()
    np.testing.assert_array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])
    np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte.gz"])
    assert x_train.dtype == np.uint8 and x_test.shape == (3, 28, 28)
    cached = tmp_path / "keras" / "datasets" / "fashion-mnist" / "train-images-idx3-ubyte.gz"
    assert cached.exists()
    (x_again, _), _ = datasets.load_fashion_mnist()  # now from the cache
    np.testing.assert_array_equal(x_again, x_train)


def test_damaged_download_is_not_kept(fake_fashion, tmp_path):
    _, source = fake_fashion
    (source / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(b"\x00\x00\x08\x01" + bytes(4)))
    with pytest.raises(datasets.DataError, match="download from .* was damaged"):
        datasets.load_fashion_mnist()
    assert not (tmp_path / "keras" / "datasets" / "fashion-mnist" / "t10k-images-idx3-ubyte.gz").exists()
    assert not list((tmp_path / "keras" / "datasets" / "fashion-mnist").glob("*.part"))


def test_corrupt_cached_file_is_an_error_that_says_what_to_delete(fake_fashion):
    datasets.load_fashion_mnist()
    cached = datasets.keras_cache_dir() / "fashion-mnist" / "train-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(cached.read_bytes()))
    raw[-1] ^= 0xFF
    cached.write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(datasets.DataError, match=r"corrupt.*Delete it \(`rm .*train-labels"):
        datasets.load_fashion_mnist()


def test_offline_falls_back_to_the_sample_and_says_so(fake_fashion, capsys):
    _, source = fake_fashion
    for f in source.iterdir():
        f.unlink()  # the "server" is gone: URLError
    (x_train, y_train), (x_test, y_test) = datasets.load_fashion_mnist()
    assert x_train.shape == (6000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert np.bincount(y_train).tolist() == [600] * 10
    assert "샘플" in capsys.readouterr().out


def test_mnist_download_checks_sha256(fake_fashion, tmp_path, monkeypatch):
    arrays = {k: np.zeros(s, np.uint8) for k, s in
              [("x_train", (4, 28, 28)), ("y_train", 4), ("x_test", (2, 28, 28)), ("y_test", 2)]}
    server = tmp_path / "server" / "mnist.npz"
    np.savez(server, **arrays)
    manifest = json.loads((datasets.DATA_DIR / "manifest.json").read_text())
    manifest["mnist.npz"] = {"sha256": datasets.sha256_file(server), "url": server.as_uri()}
    (datasets.DATA_DIR / "manifest.json").write_text(json.dumps(manifest))
    (x_train, _), (x_test, _) = datasets.load_mnist()
    assert x_train.shape == (4, 28, 28) and x_test.shape == (2, 28, 28)
    with open(datasets.keras_cache_dir() / "mnist.npz", "ab") as f:
        f.write(b"junk")
    with pytest.raises(datasets.DataError, match="mnist.npz is corrupt"):
        datasets.load_mnist()


def test_mnist_offline_uses_shuffled_sample(fake_fashion, capsys):
    (x_train, y_train), (x_test, y_test) = datasets.load_mnist()
    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.max() == 9
    assert len(set(y_train[:50].tolist())) > 5  # shuffled, not sorted by class
    assert "MNIST" in capsys.readouterr().out


def test_committed_samples_match_the_manifest():
    for name in ("fashion_mnist_sample.npz", "mnist_sample.npz"):
        datasets.verify_file(datasets.DATA_DIR / name, datasets.manifest()[name]["sha256"], "")
    for entry in datasets.manifest().values():
        if isinstance(entry, dict):
            assert entry.get("licence") and entry.get("source")


def test_iris_and_digits_splits():
    (x_train, y_train), (x_test, y_test) = datasets.load_iris()
    assert x_train.shape == (120, 4) and x_test.shape == (30, 4)
    assert np.bincount(y_test).tolist() == [10, 10, 10]
    (d_train, _), (d_test, _) = datasets.load_digits()
    assert d_train.shape[1:] == (8, 8) and d_train.dtype == np.uint8 and len(d_train) + len(d_test) == 1797
    with pytest.raises(ValueError, match="test_size"):
        datasets.load_iris(test_size=30)
