"""Lecture 08, restricted Boltzmann machines (RBM) with binary units and deep belief networks (DBN).

An RBM has visible units ``v`` (n_visible), hidden units ``h`` (n_hidden), weights ``W``
(n_visible x n_hidden), a visible bias ``b`` and a hidden bias ``c``. Its energy is

    E(v, h) = -b.v - c.h - v.W.h

and both conditionals factorise into sigmoids: ``p(h=1|v) = sigmoid(v W + c)`` and
``p(v=1|h) = sigmoid(h W^T + b)``. The lesson code below the BEGIN line is generated from the
``#@save`` cells of ``notebooks/08_rbm_dbn.ipynb``: :class:`RBM` (CD-k or persistent CD, built
across cells with ``add_to_class``), :func:`pretrain_dbn` (greedy layer-wise stacking) and
:func:`dbn_classifier` (the stack unrolled into a Keras classifier for fine-tuning).

    rbm = RBM(n_visible=784, n_hidden=128, seed=0)
    history = rbm.fit(x_binary, epochs=10)        # {"reconstruction_error": [...]}
    features = rbm.transform(x_binary)             # p(h=1|v)

Above the block: the input checks the saved code calls (not lesson code).
"""

import numbers

import keras
import numpy as np
import tensorflow as tf

from dlcourse.runtime import add_to_class
from dlcourse.validation import check_scalar, check_sizes


def as_batch(v, n_visible):
    """``v`` as a float32 tensor of shape (n, n_visible) with values in [0, 1], else a clear ValueError."""
    array = v.numpy() if isinstance(v, tf.Tensor) else np.asarray(v, dtype="float32")
    if array.ndim != 2 or array.shape[1] != n_visible:
        raise ValueError(f"expected a 2-D array of shape (n, {n_visible}) (one row per "
                         f"example, flatten images first), got shape {array.shape}")
    if array.size and (array.min() < 0 or array.max() > 1):
        raise ValueError("RBM inputs must lie in [0, 1]: scale or binarize them first "
                         f"(got values from {array.min():g} to {array.max():g})")
    return tf.constant(array, tf.float32)


def check_stack(rbms, n_inputs, hidden_sizes, partial=False):
    """Raise ValueError unless ``rbms`` (bottom first) are the layers of ``n_inputs -> hidden_sizes``.

    ``partial=True`` accepts the bottom layers only (a stack still to be continued).
    """
    sizes = [(rbm.n_visible, rbm.n_hidden) for rbm in rbms]
    expected = list(zip([n_inputs, *hidden_sizes[:-1]], hidden_sizes))
    if sizes != (expected[:len(sizes)] if partial and len(sizes) <= len(expected) else expected):
        raise ValueError(f"the RBMs have (visible, hidden) sizes {sizes} but the network needs "
                         f"{expected}; train one RBM per hidden layer, bottom first")


# ---- BEGIN #@save cells of notebooks/08_rbm_dbn.ipynb (generated: edit the notebook) ----
class RBM(tf.Module):
    """A Bernoulli-Bernoulli RBM trained with CD-k or persistent CD (PCD); its methods follow cell by cell."""

    def __init__(self, n_visible, n_hidden, learning_rate=0.05, k=1, persistent=False,
                 momentum=0.5, weight_decay=1e-4, batch_size=64, seed=0, name=None):
        super().__init__(name=name)
        self.n_visible = check_scalar(n_visible, "n_visible", min_value=1)
        self.n_hidden = check_scalar(n_hidden, "n_hidden", min_value=1)
        self.k = check_scalar(k, "k", min_value=1)                        # 음의 단계의 깁스 단계 수
        self.batch_size = check_scalar(batch_size, "batch_size", min_value=1)
        self.learning_rate = check_scalar(learning_rate, "learning_rate", numbers.Real, 0, include_min=False)
        self.momentum = check_scalar(momentum, "momentum", numbers.Real, 0, 1, include_max=False)
        self.weight_decay = check_scalar(weight_decay, "weight_decay", numbers.Real, min_value=0)
        self.persistent, self.seed = bool(persistent), check_scalar(seed, "seed", min_value=0)
        self._np_rng = np.random.default_rng(seed)        # 이 RBM의 난수: 초기 가중치, 미니배치 순서
        self._rng = tf.random.Generator.from_seed(seed)   # 이 RBM의 난수: 깁스 샘플링
        init = self._np_rng.normal(0.0, 0.01, (n_visible, n_hidden)).astype("float32")
        self.W = tf.Variable(init, name="W")
        self.b = tf.Variable(tf.zeros([n_visible]), name="b")   # 가시 편향
        self.c = tf.Variable(tf.zeros([n_hidden]), name="c")    # 은닉 편향
        self._velocity = [tf.Variable(tf.zeros_like(p)) for p in (self.W, self.b, self.c)]   # 모멘텀
        self._chain = tf.Variable(tf.zeros([batch_size, n_visible]), name="chain")   # PCD의 음의 체인
        self._chain_ready = False


@add_to_class(RBM)
def hidden_probs(self, v):
    """p(h_j = 1 | v) = sigmoid(v W + c), shape (n, n_hidden)."""
    return tf.sigmoid(tf.matmul(tf.cast(v, tf.float32), self.W) + self.c)

@add_to_class(RBM)
def visible_probs(self, h):
    """p(v_i = 1 | h) = sigmoid(h W^T + b), shape (n, n_visible)."""
    return tf.sigmoid(tf.matmul(tf.cast(h, tf.float32), self.W, transpose_b=True) + self.b)

@add_to_class(RBM)
def _bernoulli(self, p):
    """A 0/1 sample of each unit: 1 where a uniform number falls below its probability p."""
    return tf.cast(self._rng.uniform(tf.shape(p)) < p, tf.float32)


@add_to_class(RBM)
def energy(self, v, h):
    """E(v, h) = -b.v - c.h - v.W.h for each row, shape (n,)."""
    v, h = tf.cast(v, tf.float32), tf.cast(h, tf.float32)
    return (-tf.linalg.matvec(v, self.b) - tf.linalg.matvec(h, self.c)
            - tf.reduce_sum(tf.matmul(v, self.W) * h, axis=1))

@add_to_class(RBM)
def free_energy(self, v):
    """F(v) = -log sum_h exp(-E(v, h)) = -b.v - sum_j softplus(c_j + v.W_j), shape (n,)."""
    v = as_batch(v, self.n_visible)
    return -tf.linalg.matvec(v, self.b) - tf.reduce_sum(tf.nn.softplus(tf.matmul(v, self.W) + self.c), axis=1)


@add_to_class(RBM)
@tf.function
def _cd_step(self, v0):
    """One CD-k (or PCD-k) update on the batch ``v0``; returns its reconstruction error."""
    h0 = self.hidden_probs(v0)                       # 양의 단계: p(h|v0)
    v = self._chain if self.persistent else v0       # 음의 체인의 시작: CD는 데이터, PCD는 지난 체인
    h = self._bernoulli(self.hidden_probs(v))
    for _ in range(self.k):                          # k번의 깁스 단계 v -> h -> v
        v = self._bernoulli(self.visible_probs(h))
        hk = self.hidden_probs(v)
        h = self._bernoulli(hk)
    n, m = tf.cast(tf.shape(v0)[0], tf.float32), tf.cast(tf.shape(v)[0], tf.float32)
    grads = (tf.matmul(v0, h0, transpose_a=True) / n - tf.matmul(v, hk, transpose_a=True) / m
             - self.weight_decay * self.W,           # <v h>_데이터 - <v h>_모델 - 가중치 감쇠
             tf.reduce_mean(v0, axis=0) - tf.reduce_mean(v, axis=0),
             tf.reduce_mean(h0, axis=0) - tf.reduce_mean(hk, axis=0))
    for param, velocity, grad in zip((self.W, self.b, self.c), self._velocity, grads):
        velocity.assign(self.momentum * velocity + self.learning_rate * grad)   # 모멘텀
        param.assign_add(velocity)
    if self.persistent:
        self._chain.assign(v)                        # 다음 업데이트가 이어 갈 체인
    return tf.reduce_mean(tf.square(v0 - self.visible_probs(h0)))


@add_to_class(RBM)
def partial_fit(self, v):
    """One CD-k / PCD-k update on one mini-batch; returns the batch's reconstruction error."""
    v = as_batch(v, self.n_visible)
    self._start_chain(v)
    return float(self._cd_step(v))

@add_to_class(RBM)
def _start_chain(self, x):
    """PCD: start the persistent chains, once, at ``batch_size`` random rows of ``x``."""
    if self.persistent and not self._chain_ready:
        rows = self._np_rng.integers(0, len(x), self.batch_size)
        self._chain.assign(tf.gather(tf.convert_to_tensor(x, tf.float32), rows))
        self._chain_ready = True


@add_to_class(RBM)
def fit(self, x, epochs=10, validation_data=None):
    """Train on the rows of ``x`` (values in [0, 1]) for ``epochs`` passes of shuffled mini-batches.

    Returns a history dict: ``reconstruction_error`` per epoch (mean over the batches) and,
    with ``validation_data``, ``val_reconstruction_error``.
    """
    x = as_batch(x, self.n_visible).numpy()
    check_scalar(epochs, "epochs", min_value=1)
    history = {"reconstruction_error": []}
    if validation_data is not None:
        history["val_reconstruction_error"] = []
    self._start_chain(x)
    for _ in range(epochs):
        order = self._np_rng.permutation(len(x))     # 에포크마다 새로 섞기
        errors = [float(self._cd_step(tf.constant(x[order[i:i + self.batch_size]])))
                  for i in range(0, len(x), self.batch_size)]
        history["reconstruction_error"].append(float(np.mean(errors)))
        if validation_data is not None:
            history["val_reconstruction_error"].append(self.reconstruction_error(validation_data))
    return history


@add_to_class(RBM)
def transform(self, v):
    """Hidden features p(h=1|v) as a NumPy array (n, n_hidden)."""
    return self.hidden_probs(as_batch(v, self.n_visible)).numpy()

@add_to_class(RBM)
def reconstruct(self, v):
    """Mean-field reconstruction p(v|h) with h = p(h|v), shape (n, n_visible)."""
    return self.visible_probs(self.hidden_probs(as_batch(v, self.n_visible))).numpy()

@add_to_class(RBM)
def reconstruction_error(self, v):
    """Mean squared difference per pixel between ``v`` and :meth:`reconstruct` (a float)."""
    return float(np.mean(np.square(as_batch(v, self.n_visible).numpy() - self.reconstruct(v))))


@add_to_class(RBM)
def pseudo_likelihood(self, v):
    """Mean log pseudo-likelihood sum_i log p(v_i | v_-i) per row (higher is better), every unit flipped in turn."""
    v = as_batch(v, self.n_visible)
    f_v, n = self.free_energy(v), tf.shape(v)[0]
    total = tf.zeros([n])
    for i in range(self.n_visible):
        flipped = tf.abs(v - tf.one_hot(tf.fill([n], i), self.n_visible))   # v_i만 뒤집은 ṽ
        total += tf.math.log_sigmoid(self.free_energy(flipped) - f_v)      # log p(v_i | 나머지)
    return float(tf.reduce_mean(total))


@add_to_class(RBM)
@tf.function
def _gibbs(self, v, steps):
    p_v = v
    for _ in tf.range(steps):                        # v -> h -> v 를 steps번
        h = self._bernoulli(self.hidden_probs(v))
        p_v = self.visible_probs(h)
        v = self._bernoulli(p_v)
    return v, p_v

@add_to_class(RBM)
def gibbs(self, v, steps=1):
    """``steps`` rounds of block Gibbs sampling v -> h -> v from ``v``: (v_sample, v_probs) as NumPy arrays."""
    check_scalar(steps, "steps", min_value=1)
    v_sample, p_v = self._gibbs(as_batch(v, self.n_visible), tf.constant(int(steps)))
    return v_sample.numpy(), p_v.numpy()

@add_to_class(RBM)
def sample(self, n, steps=1000):
    """``n`` fantasy samples: ``steps`` Gibbs steps from random 0/1 pixels; returns the last p(v|h)."""
    check_scalar(n, "n", min_value=1)
    return self.gibbs(self._bernoulli(tf.fill([n, self.n_visible], 0.5)), steps)[1]   # 잡음에서 시작


def pretrain_dbn(x, hidden_sizes, epochs, rbms=(), seed=0, **rbm_args):
    """Greedy layer-wise pretraining: one RBM per size in ``hidden_sizes``, bottom first, no labels.

    Each new RBM learns from p(h|v) of the fixed layer below. ``rbms`` are trained bottom layers
    to keep. Returns all the RBMs and the reconstruction-error histories of the new ones.
    """
    hidden_sizes, rbms, histories = check_sizes(hidden_sizes, "hidden_sizes"), list(rbms), []
    check_stack(rbms, np.shape(x)[1], hidden_sizes, partial=True)
    inputs = x
    for rbm in rbms:                                 # 이미 학습한 아래 층은 고정: 특징만 계산
        inputs = rbm.transform(inputs)
    for n_hidden in hidden_sizes[len(rbms):]:
        rbm = RBM(inputs.shape[1], n_hidden, seed=seed + len(rbms), **rbm_args)
        histories.append(rbm.fit(inputs, epochs=epochs)["reconstruction_error"])
        rbms.append(rbm)
        inputs = rbm.transform(inputs)               # 위 층의 입력 = 이 층의 은닉 확률
    return rbms, histories


def dbn_classifier(n_inputs, hidden_sizes, n_classes, rbms=None, seed=0):
    """A Keras MLP with sigmoid hidden layers ``hidden_sizes`` and a softmax output.

    With ``rbms`` (trained RBMs, bottom first, one per hidden layer) the hidden layers start from
    the RBMs' ``W`` and hidden biases ``c``: the DBN unrolled for fine-tuning. Without them the
    same network starts from Glorot-uniform weights drawn with ``seed`` (the global state is untouched).
    """
    hidden_sizes, seed = check_sizes(hidden_sizes, "hidden_sizes"), check_scalar(seed, "seed", min_value=0)
    if rbms is not None:
        check_stack(rbms, n_inputs, hidden_sizes)
    init = [keras.initializers.GlorotUniform(seed=seed + i) for i in range(len(hidden_sizes) + 1)]
    layers = [keras.layers.Dense(n, activation="sigmoid", kernel_initializer=init[i], name=f"hidden{i + 1}")
              for i, n in enumerate(hidden_sizes)]
    layers.append(keras.layers.Dense(n_classes, activation="softmax", kernel_initializer=init[-1], name="output"))
    model = keras.Sequential([keras.Input(shape=(n_inputs,)), *layers])
    for layer, rbm in zip(model.layers, rbms or []):
        layer.set_weights([rbm.W.numpy(), rbm.c.numpy()])   # RBM의 W와 은닉 편향 c에서 시작
    return model
# ---- END saved cells ----
