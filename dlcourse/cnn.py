"""Lecture 05 (convolutional neural networks): the convolution and the CNN of the lecture.

The lesson code is written in ``notebooks/05_cnn.ipynb`` and copied here by
``python -m dlcourse.export``: ``conv2d`` is the convolution the lecture computes by hand
(NumPy, no padding, stride 1, the kernel not flipped); ``conv_block`` and ``cnn_classifier``
build the Fashion-MNIST CNN, which lecture 09 reuses as the judge of its generated images.
Written here by hand: the argument check of ``cnn_classifier`` and the figures only lecture 05
draws (the convolution step by step, learned filters, feature maps, confident mistakes).
"""

import numbers

import keras
import matplotlib.pyplot as plt
import numpy as np

from dlcourse.validation import check_scalar, check_sizes


def check_cnn_arguments(input_shape, filters, dense, dropout, n_classes):
    """Check :func:`cnn_classifier`'s arguments; return ``input_shape`` and ``filters`` as int tuples.

    ``input_shape`` is ``(height, width)`` or ``(height, width, channels)``; every 2x2 pooling
    halves the image, so ``filters`` may not have more entries than the image can be halved.
    """
    input_shape = check_sizes(input_shape, "input_shape")
    if len(input_shape) not in (2, 3):
        raise ValueError(f"input_shape must be (height, width, channels) or (height, width), "
                         f"e.g. (28, 28, 1); got {input_shape!r}")
    filters = check_sizes(filters, "filters")
    check_scalar(dense, "dense", min_value=1)
    check_scalar(dropout, "dropout", kind=numbers.Real, min_value=0, max_value=1, include_max=False)
    check_scalar(n_classes, "n_classes", min_value=2)
    if min(input_shape[:2]) // 2 ** len(filters) < 1:
        raise ValueError(f"{len(filters)} pooling steps shrink a {input_shape[0]}x{input_shape[1]} image "
                         f"to nothing; use fewer entries in filters (at most "
                         f"{min(input_shape[:2]).bit_length() - 1})")
    return input_shape, filters


# ---- BEGIN #@save cells of notebooks/05_cnn.ipynb (generated: edit the notebook) ----
def conv2d(image, kernel):
    """2-D convolution as deep learning computes it: no padding, stride 1, kernel not flipped."""
    f_h, f_w = kernel.shape
    out = np.zeros((image.shape[0] - f_h + 1, image.shape[1] - f_w + 1))   # 출력 크기 n - f + 1
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = image[i:i + f_h, j:j + f_w]    # (i, j)에서 필터와 겹치는 창
            out[i, j] = np.sum(window * kernel)     # 원소별 곱의 합
    return out


def conv_block(x, n_filters, i, batch_norm=False):
    """Conv2D 3x3 ('same', ReLU) -> MaxPool 2x2 -> (BatchNormalization), named conv{i}, pool{i}, bn{i}."""
    # 3x3 필터 n_filters개. 'same' 패딩이라 높이·너비는 그대로
    x = keras.layers.Conv2D(n_filters, 3, padding="same", activation="relu", name=f"conv{i}")(x)
    x = keras.layers.MaxPooling2D(2, name=f"pool{i}")(x)     # 2x2 최대 풀링: 크기 절반
    if batch_norm:        # 4강의 배치 정규화: 블록의 출력(= 다음 층의 입력)을 채널마다 정규화
        x = keras.layers.BatchNormalization(momentum=0.9, name=f"bn{i}")(x)   # 이동 평균이 빨리 자리 잡게
    return x


def cnn_classifier(input_shape=(28, 28, 1), filters=(32, 64), dense=128, dropout=0.3, batch_norm=False,
                   random_flip=False, n_classes=10, name="cnn_classifier"):
    """The lecture's CNN (Functional API): conv blocks -> Flatten -> Dropout -> Dense -> Dropout -> softmax."""
    input_shape, filters = check_cnn_arguments(input_shape, filters, dense, dropout, n_classes)  # 부가 코드
    inputs = keras.Input(shape=input_shape)
    x = inputs
    if len(input_shape) == 2:                              # (28, 28) → (28, 28, 1)
        x = keras.layers.Reshape((*input_shape, 1), name="add_channel")(x)
    if random_flip:                                        # 데이터 증강: 훈련 때만 좌우 뒤집기
        x = keras.layers.RandomFlip("horizontal", name="random_flip")(x)
    for i, n_filters in enumerate(filters, start=1):       # 합성곱 블록을 차례로
        x = conv_block(x, n_filters, i, batch_norm)
    x = keras.layers.Flatten(name="flatten")(x)             # (7, 7, 64) → 3136
    x = keras.layers.Dropout(dropout, name="dropout1")(x)
    x = keras.layers.Dense(dense, activation="relu", name="dense")(x)
    x = keras.layers.Dropout(dropout, name="dropout2")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="output")(x)
    return keras.Model(inputs, outputs, name=name)
# ---- END saved cells ----


def plot_convolution_steps(image, kernel, stride=1, title=None):
    """Convolution position by position: one panel per output value, the window outlined on the
    image and ``conv2d``'s value in the panel title (no padding; every ``stride``-th window)."""
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"plot_convolution_steps() needs a 2-D image and a 2-D kernel, "
                         f"got shapes {image.shape} and {kernel.shape}")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"the kernel {kernel.shape} is larger than the image {image.shape}")
    check_scalar(stride, "stride", min_value=1)
    values = conv2d(image, kernel)[::stride, ::stride]  # stride s keeps every s-th window
    (h, w), (kh, kw) = image.shape, kernel.shape
    rows, cols = values.shape
    fig, axes = plt.subplots(rows, cols, figsize=(2.1 * cols, 2.2 * rows), squeeze=False)
    for i in range(rows):
        for j in range(cols):
            ax, top, left = axes[i, j], i * stride, j * stride
            ax.imshow(image, cmap="Greys", vmin=min(0, image.min()), vmax=max(1, image.max()) * 1.6)
            ax.grid(False)
            for r in range(h):
                for c in range(w):
                    inside = top <= r < top + kh and left <= c < left + kw
                    label = f"{image[r, c]:g}"
                    if inside:
                        label += f"×{kernel[r - top, c - left]:g}"
                    ax.text(c, r, label, ha="center", va="center", fontsize=7 if inside else 8,
                            color="C3" if inside else "0.4")
            ax.add_patch(plt.Rectangle((left - 0.5, top - 0.5), kw, kh, fill=False, ec="C3", lw=2))
            ax.set(xticks=[], yticks=[], title=f"({i}, {j}): 합 {values[i, j]:g}")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_filters(kernels, channel=0, ncols=8, size=1.0, title=None):
    """Convolution filters as small images (red positive, blue negative, 0 white).

    ``kernels``: a Keras ``Conv2D`` kernel ``(kh, kw, in_channels, n_filters)`` (the input
    channel ``channel`` is shown), a stack ``(n_filters, kh, kw)`` or one ``(kh, kw)`` filter.
    """
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim == 4:
        check_scalar(channel, "channel", min_value=0, max_value=kernels.shape[2] - 1)
        kernels = np.moveaxis(kernels[:, :, channel, :], -1, 0)
    elif kernels.ndim == 2:
        kernels = kernels[np.newaxis]
    elif kernels.ndim != 3:
        raise ValueError("plot_filters() needs a Conv2D kernel (kh, kw, in, out), "
                         "a stack (n, kh, kw) "
                         f"or one (kh, kw) filter; got shape {kernels.shape}")

    def draw(ax, kernel):
        limit = np.abs(kernel).max() or 1.0
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)

    return _numbered_grid(list(kernels), draw, ncols, size, title)


def plot_feature_maps(maps, max_maps=16, ncols=8, size=1.1, title=None, cmap="viridis"):
    """The channels of one feature map ``(h, w, channels)`` (or a batch of one) as images."""
    maps = np.asarray(maps, dtype=float)
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if maps.ndim != 3:
        raise ValueError("plot_feature_maps() needs one feature map (h, w, channels) or "
                         f"(1, h, w, channels), "
                         f"got shape {maps.shape}; pick one image, e.g. maps[0]")
    check_scalar(max_maps, "max_maps", min_value=1)
    channels = [maps[:, :, k] for k in range(min(max_maps, maps.shape[-1]))]
    return _numbered_grid(channels, lambda ax, image: ax.imshow(image, cmap=cmap), ncols, size, title)


def _numbered_grid(panels, draw, ncols, size, title):
    """A grid of small panels titled 0, 1, 2...; ``draw(ax, panel)`` draws one."""
    n = len(panels)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.4), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k < n:
            draw(ax, panels[k])
            ax.set_title(str(k), fontsize=7)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def most_confident_mistakes(y_true, probs, n=10):
    """Indices of the ``n`` wrong predictions with the highest predicted probability, highest first.

    ``probs``: class probabilities ``(samples, classes)``, e.g. ``model.predict(x)``.
    """
    y_true, probs = np.asarray(y_true).astype(int).ravel(), np.asarray(probs, dtype=float)
    if probs.ndim != 2 or len(probs) != len(y_true):
        raise ValueError("probs must be (samples, classes) with one row per label; "
                         f"got {probs.shape} "
                         f"for {len(y_true)} labels")
    wrong = np.flatnonzero(probs.argmax(axis=1) != y_true)
    order = np.argsort(-probs[wrong].max(axis=1), kind="stable")
    return wrong[order[:n]]


def plot_confident_mistakes(images, y_true, probs, class_names, n=10, ncols=5, title=None):
    """The ``n`` most confident wrong predictions: each image with its prediction, the predicted
    probability and the true class (see :func:`most_confident_mistakes`)."""
    images = np.asarray(images)
    if len(images) != len(probs):
        raise ValueError(f"got {len(images)} images but {len(probs)} rows of probabilities")
    picks = most_confident_mistakes(y_true, probs, n)
    if len(picks) == 0:
        raise ValueError("there are no mistakes to show: every prediction is right")
    probs, y_true = np.asarray(probs), np.asarray(y_true).astype(int).ravel()
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    ncols = max(1, min(ncols, len(picks)))
    nrows = int(np.ceil(len(picks) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.9 * ncols, 2.3 * nrows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, picks):
        ax.imshow(images[i], cmap="gray")
        predicted, true = class_names[probs[i].argmax()], class_names[y_true[i]]
        ax.set_title(f"예측 {predicted} {probs[i].max():.0%}\n정답 {true}", fontsize=8)
    fig.suptitle(title or "가장 자신 있게 틀린 예측")
    fig.tight_layout()
    return fig
