"""Lecture 07, autoencoders: the stacked (dense) autoencoder, greedy layer-wise stacking and the
pretrained-encoder classifier (saved cells of the notebook), and the figures only this lecture draws.

The builders return Keras 3 models. :func:`stacked_autoencoder` gives ``(encoder, decoder,
autoencoder)`` that share their layers, so training the autoencoder also trains the encoder.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np

from dlcourse.validation import check_scalar, check_sizes


# ---- BEGIN #@save cells of notebooks/07_autoencoders.ipynb (generated: edit the notebook) ----
def stacked_encoder(input_dim=784, codings=(100, 30), activation="selu", code_activation=None, noise=None,
                    name="encoder"):
    """Encoder input_dim → codings[0] → ... → codings[-1]; the last size is the code (bottleneck).

    ``noise`` (e.g. ``keras.layers.GaussianNoise(0.2)``) goes in front: a denoising autoencoder.
    ``code_activation`` defaults to ``activation``; ``"linear"`` suits a 2-D code for plots.
    """
    check_scalar(input_dim, "input_dim", min_value=1)  # 부가 코드
    codings = check_sizes(codings, "codings")           # 30 → (30,), (100, 30) → (100, 30)
    layers = [keras.Input(shape=(input_dim,))]
    if noise is not None:                               # 잡음 제거 AE(6절): 입력에 잡음을 더하는 층
        layers.append(noise)
    for units in codings[:-1]:                          # 점점 좁아지는 은닉층: 100
        layers.append(keras.layers.Dense(units, activation=activation))
    # 가운데 병목 층(30): 가장 좁은 층, 그 출력이 잠재 표현입니다
    layers.append(keras.layers.Dense(codings[-1], activation=code_activation or activation, name="code"))
    return keras.Sequential(layers, name=name)


def stacked_decoder(output_dim=784, codings=(100, 30), activation="selu", output_activation="sigmoid",
                    name="decoder"):
    """The encoder's mirror image: codings[-1] → ... → codings[0] → output_dim."""
    check_scalar(output_dim, "output_dim", min_value=1)  # 부가 코드
    codings = check_sizes(codings, "codings")
    layers = [keras.Input(shape=(codings[-1],))]         # 입력 = 코드(30)
    for units in reversed(codings[:-1]):                 # 인코더의 은닉층을 거꾸로: 100
        layers.append(keras.layers.Dense(units, activation=activation))
    # 출력층(784): 시그모이드가 픽셀 값 0~1을 만듭니다
    layers.append(keras.layers.Dense(output_dim, activation=output_activation, name="reconstruction"))
    return keras.Sequential(layers, name=name)


def stacked_autoencoder(input_dim=784, codings=(100, 30), activation="selu", output_activation="sigmoid",
                        code_activation=None, noise=None, name="autoencoder"):
    """784-100-30-100-784 by default. Returns (encoder, decoder, autoencoder); they share their layers."""
    encoder = stacked_encoder(input_dim, codings, activation, code_activation, noise, name=f"{name}_encoder")
    decoder = stacked_decoder(input_dim, codings, activation, output_activation, name=f"{name}_decoder")
    # 오토인코더 = 디코더(인코더(x)): 층을 복사하지 않고 두 모델을 그대로 이어 붙입니다
    autoencoder = keras.Sequential([keras.Input(shape=(input_dim,)), encoder, decoder], name=name)
    return encoder, decoder, autoencoder


def stack_autoencoders(parts, name="stacked_autoencoder"):
    """Stack autoencoders trained one at a time: ``parts`` = [(encoder1, decoder1), (encoder2, decoder2), ...].

    The stack runs the encoders in training order, then the decoders in reverse. It reuses the parts'
    layers (and their trained weights); nothing is copied. Returns (encoder, decoder, autoencoder).
    """
    for (enc, _), (next_enc, _) in zip(parts, parts[1:]):   # 앞 인코더의 코드 = 다음 인코더의 입력
        if enc.output_shape[-1] != next_enc.input_shape[-1]:
            raise ValueError(f"{next_enc.name} takes {next_enc.input_shape[-1]} inputs but {enc.name} makes "
                             f"{enc.output_shape[-1]}-d codes; train each part on the previous part's codes")
    input_dim, code_dim = parts[0][0].input_shape[-1], parts[-1][0].output_shape[-1]
    encoder = keras.Sequential([keras.Input(shape=(input_dim,))] + [enc for enc, _ in parts],   # enc1 → enc2
                               name=f"{name}_encoder")
    decoder = keras.Sequential([keras.Input(shape=(code_dim,))] + [dec for _, dec in reversed(parts)],  # dec2 → dec1
                               name=f"{name}_decoder")
    autoencoder = keras.Sequential([keras.Input(shape=(input_dim,)), encoder, decoder], name=name)
    return encoder, decoder, autoencoder


def encoder_classifier(encoder, n_classes=10, name="encoder_classifier"):
    """A softmax classifier on a copy of ``encoder``: unsupervised pretraining when the encoder is trained.

    The copy starts from the encoder's weights and learns together with the softmax layer (fine-tuning);
    the original encoder is left as it is.
    """
    check_scalar(n_classes, "n_classes", min_value=2)   # 부가 코드
    features = keras.models.clone_model(encoder)         # 같은 구조의 새 층
    features.set_weights(encoder.get_weights())          # 훈련된 가중치를 복사
    return keras.Sequential([keras.Input(shape=encoder.input_shape[1:]), features,
                             keras.layers.Dense(n_classes, activation="softmax", name="softmax")], name=name)
# ---- END saved cells ----


def plot_image_rows(rows, n=10, image_shape=(28, 28), size=1.1, title=None):
    """Rows of images with a name each, e.g. originals above reconstructions.

    ``rows`` is a dict ``name -> images`` (the same count in every row); images may be flat
    vectors (reshaped to ``image_shape``) or already ``(h, w)``. The first ``n`` are shown.
    Values are drawn on a fixed 0..1 grey scale, so a faded reconstruction looks faded.
    """
    if not isinstance(rows, dict) or not rows:
        raise ValueError("plot_image_rows() needs a dict of name -> images, e.g. {'원본': x, '복원': x_hat}")
    arrays = {name: np.asarray(images) for name, images in rows.items()}
    count = min(len(a) for a in arrays.values())
    n = min(n, count)
    if n < 1:
        raise ValueError("every row needs at least one image")
    fig, axes = plt.subplots(len(arrays), n, figsize=(size * n, size * len(arrays) + 0.3), squeeze=False)
    for r, (name, images) in enumerate(arrays.items()):
        if images[0].size != int(np.prod(image_shape)):
            raise ValueError(f"row {name!r}: images of {images[0].size} values do not fit image_shape {image_shape}")
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(np.clip(images[c].reshape(image_shape), 0, 1), cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_latent_space(codes, labels, class_names=None, size=4.2, point_size=3, title=None):
    """Scatter 2-D codes coloured by class, one panel per method, e.g. ``{"오토인코더": z, "PCA": p}``.

    ``codes`` maps a name to an ``(n, 2)`` array; ``labels`` holds the n class ids. A
    shared legend names the classes (``class_names[id]``).
    """
    if not isinstance(codes, dict) or not codes:
        raise ValueError("plot_latent_space() needs a dict of name -> (n, 2) codes, e.g. {'AE': z, 'PCA': p}")
    labels = np.asarray(labels)
    for name, z in codes.items():
        z = np.asarray(z)
        if z.ndim != 2 or z.shape[1] != 2:
            raise ValueError(f"codes[{name!r}] must have shape (n, 2), got {z.shape}; project to 2-D first")
        if len(z) != len(labels):
            raise ValueError(f"codes[{name!r}] has {len(z)} points but there are {len(labels)} labels")
    classes = np.unique(labels)
    colours = plt.get_cmap("tab10" if len(classes) <= 10 else "tab20")
    fig, axes = plt.subplots(1, len(codes), figsize=(size * len(codes) + 1.6, size), squeeze=False)
    for ax, (name, z) in zip(axes[0], codes.items()):
        z = np.asarray(z)
        for i, c in enumerate(classes):
            label = class_names[int(c)] if class_names is not None else str(c)
            ax.scatter(*z[labels == c].T, s=point_size, color=colours(i % colours.N), label=label)
        ax.set_title(name)
        ax.set_xticks([])
        ax.set_yticks([])
    handles, names = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, names, loc="center right", markerscale=4, fontsize=8, frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1 - 1.3 / (size * len(codes) + 1.6), 1))
    return fig
