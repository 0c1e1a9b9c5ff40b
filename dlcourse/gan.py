"""Generative adversarial networks (lecture 09): the GAN training loop and its measurements.

- :class:`GAN` is a ``keras.Model`` subclass whose ``train_step`` alternates one
  discriminator step and one generator step (each with its own ``tf.GradientTape`` and
  optimizer), so ``gan.fit(images)`` trains both players.
- :class:`SampleGrid` is a callback that generates a grid of samples from fixed noise at the
  end of each epoch (shown and/or kept for a progress figure).
- :func:`class_shares`, :func:`classes_covered` and :func:`frechet_distance` measure the
  generated images with a classifier: which classes appear (mode collapse) and how far the
  distribution of its features is from the real one (the idea behind FID).
"""

import keras
import numpy as np
import tensorflow as tf

from dlcourse import models

GENERATOR_LOSSES = ("non_saturating", "minimax")


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


class GAN(keras.Model):
    """A GAN as one Keras model: ``fit(real_images)`` trains discriminator and generator in turn.

    Per batch of ``m`` real images ``x`` and noise ``z ~ N(0, I)``:

    1. discriminator step: minimise ``BCE(1, D(x)) + BCE(0, D(G(z)))``, i.e. maximise
       ``log D(x) + log(1 - D(G(z)))``;
    2. generator step (fresh noise): ``generator_loss="non_saturating"`` minimises
       ``-log D(G(z))`` (strong gradients early on), ``"minimax"`` minimises
       ``log(1 - D(G(z)))`` as in the original objective. ``generator_steps`` > 1 repeats
       this step against the same discriminator (an imbalance that invites mode collapse).

    The discriminator must output one probability per image (a ``sigmoid`` unit).
    ``fit`` logs ``d_loss``, ``g_loss`` and ``d_real`` / ``d_fake`` (mean D outputs).
    """

    def __init__(self, generator, discriminator, latent_dim, generator_loss="non_saturating",
                 generator_steps=1, seed=0, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(latent_dim, int) or latent_dim <= 0:
            raise ValueError(f"latent_dim must be a positive int (the noise size), got {latent_dim!r}")
        if generator_loss not in GENERATOR_LOSSES:
            raise ValueError(f"generator_loss must be one of {GENERATOR_LOSSES}, got {generator_loss!r}")
        if not isinstance(generator_steps, int) or generator_steps <= 0:
            raise ValueError(f"generator_steps must be a positive int, got {generator_steps!r}")
        if not isinstance(generator, keras.Model) or not isinstance(discriminator, keras.Model):
            raise ValueError("generator and discriminator must be keras models "
                             "(e.g. keras.Sequential([keras.Input(...), ...]))")
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.generator_loss = generator_loss
        self.generator_steps = generator_steps
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.trackers = {name: keras.metrics.Mean(name=name)
                         for name in ("d_loss", "g_loss", "d_real", "d_fake")}

    def compile(self, d_optimizer, g_optimizer, **kwargs):
        """Each player gets its own optimizer (they must be two different objects)."""
        if d_optimizer is g_optimizer:
            raise ValueError("give the discriminator and the generator two separate optimizers "
                             "(each keeps its own moment estimates)")
        super().compile(**kwargs)
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer

    @property
    def metrics(self):
        return list(self.trackers.values())

    def call(self, z, training=False):
        return self.generator(z, training=training)

    def sample(self, n, seed=None, batch_size=500):
        """``n`` generated images as a NumPy array (in the generator's output range)."""
        if not isinstance(n, int) or n <= 0:
            raise ValueError(f"n must be a positive int, got {n!r}")
        rng = np.random.default_rng(seed)
        z = rng.standard_normal((n, self.latent_dim)).astype("float32")
        return self.generator.predict(z, batch_size=batch_size, verbose=0)

    def train_step(self, data):
        real = data[0] if isinstance(data, tuple) else data
        batch = tf.shape(real)[0]
        bce = keras.ops.binary_crossentropy

        # 1) discriminator: real -> 1, fake -> 0
        z = keras.random.normal((batch, self.latent_dim), seed=self.seed_generator)
        fake = self.generator(z, training=True)
        with tf.GradientTape() as tape:
            d_real = self.discriminator(real, training=True)
            d_fake = self.discriminator(fake, training=True)
            d_loss = (keras.ops.mean(bce(keras.ops.ones_like(d_real), d_real))
                      + keras.ops.mean(bce(keras.ops.zeros_like(d_fake), d_fake)))
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        # 2) generator: make D call fresh fakes real (D's weights are not updated here)
        g_loss = keras.ops.zeros(())
        steps = self.generator_steps if self.generator.trainable_weights else 0  # frozen G: skip
        for _ in range(steps):
            z = keras.random.normal((batch, self.latent_dim), seed=self.seed_generator)
            with tf.GradientTape() as tape:
                d_on_fake = self.discriminator(self.generator(z, training=True), training=True)
                if self.generator_loss == "non_saturating":
                    g_loss = keras.ops.mean(bce(keras.ops.ones_like(d_on_fake), d_on_fake))
                else:
                    g_loss = -keras.ops.mean(bce(keras.ops.zeros_like(d_on_fake), d_on_fake))
            grads = tape.gradient(g_loss, self.generator.trainable_weights)
            self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        values = {"d_loss": d_loss, "g_loss": g_loss,
                  "d_real": keras.ops.mean(d_real), "d_fake": keras.ops.mean(d_fake)}
        for name, value in values.items():
            self.trackers[name].update_state(value)
        return {name: tracker.result() for name, tracker in self.trackers.items()}


class SampleGrid(keras.callbacks.Callback):
    """Generate ``n`` images from the same fixed noise after every ``every``-th epoch.

    The images are kept in :attr:`snapshots` (epoch -> uint8 array) and, with ``show=True``,
    drawn as a grid right away. :meth:`plot` draws all snapshots as one figure, a row per
    epoch, to watch the samples improve.
    """

    def __init__(self, latent_dim, n=10, every=1, show=False, seed=0, ncols=10):
        super().__init__()
        if not isinstance(n, int) or n <= 0 or not isinstance(every, int) or every <= 0:
            raise ValueError(f"n and every must be positive ints, got n={n!r}, every={every!r}")
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


def class_shares(classifier, images, n_classes=10, batch_size=500):
    """Share of each class among the classifier's predictions for ``images`` (sums to 1)."""
    images = np.asarray(images)
    if len(images) == 0:
        raise ValueError("class_shares() needs at least one image")
    probs = np.asarray(classifier.predict(images, batch_size=batch_size, verbose=0))
    if probs.ndim != 2 or probs.shape[1] != n_classes:
        raise ValueError(f"the classifier must output (n, {n_classes}) class probabilities, "
                         f"got shape {probs.shape}")
    return np.bincount(probs.argmax(axis=1), minlength=n_classes) / len(images)


def classes_covered(shares, min_share=0.01):
    """How many classes hold at least ``min_share`` of the samples (10 of 10 = no mode lost)."""
    shares = np.asarray(shares, dtype=float)
    if shares.ndim != 1 or not np.isclose(shares.sum(), 1.0):
        raise ValueError("shares must be a 1-D array of class shares that sums to 1 "
                         "(the output of class_shares)")
    if not 0 <= min_share < 1:
        raise ValueError(f"min_share must be in [0, 1), got {min_share!r}")
    return int(np.sum(shares >= min_share))


def feature_extractor(classifier, layer=-2):
    """A model from the classifier's input to the output of one of its layers (default: the
    layer before the softmax), whose outputs serve as image features."""
    if isinstance(layer, int):
        layer = classifier.layers[layer].name
    elif not isinstance(layer, str):
        raise ValueError(f"layer must be an index or a layer name, got {layer!r}")
    return models.feature_extractor(classifier, layer)


def frechet_distance(features_a, features_b):
    """Fréchet distance between Gaussians fitted to two feature sets (rows are samples).

    ``|mu_a - mu_b|^2 + tr(C_a + C_b - 2 (C_a^1/2 C_b C_a^1/2)^1/2)``: 0 for identical sets,
    larger the more the means and covariances differ. With Inception features this is FID.
    """
    a = np.asarray(features_a, dtype=np.float64)
    b = np.asarray(features_b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"frechet_distance() needs two (n, d) arrays with the same d, got "
                         f"{a.shape} and {b.shape}")
    if min(len(a), len(b)) < 2:
        raise ValueError("each feature set needs at least 2 rows to estimate a covariance")
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root_a = _sqrt_psd(cov_a)
    cross = _sqrt_psd(root_a @ cov_b @ root_a)
    value = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a) + np.trace(cov_b) - 2 * np.trace(cross)
    return float(max(value, 0.0))


def _sqrt_psd(matrix):
    """Square root of a symmetric positive semi-definite matrix (tiny negative eigenvalues -> 0)."""
    matrix = (matrix + matrix.T) / 2
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
