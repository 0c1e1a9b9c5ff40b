"""Lecture 11: the number-reading task, NumPy attention and masks, positional encoding, tokenization,
the Korean text loaders (konlpy corpus, NSMC) on small local files, and the lecture's checkers."""

import hashlib
import json

import keras
import numpy as np
import pytest

from dlcourse import attention as at
from dlcourse import datasets, quiz, solutions

# ---- the generated task ----

@pytest.mark.parametrize("n, words", [
    (1, "일"), (10, "십"), (11, "십일"), (100, "백"), (1100, "천백"), (3251, "삼천이백오십일"), (3005, "삼천오"),
    (10000, "만"), (10001, "만일"), (20000, "이만"), (100000000, "일억"), (100010001, "일억만일"),
    (99999999, "구천구백구십구만구천구백구십구"), (20260307, "이천이십육만삼백칠"),
])
def test_number_to_korean(n, words):
    assert at.number_to_korean(n) == words


def test_number_to_korean_rejects_out_of_range():
    for n in (0, -5, 10 ** 12):
        with pytest.raises(ValueError):
            at.number_to_korean(n)


def test_sample_numbers_spreads_the_digit_counts():
    x = at.sample_numbers(8000, np.random.default_rng(0))
    digits = np.array([len(str(v)) for v in x])
    assert digits.min() == 1 and digits.max() == 8
    assert np.all(np.bincount(digits)[1:] > 800)


def test_make_number_task_shifts_the_target_for_teacher_forcing():
    src, dec_in, tgt = at.make_number_task([3251, 7])
    assert src.shape == (2, at.SRC_LEN) and tgt.shape == dec_in.shape == (2, at.TGT_LEN)
    assert [at.SRC_VOCAB[i] for i in src[0] if i] == list("삼천이백오십일")
    assert [at.TGT_VOCAB[i] for i in tgt[0] if i] == list("3251") + ["</s>"]
    assert [at.TGT_VOCAB[i] for i in dec_in[0] if i] == ["<s>"] + list("3251")
    assert list(dec_in[1][:3]) == [at.START, at.TGT_VOCAB.index("7"), at.PAD]  # </s> is not fed back


def test_encode_rejects_unknown_tokens_and_long_sequences():
    with pytest.raises(KeyError):
        at.encode(["일영"], at.SRC_VOCAB, 5)
    with pytest.raises(ValueError, match="more than length"):
        at.encode(["일이삼"], at.SRC_VOCAB, 2)


def test_greedy_decode_feeds_back_its_own_tokens_and_stops_at_end():
    seen = []

    def predict(src, dec_in):  # 다음 토큰 = 입력의 마지막 토큰 + 1 (START → "0"), "2" 다음은 END
        seen.append(dec_in.copy())
        logits = np.zeros((len(src), at.TGT_LEN, len(at.TGT_VOCAB)))
        for t in range(at.TGT_LEN):
            prev = dec_in[:, t]
            nxt = np.where(prev == at.START, at.TGT_VOCAB.index("0"), prev + 1)
            nxt = np.where(prev == at.TGT_VOCAB.index("2"), at.END, nxt)
            logits[np.arange(len(src)), t, np.clip(nxt, 0, len(at.TGT_VOCAB) - 1)] = 1.0
        return logits

    out = at.greedy_decode(predict, np.zeros((2, at.SRC_LEN), "int32"))
    assert [at.TGT_VOCAB[i] for i in out[0] if i] == ["0", "1", "2", "</s>"]
    assert np.all(out[:, 4:] == at.PAD)
    assert at.exact_match(out, out).all() and not at.exact_match(out, np.zeros_like(out)).any()


# ---- attention ----

def test_attention_weights_are_a_distribution_and_masks_hide_keys():
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((3, 2, 4, 8))
    out, w = at.scaled_dot_product_attention(q, k, v)
    assert out.shape == (2, 4, 8) and np.allclose(w.sum(-1), 1)
    expected = at.softmax(q @ k.transpose(0, 2, 1) / np.sqrt(8)) @ v
    assert np.allclose(out, expected)
    _, w = at.scaled_dot_product_attention(q, k, v, at.causal_mask(4))
    assert np.allclose(np.triu(w, 1), 0)
    mask = at.padding_mask(np.array([[3, 4, 0, 0], [5, 0, 0, 0]]))
    assert mask.shape == (2, 1, 4)
    _, w = at.scaled_dot_product_attention(q, k, v, mask)
    assert np.allclose(w[0][:, 2:], 0) and np.allclose(w[1][:, 0], 1)


def test_softmax_is_stable_for_large_scores():
    assert np.allclose(at.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])


def test_numpy_multi_head_attention_equals_keras():
    rng = np.random.default_rng(1)
    mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    x_q = rng.standard_normal((2, 3, 8)).astype("float32")
    x_kv = rng.standard_normal((2, 5, 8)).astype("float32")
    mask = np.broadcast_to(at.padding_mask(np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])), (2, 3, 5))
    expected = keras.ops.convert_to_numpy(mha(x_q, x_kv, attention_mask=mask))
    got, weights = at.multi_head_attention(x_q, x_kv, mha.get_weights(), mask)
    assert np.abs(got - expected).max() < 1e-5
    assert weights.shape == (2, 2, 3, 5) and np.allclose(weights[0, :, :, 3:], 0)


def test_positional_encoding_values_and_shift_matrix():
    pe = at.positional_encoding(20, 8)
    assert pe.shape == (20, 8) and pe.dtype == np.float32
    assert np.allclose(pe[0], [0, 1] * 4)
    assert np.isclose(pe[3, 2], np.sin(3 / 10000 ** (2 / 8)))
    assert np.isclose(pe[3, 3], np.cos(3 / 10000 ** (2 / 8)))
    assert np.allclose(pe[3] @ solutions.pe_shift_matrix(5, 8), pe[8], atol=1e-5)


def test_decoder_mask_reference_combines_causal_and_padding():
    mask = solutions.decoder_mask(np.array([[5, 6, 0]]))
    assert mask.tolist() == [[[True, False, False], [True, True, False], [True, True, False]]]


# ---- tokenization and skip-gram pairs ----

def test_word_tokens_and_vocab():
    assert at.word_tokens("제1조 ① 대한민국은 민주공화국이다.") == ["제", "조", "대한민국은", "민주공화국이다"]
    vocab = at.build_vocab([["가", "나", "가"], ["다", "가", "나"]], min_count=2)
    assert vocab == ["<pad>", "<unk>", "가", "나"]


def test_skipgram_pairs_counts_and_labels():
    noise = np.array([0.0, 0.0, 0.5, 0.5])
    pairs, labels = at.skipgram_pairs([[2, 3, 2, 3, 2]], window=1, n_negative=2, noise=noise,
                                      rng=np.random.default_rng(0))
    assert int(labels.sum()) == 8 and len(labels) == 8 * 3
    positive = pairs[labels == 1]
    assert {tuple(p) for p in positive} == {(2, 3), (3, 2)}
    assert np.all(pairs[labels == 0][:, 1] >= 2)  # negatives come from the noise distribution


# ---- Korean text loaders ----

def test_konlpy_corpus_is_checked_against_the_manifest():
    corpus = datasets.load_korean_corpus()
    assert len(corpus) == 11 and "대한민국" in corpus["kolaw/constitution.txt"]


@pytest.fixture
def fake_konlpy(tmp_path):
    folder = tmp_path / "corpus"
    for name in datasets.KONLPY_CORPUS_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((datasets.konlpy_corpus_dir() / name).read_bytes())
    return folder


def test_a_truncated_or_corrupt_corpus_file_is_named(fake_konlpy):
    path = fake_konlpy / "kolaw/constitution.txt"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(datasets.DataError, match="constitution.txt is corrupt or truncated"):
        datasets.load_korean_corpus(fake_konlpy)


def test_a_file_cut_inside_a_character_is_not_utf8(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes("대한민국".encode()[:-1])
    with pytest.raises(datasets.DataError, match="cut.txt is not valid UTF-8"):
        datasets.read_text_file(path)


NSMC_SAMPLE = "id\tdocument\tlabel\n1\t정말 재미있다\t1\n2\t시간 아깝다\t0\n3\t또 보고 싶다\t1\n"


def test_read_nsmc_parses_and_rejects_damaged_files(tmp_path):
    good = tmp_path / "ratings_train.txt"
    good.write_text(NSMC_SAMPLE, encoding="utf-8")
    texts, labels = datasets.read_nsmc(good, hashlib.sha256(NSMC_SAMPLE.encode()).hexdigest())
    assert texts == ["정말 재미있다", "시간 아깝다", "또 보고 싶다"] and labels.tolist() == [1, 0, 1]
    cut = tmp_path / "cut.txt"
    cut.write_text(NSMC_SAMPLE[:-5], encoding="utf-8")  # 마지막 줄이 잘림
    with pytest.raises(datasets.DataError, match=r"cut.txt, line 4"):
        datasets.read_nsmc(cut)
    with pytest.raises(datasets.DataError, match="ratings_train.txt is corrupt or truncated"):
        datasets.read_nsmc(good, "0" * 64)
    headless = tmp_path / "headless.txt"
    headless.write_text("1\t좋다\t1\n", encoding="utf-8")
    with pytest.raises(datasets.DataError, match="header"):
        datasets.read_nsmc(headless)


@pytest.fixture
def fake_nsmc(tmp_path, monkeypatch):
    """NSMC served from local files (file:// URLs) with their own manifest, and an empty Keras cache."""
    server = tmp_path / "server"
    server.mkdir()
    manifest = json.loads((datasets.DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
    for name in datasets.NSMC_FILES:
        (server / name).write_text(NSMC_SAMPLE, encoding="utf-8")
        manifest[f"nsmc/{name}"] = {"sha256": hashlib.sha256(NSMC_SAMPLE.encode()).hexdigest(),
                                    "url": (server / name).as_uri()}
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(datasets, "DATA_DIR", data_dir)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return server, tmp_path / "keras" / "datasets" / "nsmc"


def test_load_nsmc_downloads_verifies_and_then_reads_the_cache(fake_nsmc):
    server, cache = fake_nsmc
    (x, y), (x_test, y_test) = datasets.load_nsmc()
    assert len(x) == len(x_test) == 3 and (cache / "ratings_train.txt").exists()
    for name in datasets.NSMC_FILES:
        (server / name).unlink()  # 캐시만으로 읽힌다
    assert datasets.load_nsmc(download_ok=False)[0][0] == x


def test_load_nsmc_refuses_a_damaged_download_and_a_damaged_cache(fake_nsmc):
    server, cache = fake_nsmc
    (server / "ratings_train.txt").write_text(NSMC_SAMPLE[:-5], encoding="utf-8")
    with pytest.raises(datasets.DataError, match="damaged"):
        datasets.load_nsmc()
    assert not (cache / "ratings_train.txt").exists()
    cache.mkdir(parents=True, exist_ok=True)
    for name in datasets.NSMC_FILES:
        (cache / name).write_text(NSMC_SAMPLE[:-5], encoding="utf-8")
    with pytest.raises(datasets.DataError, match="ratings_train.txt is corrupt or truncated"):
        datasets.load_nsmc(download_ok=False)


def test_load_nsmc_offline_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    with pytest.raises(datasets.DataError, match="downloading is switched off"):
        datasets.load_nsmc(download_ok=False)


# ---- checkers ----

def test_checkers_accept_the_references_and_explain_mistakes():
    assert quiz.check_decoder_mask(solutions.decoder_mask)
    assert quiz.check_pe_shift_matrix(solutions.pe_shift_matrix)
    no_padding = quiz.check_decoder_mask(lambda ids, pad=0: np.broadcast_to(
        np.tril(np.ones((np.shape(ids)[1],) * 2, bool)), (len(ids),) + (np.shape(ids)[1],) * 2))
    assert not no_padding and "패딩을 가리지" in no_padding.message
    transposed = quiz.check_pe_shift_matrix(lambda k, d, base=10000.0: solutions.pe_shift_matrix(k, d, base).T)
    assert not transposed and "전치" in transposed.message


def test_challenge_11_measures_exact_match():
    perfect = quiz.check_challenge_11(lambda xs: [at.number_to_korean(int(x)) for x in xs], lecture_accuracy=0.99)
    assert perfect and "1.000" in perfect.message
    half = quiz.check_challenge_11(lambda xs: [at.number_to_korean(int(x)) if i % 2 else "" for i, x in enumerate(xs)])
    assert not half and "0.5" in half.message
    assert "아직 도전하지 않았습니다" in quiz.check_challenge_11(None).message
    assert not quiz.check_challenge_11(lambda xs: xs[:3])
