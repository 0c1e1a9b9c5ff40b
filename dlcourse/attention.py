"""Lecture 11 (attention and the Transformer): the generated number-reading task, tokenization,
NumPy attention and the sinusoidal positional encoding.

The block below is generated from the ``#@save`` cells of notebooks/11_attention_transformer.ipynb
(``python -m dlcourse.export``): edit the notebook, not the block.
"""

import re
from collections import Counter

import numpy as np

from dlcourse.activations import softmax  # lecture 02's softmax, used by the attention below

# ---- BEGIN #@save cells of notebooks/11_attention_transformer.ipynb (generated: edit the notebook) ----
DIGITS = "영일이삼사오육칠팔구"
SMALL_UNITS = ("", "십", "백", "천")
BIG_UNITS = ("", "만", "억")


def read_four_digits(n):
    """Korean reading of 1 <= n <= 9999; '일' is dropped before 십, 백, 천 (1100 -> '천백')."""
    words = ""
    for power in (3, 2, 1, 0):
        digit = n // 10 ** power % 10
        if digit:
            words += ("" if digit == 1 and power > 0 else DIGITS[digit]) + SMALL_UNITS[power]
    return words


def number_to_korean(n):
    """Korean reading of 1 <= n < 10**12 without spaces: 3251 -> '삼천이백오십일', 10000 -> '만'."""
    if not 1 <= n < 10 ** 12:
        raise ValueError(f"n must be in [1, 10**12), got {n}")
    words = ""
    for k in (2, 1, 0):  # 억, 만, 일: 네 자리씩
        group = n // 10 ** (4 * k) % 10000
        if group:
            words += ("" if group == 1 and k == 1 else read_four_digits(group)) + BIG_UNITS[k]
    return words


def sample_numbers(n, rng, max_digits=8):
    """n random integers whose number of digits is uniform on 1..max_digits (int64)."""
    digits = rng.integers(1, max_digits + 1, size=n)
    low = 10 ** (digits - 1).astype(np.int64)
    return low + (rng.random(n) * (10 ** digits.astype(np.int64) - low)).astype(np.int64)


SRC_VOCAB = ("<pad>",) + tuple("일이삼사오육칠팔구십백천만억")  # 음절 토큰
TGT_VOCAB = ("<pad>", "<s>", "</s>") + tuple("0123456789")
PAD, START, END = 0, 1, 2
SRC_LEN, TGT_LEN = 15, 9  # 8자리 수의 가장 긴 읽기는 15음절, 출력은 8자리 + </s>


def encode(sequences, vocab, length):
    """Token ids (n, length) of token sequences, padded with PAD = 0; an unknown token raises KeyError."""
    index = {token: i for i, token in enumerate(vocab)}
    ids = np.zeros((len(sequences), length), dtype="int32")
    for row, tokens in enumerate(sequences):
        if len(tokens) > length:
            raise ValueError(f"sequence {row} has {len(tokens)} tokens, more than length={length}")
        ids[row, :len(tokens)] = [index[token] for token in tokens]
    return ids


def make_number_task(numbers):
    """(source ids, decoder input ids, target ids) of the reading -> digits task (teacher forcing)."""
    src = encode([number_to_korean(int(x)) for x in numbers], SRC_VOCAB, SRC_LEN)
    tgt = encode([list(str(int(x))) + ["</s>"] for x in numbers], TGT_VOCAB, TGT_LEN)
    dec_in = np.concatenate([np.full((len(tgt), 1), START, "int32"), tgt[:, :-1]], axis=1)
    dec_in[dec_in == END] = PAD  # </s> 다음 자리는 입력에서도 패딩
    return src, dec_in, tgt


def greedy_decode(predict, src, length=TGT_LEN):
    """Greedy decoding: ``predict(src, dec_in)`` returns logits (n, length, vocab); the most likely token
    at position t becomes the decoder input at t + 1. Returns target ids (n, length), PAD after END."""
    dec_in = np.zeros((len(src), length), "int32")
    dec_in[:, 0] = START
    out = np.zeros((len(src), length), "int32")
    done = np.zeros(len(src), dtype=bool)
    for t in range(length):
        token = np.asarray(predict(src, dec_in))[:, t].argmax(axis=-1)
        out[:, t] = np.where(done, PAD, token)
        done |= token == END
        if t + 1 < length:
            dec_in[:, t + 1] = np.where(done, PAD, token)
    return out


def exact_match(pred, target):
    """Per example: True when the whole output (up to and including END) equals the target."""
    return np.all(np.asarray(pred) == np.asarray(target), axis=1)


# softmax는 2강에서 만든 activations.softmax입니다(가장 큰 값을 빼고 exp: 넘침 방지).
def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d_k)) v over the last two axes. ``mask`` (broadcast to (..., T_q, T_k)) is True
    where a query may attend to a key. Returns (output, weights)."""
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e9)  # 가린 칸: softmax 뒤 0
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


def causal_mask(length):
    """(length, length) boolean: query i may attend to keys j <= i."""
    return np.tril(np.ones((length, length), dtype=bool))


def padding_mask(token_ids, pad_id=PAD):
    """(batch, 1, T) boolean: True for keys that are real tokens, False for padding."""
    return (np.asarray(token_ids) != pad_id)[:, None, :]


def multi_head_attention(x_q, x_kv, params, mask=None):
    """Multi-head attention in NumPy with the weights of ``keras.layers.MultiHeadAttention.get_weights()``:
    [Wq, bq, Wk, bk, Wv, bv, Wo, bo]. ``mask`` (batch, T_q, T_k) is True where attending is allowed."""
    wq, bq, wk, bk, wv, bv, wo, bo = params
    q = np.einsum("btd,dhk->bhtk", x_q, wq) + bq[:, None, :]  # (batch, heads, T_q, d_head)
    k = np.einsum("bsd,dhk->bhsk", x_kv, wk) + bk[:, None, :]
    v = np.einsum("bsd,dhk->bhsk", x_kv, wv) + bv[:, None, :]
    if mask is not None:
        mask = np.asarray(mask)[:, None]  # 모든 헤드에 같은 마스크
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    return np.einsum("bhtk,hkd->btd", out, wo) + bo, weights  # 헤드를 이어 붙여 W^O로 투영


def positional_encoding(length, d_model, base=10000.0):
    """Sinusoidal positional encoding (length, d_model), float32: sin in even columns 2i, cos in odd
    columns 2i + 1, angle pos / base**(2i / d_model)."""
    pos = np.arange(length)[:, None]
    angle = pos / base ** (2 * np.arange(d_model // 2)[None, :] / d_model)
    pe = np.zeros((length, d_model), dtype="float32")
    pe[:, 0::2], pe[:, 1::2] = np.sin(angle), np.cos(angle)
    return pe


WORD = re.compile(r"[가-힣]+")


def word_tokens(text):
    """Eojeol-like tokens: runs of Hangul syllables (punctuation, digits and Latin letters dropped)."""
    return WORD.findall(text)


def build_vocab(token_lists, min_count=1, specials=("<pad>", "<unk>")):
    """Tokens sorted by count (ties: first seen), after ``specials``; tokens rarer than min_count are left out."""
    counts = Counter(token for tokens in token_lists for token in tokens)
    kept = [token for token, n in counts.most_common() if n >= min_count and token not in specials]
    return list(specials) + kept


def skipgram_pairs(sentences, window, n_negative, noise, rng):
    """Skip-gram training pairs from token-id sequences: every (center, neighbour within ``window``) pair gets
    label 1, and each is followed by ``n_negative`` (center, word drawn from ``noise``) pairs with label 0.
    Returns pairs (n, 2) int32 and labels (n,) float32."""
    positive = [(s[i], s[j]) for s in sentences for i in range(len(s))
                for j in range(max(0, i - window), min(len(s), i + window + 1)) if j != i]
    positive = np.array(positive, dtype="int32").reshape(-1, 2)
    negative = np.repeat(positive[:, :1], n_negative, axis=0)
    negative = np.hstack([negative, rng.choice(len(noise), size=(len(negative), 1), p=noise).astype("int32")])
    labels = np.r_[np.ones(len(positive)), np.zeros(len(negative))].astype("float32")
    return np.vstack([positive, negative]), labels
# ---- END saved cells ----
