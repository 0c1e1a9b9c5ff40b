"""Lecture 13, variational autoencoders and diffusion models: the saved cells of the notebook and
the figures only this lecture draws.

The lesson code is written in ``notebooks/13_vae_diffusion.ipynb`` and copied here by
``python -m dlcourse.export`` (the block between the BEGIN and END lines):

- :func:`reparameterize`, :func:`kl_to_standard_normal`, :func:`vae_losses` and the :class:`VAE`
  (a ``keras.Model`` with its own ``train_step``: reconstruction + beta * KL, the negative ELBO).
- The diffusion model: :func:`linear_betas` / :func:`alpha_bars` (the noise schedule),
  :func:`noise_step` (one forward step), :func:`q_sample` (the closed form q(x_t | x_0)),
  :func:`noise_predictor` (an MLP that predicts the noise), :class:`Diffusion` (``train_step``:
  the denoising loss; ``sample``: the DDPM loop) and :func:`energy_distance`.

Code indices are 0-based: ``betas[k]`` and ``alpha_bars[k]`` belong to the lecture's step t = k + 1.

Written by hand: argument checks and the figures :func:`plot_trajectory` (image strips over the
sampling steps) and :func:`plot_steps_2d` (2-D samples over the sampling steps).
"""

import math
import numbers

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from dlcourse.runtime import add_to_class
from dlcourse.validation import check_scalar


def check_schedule(betas):
    """``betas`` as a 1-D float64 array with every value in (0, 1), or a clear error."""
    try:
        betas = np.asarray(betas, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError("betas must be a 1-D array of numbers, e.g. linear_betas(100)") from None
    if betas.ndim != 1 or len(betas) < 1:
        raise ValueError(f"betas must be a 1-D array with at least one step, got shape {betas.shape}")
    if not np.all((betas > 0) & (betas < 1)):
        raise ValueError("every beta must lie in (0, 1): each step keeps sqrt(1 - beta) of the signal")
    return betas


# ---- BEGIN #@save cells of notebooks/13_vae_diffusion.ipynb (generated: edit the notebook) ----
def reparameterize(mean, log_var, seed=None):
    """z = mean + sigma * eps with eps ~ N(0, I): a sample that stays differentiable in mean and log_var."""
    eps = keras.random.normal(keras.ops.shape(mean), seed=seed)      # 무작위성은 ε에만
    return mean + keras.ops.exp(0.5 * log_var) * eps                # σ = exp(log σ² / 2)


def kl_to_standard_normal(mean, log_var):
    """KL(N(mean, diag(exp(log_var))) || N(0, I)) per sample: 0.5 * sum(mean^2 + var - log_var - 1)."""
    return 0.5 * keras.ops.sum(keras.ops.square(mean) + keras.ops.exp(log_var) - log_var - 1.0, axis=-1)


def vae_losses(x, logits, mean, log_var):
    """Per-sample reconstruction loss (BCE summed over the pixels; the decoder gives logits) and KL term."""
    recon = keras.ops.sum(keras.ops.binary_crossentropy(x, logits, from_logits=True), axis=-1)
    return recon, kl_to_standard_normal(mean, log_var)


class VAE(keras.Model):
    """``fit(x)`` maximizes the ELBO: loss = reconstruction + beta * KL (x: flat images in [0, 1])."""

    def __init__(self, encoder, decoder, beta=1.0, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder   # x → (μ, log σ²),  z → 픽셀 로짓
        self.beta = float(check_scalar(beta, "beta", kind=numbers.Real, min_value=0))
        self.seed_generator = keras.random.SeedGenerator(seed)   # ε를 뽑는 이 모델만의 난수 생성기
        self.trackers = {name: keras.metrics.Mean(name=name) for name in ("loss", "reconstruction", "kl")}

    @property
    def metrics(self):
        return list(self.trackers.values())             # Keras가 에포크마다 초기화


@add_to_class(VAE)
def train_step(self, data):
    x = data[0] if isinstance(data, tuple) else data           # fit(x): 레이블 없이 이미지만
    with tf.GradientTape() as tape:
        mean, log_var = self.encoder(x, training=True)
        z = reparameterize(mean, log_var, seed=self.seed_generator)      # z = μ + σ ε
        recon, kl = vae_losses(x, self.decoder(z, training=True), mean, log_var)
        loss = keras.ops.mean(recon + self.beta * kl)                   # -ELBO (β = 1일 때)
    weights = self.encoder.trainable_weights + self.decoder.trainable_weights
    self.optimizer.apply(tape.gradient(loss, weights), weights)
    for name, value in (("loss", loss), ("reconstruction", keras.ops.mean(recon)), ("kl", keras.ops.mean(kl))):
        self.trackers[name].update_state(value)
    return {name: tracker.result() for name, tracker in self.trackers.items()}


@add_to_class(VAE)
def sample(self, n, seed=None):
    """``n`` new images from the prior: z ~ N(0, I), decoded to pixel probabilities in [0, 1]."""
    check_scalar(n, "n", min_value=1)
    z = np.random.default_rng(seed).standard_normal((n, self.decoder.input_shape[-1])).astype("float32")
    return keras.ops.convert_to_numpy(keras.ops.sigmoid(self.decoder(z, training=False)))


@add_to_class(VAE)
def reconstruct(self, x):
    """Decode the code means mu(x) (no sampling): reconstructions in [0, 1] and the means."""
    mean, _ = self.encoder(x, training=False)
    images = keras.ops.sigmoid(self.decoder(mean, training=False))
    return keras.ops.convert_to_numpy(images), keras.ops.convert_to_numpy(mean)


@add_to_class(VAE)
def encode(self, x, seed=None):
    """Codes z = mu + sigma * eps drawn from q(z | x): the codes the decoder sees in training."""
    mean, log_var = (keras.ops.convert_to_numpy(v) for v in self.encoder(x, training=False))
    return mean + np.exp(0.5 * log_var) * np.random.default_rng(seed).standard_normal(mean.shape)


def vae_parts(latent_dim, hidden=256, name="vae"):
    """Dense encoder 784 → hidden → (mean, log_var) and decoder latent_dim → hidden → 784 logits."""
    check_scalar(latent_dim, "latent_dim", min_value=1)
    x = keras.Input(shape=(784,))
    h = keras.layers.Dense(hidden, activation="relu")(x)
    encoder = keras.Model(x, [keras.layers.Dense(latent_dim, name="mean")(h),
                              keras.layers.Dense(latent_dim, name="log_var")(h)], name=f"{name}_encoder")
    decoder = keras.Sequential([keras.Input(shape=(latent_dim,)),
                                keras.layers.Dense(hidden, activation="relu"),
                                keras.layers.Dense(784)], name=f"{name}_decoder")   # 시그모이드 전의 로짓
    return encoder, decoder


def linear_betas(T, beta_1=1e-4, beta_T=0.02):
    """The DDPM linear schedule (for T = 1000) stretched to T steps: beta_1 .. beta_T times 1000 / T."""
    check_scalar(T, "T", min_value=2)
    scale = 1000 / T          # 단계 수를 줄여도 전체 잡음의 양이 비슷하도록 각 단계의 β를 키움
    return check_schedule(np.linspace(beta_1 * scale, beta_T * scale, T))


def alpha_bars(betas):
    """alpha_bar_t = prod_{s <= t} (1 - beta_s): the share of the signal's variance left after t steps."""
    return np.cumprod(1.0 - check_schedule(betas))


def noise_step(x, beta, noise):
    """One forward step q(x_t | x_{t-1}): keep sqrt(1 - beta) of x, add sqrt(beta) of fresh noise."""
    return keras.ops.sqrt(1.0 - beta) * x + keras.ops.sqrt(beta) * noise


def q_sample(x0, alpha_bar, noise):
    """The closed form q(x_t | x_0) in one step: sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) noise."""
    return keras.ops.sqrt(alpha_bar) * x0 + keras.ops.sqrt(1.0 - alpha_bar) * noise


class TimeEmbedding(keras.layers.Layer):
    """Sinusoidal features of the integer step t (shape (n,)), like a Transformer's position encoding."""

    def __init__(self, dim=32, max_period=1000.0, **kwargs):
        super().__init__(**kwargs)
        self.dim, self.max_period = check_scalar(dim, "dim", min_value=2), float(max_period)

    def call(self, t):
        half = self.dim // 2                              # 주파수 half개: 1 ... 1/max_period
        freqs = keras.ops.exp(-math.log(self.max_period) * keras.ops.arange(half, dtype="float32") / half)
        angles = keras.ops.cast(keras.ops.reshape(t, (-1, 1)), "float32") * freqs[None, :]
        return keras.ops.concatenate([keras.ops.sin(angles), keras.ops.cos(angles)], axis=-1)


def noise_predictor(dim, hidden=128, depth=3, emb_dim=32, max_period=1000.0, name="noise_predictor"):
    """eps_theta(x_t, t): an MLP that predicts the noise in x_t; the step t enters every hidden layer."""
    x_in, t_in = keras.Input(shape=(dim,), name="x_t"), keras.Input(shape=(), dtype="int32", name="t")
    emb = keras.layers.Dense(hidden, activation="silu")(TimeEmbedding(emb_dim, max_period)(t_in))
    h = keras.layers.Dense(hidden)(x_in)
    for _ in range(depth):                                # 단계 정보를 더한 뒤 은닉층
        h = keras.layers.Dense(hidden, activation="silu")(keras.layers.Add()([h, emb]))
    # 지름길: x_t × (단계별 이득). t가 크면 x_t의 대부분이 잡음이라, 784차원 잡음을 은닉층을 거치지 않고 전달
    gain = keras.layers.Dense(dim)(emb)
    out = keras.layers.Add()([keras.layers.Dense(dim)(h), keras.layers.Multiply()([x_in, gain])])
    return keras.Model([x_in, t_in], out, name=name)


class Diffusion(keras.Model):
    """DDPM: ``fit(x0)`` trains ``network`` to predict the added noise; ``sample(n)`` runs the T reverse steps."""

    def __init__(self, network, betas, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.network = network                            # ε_θ(x_t, t), 입력 [x_t, k] (k = t - 1)
        self.betas = check_schedule(betas)
        self.alpha_bars = alpha_bars(self.betas)
        self.T = len(self.betas)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.loss_tracker = keras.metrics.Mean(name="loss")

    @property
    def metrics(self):
        return [self.loss_tracker]


@add_to_class(Diffusion)
def train_step(self, data):  # noqa: F811  (VAE.train_step과 같은 이름: 다른 클래스의 메서드)
    x0 = data[0] if isinstance(data, tuple) else data
    n = keras.ops.shape(x0)[0]
    k = keras.random.randint((n,), 0, self.T, seed=self.seed_generator)          # 단계 t = k + 1을 무작위로
    noise = keras.random.normal(keras.ops.shape(x0), seed=self.seed_generator)     # ε ~ N(0, I)
    alpha_bar = keras.ops.take(keras.ops.convert_to_tensor(self.alpha_bars, "float32"), k)[:, None]
    x_t = q_sample(x0, alpha_bar, noise)                                          # 닫힌 형태로 한 번에
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(keras.ops.square(noise - self.network([x_t, k], training=True)))
    grads = tape.gradient(loss, self.network.trainable_weights)
    self.optimizer.apply(grads, self.network.trainable_weights)
    self.loss_tracker.update_state(loss)
    return {"loss": self.loss_tracker.result()}


def ddpm_step(x_t, eps_hat, k, betas, alpha_bars, noise):
    """One reverse step x_t -> x_{t-1} (code index k = t - 1): the mean from eps_hat plus sigma_t * noise."""
    beta, alpha_bar = betas[k], alpha_bars[k]
    mean = (x_t - beta / np.sqrt(1.0 - alpha_bar) * eps_hat) / np.sqrt(1.0 - beta)
    if k == 0:
        return mean                                               # 마지막 단계(t = 1): 잡음 없이
    variance = beta * (1.0 - alpha_bars[k - 1]) / (1.0 - alpha_bar)   # σ_t²
    return mean + np.sqrt(variance) * noise


@add_to_class(Diffusion)
def sample(self, n, seed=None, keep=()):  # noqa: F811  (다른 클래스의 메서드)
    """``n`` samples from x_T ~ N(0, I) by the T reverse steps; with ``keep``, also {t: x_t} for those t."""
    check_scalar(n, "n", min_value=1)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, self.network.input_shape[0][-1])).astype("float32")   # x_T
    kept, predict = {self.T: x}, tf.function(lambda x, k: self.network([x, k], training=False))
    for k in range(self.T - 1, -1, -1):                        # t = T, T-1, ..., 1
        eps_hat = predict(x, tf.fill((n,), k)).numpy()
        x = ddpm_step(x, eps_hat, k, self.betas, self.alpha_bars, rng.standard_normal(x.shape)).astype("float32")
        if k in keep:                                          # 이제 x는 x_{t-1} = x_k
            kept[k] = x
    return (x, kept) if keep else x


def energy_distance(a, b):
    """Energy distance 2 E|a - b| - E|a - a'| - E|b - b'| between two samples (rows); 0 for equal distributions."""
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"energy_distance() needs two (n, d) arrays with the same d, got {a.shape} and {b.shape}")

    def mean_distance(u, v):
        return np.sqrt(((u[:, None, :] - v[None, :, :]) ** 2).sum(axis=-1)).mean()

    return float(2 * mean_distance(a, b) - mean_distance(a, a) - mean_distance(b, b))
# ---- END saved cells ----


def plot_trajectory(kept, n=6, title="역방향 샘플링의 궤적: 잡음에서 이미지로"):
    """Image strips over the sampling steps: ``kept`` maps step t -> (m, 784) images in [-1, 1].

    One row per sample (the first ``n``), one column per kept step, from t = T on the left to
    t = 0 on the right.
    """
    if not isinstance(kept, dict) or not kept:
        raise ValueError("plot_trajectory() needs the dict of kept steps, e.g. diffusion.sample(..., keep=(50, 0))[1]")
    check_scalar(n, "n", min_value=1)
    steps = sorted(kept, reverse=True)
    n = min(n, min(len(kept[t]) for t in steps))
    fig, axes = plt.subplots(n, len(steps), figsize=(0.9 * len(steps) + 0.4, 0.9 * n + 0.4), squeeze=False)
    for col, t in enumerate(steps):
        for row in range(n):
            ax = axes[row, col]
            image = np.clip(np.asarray(kept[t][row]).reshape(28, 28), -1, 1)
            ax.imshow(image, cmap="gray", vmin=-1, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
        axes[0, col].set_title(f"t={t}", fontsize=9)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_steps_2d(kept, data, title="2차원 확산 모형의 역방향 샘플링"):
    """2-D samples at each kept step (``kept``: t -> (n, 2)) over the data in grey."""
    if not isinstance(kept, dict) or not kept:
        raise ValueError("plot_steps_2d() needs the dict of kept steps, e.g. diffusion.sample(..., keep=(25, 0))[1]")
    data = np.asarray(data)
    if data.ndim != 2 or data.shape[1] != 2:
        raise ValueError(f"data must have shape (n, 2), got {data.shape}")
    steps = sorted(kept, reverse=True)
    fig, axes = plt.subplots(1, len(steps), figsize=(2.2 * len(steps), 2.4), sharex=True, sharey=True)
    for ax, t in zip(np.atleast_1d(axes), steps):
        ax.scatter(*data[:1000].T, s=2, color="0.8")
        ax.scatter(*np.asarray(kept[t])[:1000].T, s=2, color="tab:red")
        ax.set_title(f"t={t}", fontsize=9)
        ax.set(xlim=(-3, 3), ylim=(-3, 3), xticks=[], yticks=[])
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig
