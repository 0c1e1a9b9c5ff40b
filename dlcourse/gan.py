"""Generative adversarial networks (lecture 09): the GAN training loop and its measurements.

The lesson code is written in ``notebooks/09_gan.ipynb`` and copied here by
``python -m dlcourse.export`` (the block between the BEGIN and END lines):

- :class:`GAN` is a ``keras.Model`` subclass whose ``train_step`` alternates one
  discriminator step and ``generator_steps`` generator steps (each with its own
  ``tf.GradientTape`` and optimizer), so ``gan.fit(images)`` trains both players. The
  discriminator outputs a logit; the losses are binary cross-entropies computed from logits.
- :func:`class_shares`, :func:`classes_covered` and :func:`frechet_distance` measure the
  generated images with a classifier: which classes appear (mode collapse) and how far the
  distribution of its features is from the real one (the idea behind FID).

Written by hand: the image range conversions :func:`to_tanh_range` / :func:`to_uint8` and the
:class:`SampleGrid` callback that draws samples from fixed noise after each epoch.
"""

import numbers

import keras
import numpy as np
import tensorflow as tf

from dlcourse.runtime import add_to_class
from dlcourse.validation import check_scalar


def to_tanh_range(images):
    """uint8 images (0..255) -> float32 in [-1, 1], the range of a ``tanh`` generator output."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise ValueError(f"to_tanh_range() expects uint8 images (0..255), got dtype {images.dtype}")
    return images.astype("float32") / 127.5 - 1.0


def to_uint8(images):
    """Generator output in [-1, 1] -> uint8 images (0..255), e.g. for a classifier or a plot."""
    images = np.asarray(images, dtype="float32")
    return np.clip(np.round((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


# ---- BEGIN #@save cells of notebooks/09_gan.ipynb (generated: edit the notebook) ----
class GAN(keras.Model):
    """``fit(real_images)`` trains discriminator and generator in turn; D outputs a logit, D(x) = sigmoid(logit)."""
    GENERATOR_LOSSES = ("non_saturating", "minimax")

    def __init__(self, generator, discriminator, latent_dim, generator_loss="non_saturating",
                 generator_steps=1, seed=0, **kwargs):
        super().__init__(**kwargs)
        if generator_loss not in self.GENERATOR_LOSSES:
            raise ValueError(f"generator_loss must be one of {self.GENERATOR_LOSSES}, got {generator_loss!r}")
        self.generator, self.discriminator = generator, discriminator
        self.latent_dim = check_scalar(latent_dim, "latent_dim", min_value=1)        # 잡음 z의 차원
        self.generator_loss = generator_loss
        self.generator_steps = check_scalar(generator_steps, "generator_steps", min_value=1)
        self.seed_generator = keras.random.SeedGenerator(seed)   # z를 뽑는 이 모델만의 난수 생성기
        # fit이 보여 줄 값(Keras가 에포크마다 초기화): 두 손실, 판별자가 진짜·가짜에 낸 평균 확률
        self.trackers = {name: keras.metrics.Mean(name=name) for name in ("d_loss", "g_loss", "d_real", "d_fake")}

    def compile(self, d_optimizer, g_optimizer, **kwargs):
        """Each player gets its own optimizer (two objects: each keeps its own moment estimates)."""
        if d_optimizer is g_optimizer:
            raise ValueError("give the discriminator and the generator two separate optimizers")
        super().compile(**kwargs)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer


@add_to_class(GAN)
def sample(self, n, seed=None, batch_size=500):
    """``n`` generated images as a NumPy array (in the generator's output range)."""
    check_scalar(n, "n", min_value=1)
    z = np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype("float32")   # z ~ N(0, I)
    return self.generator.predict(z, batch_size=batch_size, verbose=0)


def bce_from_logits(labels, logits):
    """Mean binary cross-entropy of sigmoid(logits) against 0/1 labels, computed stably from the logits."""
    return keras.ops.mean(keras.ops.binary_crossentropy(labels, logits, from_logits=True))


@add_to_class(GAN)
def discriminator_step(self, real):
    """One discriminator update on real images and as many generated ones; returns (loss, D(real), D(fake))."""
    batch = keras.ops.shape(real)[0]
    z = keras.random.normal((batch, self.latent_dim), seed=self.seed_generator)
    fake = self.generator(z, training=True)                 # 테이프 밖: 생성자는 고정
    with tf.GradientTape() as tape:
        real_logits = self.discriminator(real, training=True)
        fake_logits = self.discriminator(fake, training=True)
        # 진짜에 레이블 1, 가짜에 레이블 0을 준 BCE = -[log D(x) + log(1 - D(G(z)))]
        d_loss = (bce_from_logits(keras.ops.ones_like(real_logits), real_logits)
                  + bce_from_logits(keras.ops.zeros_like(fake_logits), fake_logits))
    grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
    self.d_optimizer.apply(grads, self.discriminator.trainable_weights)
    return d_loss, keras.ops.sigmoid(real_logits), keras.ops.sigmoid(fake_logits)


@add_to_class(GAN)
def generator_step(self, batch):
    """One generator update on ``batch`` fresh noise vectors; returns the generator loss."""
    z = keras.random.normal((batch, self.latent_dim), seed=self.seed_generator)
    with tf.GradientTape() as tape:
        fake_logits = self.discriminator(self.generator(z, training=True), training=True)
        if self.generator_loss == "non_saturating":    # -log D(G(z)): 가짜에 레이블 1을 준 BCE
            g_loss = bce_from_logits(keras.ops.ones_like(fake_logits), fake_logits)
        else:                                          # 원래의 log(1 - D(G(z))) = -(레이블 0의 BCE)
            g_loss = -bce_from_logits(keras.ops.zeros_like(fake_logits), fake_logits)
    grads = tape.gradient(g_loss, self.generator.trainable_weights)
    self.g_optimizer.apply(grads, self.generator.trainable_weights)    # 판별자는 그대로
    return g_loss


@add_to_class(GAN)
def train_step(self, data):
    real = data[0] if isinstance(data, tuple) else data    # fit(x): 레이블 없이 이미지만
    d_loss, d_real, d_fake = self.discriminator_step(real)            # 1) 판별자
    for _ in range(self.generator_steps):                             # 2) 생성자
        g_loss = self.generator_step(keras.ops.shape(real)[0])
    values = {"d_loss": d_loss, "g_loss": g_loss,
              "d_real": keras.ops.mean(d_real), "d_fake": keras.ops.mean(d_fake)}
    for name, value in values.items():
        self.trackers[name].update_state(value)
    return {name: tracker.result() for name, tracker in self.trackers.items()}


def class_shares(classifier, images, n_classes=10, batch_size=500):
    """Share of each class among the classifier's predictions for ``images`` (sums to 1)."""
    probs = np.asarray(classifier.predict(np.asarray(images), batch_size=batch_size, verbose=0))
    if probs.ndim != 2 or probs.shape[1] != n_classes:
        raise ValueError(f"the classifier must output (n, {n_classes}) class probabilities, got shape {probs.shape}")
    return np.bincount(probs.argmax(axis=1), minlength=n_classes) / len(probs)   # 클래스별 개수 / 전체


def classes_covered(shares, min_share=0.01):
    """How many classes hold at least ``min_share`` of the samples (10 of 10 = no mode lost)."""
    shares = np.asarray(shares, dtype=float)
    if shares.ndim != 1 or not np.isclose(shares.sum(), 1.0):
        raise ValueError("shares must be a 1-D array of class shares that sums to 1 (the output of class_shares)")
    check_scalar(min_share, "min_share", kind=numbers.Real, min_value=0, max_value=1, include_max=False)
    return int(np.sum(shares >= min_share))


def sqrt_psd(matrix):
    """Square root of a symmetric positive semi-definite matrix (tiny negative eigenvalues -> 0)."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)          # C = V diag(λ) V^T
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T   # C^1/2 = V diag(√λ) V^T


def frechet_distance(features_a, features_b):
    """Fréchet distance between Gaussians fitted to two feature sets (rows are samples)."""
    a, b = np.asarray(features_a, dtype=np.float64), np.asarray(features_b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1] or min(len(a), len(b)) < 2:
        raise ValueError(f"frechet_distance() needs two (n, d) arrays with the same d and n >= 2, "
                         f"got {a.shape} and {b.shape}")
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root_a = sqrt_psd(cov_a)
    cross = sqrt_psd(root_a @ cov_b @ root_a)                  # (C_a^1/2 C_b C_a^1/2)^1/2
    value = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a + cov_b - 2 * cross)
    return float(max(value, 0.0))                              # 반올림 오차로 생긴 음수는 0으로
# ---- END saved cells ----


class SampleGrid(keras.callbacks.Callback):
    """Generate ``n`` images from the same fixed noise after every ``every``-th epoch.

    The images are kept in :attr:`snapshots` (epoch -> uint8 array) and, with ``show=True``,
    drawn as a grid right away. :meth:`plot` draws all snapshots as one figure, a row per
    epoch, to watch the samples improve.
    """

    def __init__(self, latent_dim, n=10, every=1, show=False, seed=0, ncols=10):
        super().__init__()
        check_scalar(n, "n", min_value=1)
        check_scalar(every, "every", min_value=1)
        self.z = np.random.default_rng(seed).standard_normal((n, latent_dim)).astype("float32")
        self.every, self.show, self.ncols = every, show, ncols
        self.snapshots = {}

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        generator = getattr(self.model, "generator", self.model)
        images = _as_images(to_uint8(generator.predict(self.z, verbose=0)))
        self.snapshots[epoch + 1] = images
        if self.show:
            import matplotlib.pyplot as plt

            from dlcourse import plots

            plots.show_images(images, ncols=self.ncols, size=0.8, title=f"에포크 {epoch + 1}")
            plt.show()

    def plot(self, size=0.8, title="고정된 잡음 z에서 생성한 이미지 (행: 에포크)"):
        """All snapshots as one figure: a row per recorded epoch, labelled on the left."""
        import matplotlib.pyplot as plt

        if not self.snapshots:
            raise ValueError("no snapshots yet: pass the callback to fit(..., callbacks=[grid]) first")
        epochs = sorted(self.snapshots)
        n = len(self.z)
        fig, axes = plt.subplots(len(epochs), n, figsize=(size * n + 0.6, size * len(epochs)),
                                 squeeze=False)
        for row, epoch in zip(axes, epochs):
            for ax, image in zip(row, self.snapshots[epoch]):
                ax.imshow(np.squeeze(image), cmap="gray", vmin=0, vmax=255)
                ax.set_xticks([])
                ax.set_yticks([])
                ax.grid(False)
            row[0].set_ylabel(f"{epoch}", rotation=0, ha="right", va="center", fontsize=9)
        fig.suptitle(title, fontsize=10)
        fig.tight_layout()
        return fig


def _as_images(batch):
    """Flat square images (n, side*side) -> (n, side, side); other shapes unchanged."""
    if batch.ndim == 2:
        side = int(round(np.sqrt(batch.shape[1])))
        if side * side == batch.shape[1]:
            return batch.reshape(len(batch), side, side)
    return batch
