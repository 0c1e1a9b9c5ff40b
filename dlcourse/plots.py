"""Every figure the course draws, in one style. Each function returns the matplotlib Figure."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

# Korean names for the Keras history keys (legends and axis labels never show raw keys like "val_loss")
METRIC_NAMES_KO = {"loss": "손실", "accuracy": "정확도", "mae": "평균 절대 오차(MAE)", "mse": "평균 제곱 오차(MSE)",
                   "reconstruction_error": "재구성 오차", "d_loss": "판별자 손실", "g_loss": "생성자 손실",
                   "d_real": "진짜에 준 D(x)", "d_fake": "가짜에 준 D(G(z))"}


def metric_name_ko(metric):
    """The Korean label of a Keras history key: ``"loss"`` -> ``"손실"``; unknown keys come back as they are."""
    return METRIC_NAMES_KO.get(metric, metric)


def plot_history(history, metrics=("loss",), title=None):
    """Training curves from a Keras ``History`` (or its ``.history`` dict), one panel per metric.

    Validation curves (``val_<metric>``) are drawn beside the training curve when present.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError("plot_history() needs a keras History or a dict like {'loss': [...]}")
    if isinstance(metrics, str):
        metrics = (metrics,)
    unknown = [m for m in metrics if m not in logs]
    if unknown:
        raise ValueError(f"metrics {unknown} are not in the history; it has {sorted(logs)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        epochs = np.arange(1, len(logs[metric]) + 1)
        name = metric_name_ko(metric)
        ax.plot(epochs, logs[metric], "o-", ms=3, label=f"훈련 {name}")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], "s--", ms=3, label=f"검증 {name}")
        ax.set_xlabel("에포크(epoch)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "epoch 2.5"
        ax.set_ylabel(name)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_curves(curves, xlabel="반복(iteration)", ylabel="손실(loss)", title=None, logy=False):
    """Several named curves on one axis, e.g. ``{"SGD": losses_sgd, "Adam": losses_adam}``."""
    if not curves:
        raise ValueError("plot_curves() needs a dict of name -> sequence of values")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=name)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or "")
    if logy:
        log_scale(ax)
    ax.legend()
    fig.tight_layout()
    return fig


def log_scale(ax, axis="y"):
    """Put ``axis`` of ``ax`` on a log scale with tick labels Hangul fonts can draw.

    Matplotlib's default labels (``10^{-2}`` in the text font) need U+2212, which NanumGothic
    lacks; these labels are plain numbers (0.01, 1, 100).
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    getattr(ax, f"set_{axis}scale")("log")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    target.set_minor_formatter(plt.NullFormatter())
    return ax


def show_images(images, labels=None, class_names=None, ncols=10, size=1.2, title=None, cmap="gray"):
    """A grid of images with optional labels (ints mapped through ``class_names``, or strings).

    ``images``: (n, h, w) grey or (n, h, w, c) colour; values in any range (each image is
    shown with its own min/max unless it is uint8).
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(f"show_images() needs (n, h, w) or (n, h, w, c) images, got shape {images.shape}")
    n = len(images)
    if labels is not None and len(labels) != n:
        raise ValueError(f"got {n} images but {len(labels)} labels")
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.3 if labels is not None else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        vmin, vmax = (0, 255) if images.dtype == np.uint8 else (None, None)
        ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax)
        if labels is not None:
            label = labels[i]
            if class_names is not None and not isinstance(label, str):
                label = class_names[int(label)]
            ax.set_title(str(label), fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_decision_boundary(predict, x, y, ax=None, resolution=200, margin=0.5, title=None, labels=None):
    """Colour the plane by ``predict`` (a function from (m, 2) points to class ids) and scatter ``x``.

    ``predict`` may return probabilities of shape (m, k): the arg-max is used, and a single
    column (m, 1) is thresholded at 0.5.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary() needs 2-D points of shape (n, 2), got {x.shape}")
    if len(x) != len(y):
        raise ValueError(f"got {len(x)} points but {len(y)} labels")
    (x0, y0), (x1, y1) = x.min(axis=0) - margin, x.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.c_[gx.ravel(), gy.ravel()]
    z = np.asarray(predict(grid))
    if z.ndim == 2:
        z = (z[:, 0] > 0.5).astype(int) if z.shape[1] == 1 else z.argmax(axis=1)
    z = z.reshape(gx.shape)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4))
    classes = np.unique(np.concatenate([np.unique(y), np.unique(z)]))
    ax.contourf(gx, gy, z, levels=np.append(classes - 0.5, classes[-1] + 0.5), cmap="coolwarm", alpha=0.25)
    for c in np.unique(y):
        name = labels[int(c)] if labels is not None else f"클래스 {c}"
        ax.scatter(*x[y == c].T, s=25, edgecolor="k", label=name)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), title=title or "")
    ax.legend(fontsize=8, loc="best")
    return ax.figure


def plot_functions(functions, x=None, title=None, ncols=None):
    """Plot named 1-D functions, e.g. activations: ``{"sigmoid": f, "tanh": g}``; one panel each."""
    if not functions:
        raise ValueError("plot_functions() needs a dict of name -> function")
    x = np.linspace(-5, 5, 401) if x is None else np.asarray(x)
    ncols = ncols or len(functions)
    nrows = int(np.ceil(len(functions) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3 * ncols, 2.6 * nrows), squeeze=False)
    for ax in axes.flat[len(functions):]:
        ax.axis("off")
    for ax, (name, fn) in zip(axes.flat, functions.items()):
        ax.plot(x, fn(x))
        ax.axhline(0, color="k", lw=0.5)
        ax.axvline(0, color="k", lw=0.5)
        ax.set_title(name)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(y_true, y_pred, class_names, title="혼동 행렬(confusion matrix)"):
    """Confusion matrix with counts in the cells; rows are true classes, columns predictions."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} must have the same shape")
    k = len(class_names)
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (y_true.astype(int), y_pred.astype(int)), 1)
    fig, ax = plt.subplots(figsize=(0.55 * k + 2, 0.55 * k + 1.5))
    ax.imshow(matrix, cmap="Blues")
    ax.grid(False)
    for i in range(k):
        for j in range(k):
            ax.text(j, i, matrix[i, j], ha="center", va="center", fontsize=7,
                    color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    ax.set_xticks(range(k), class_names, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(k), class_names, fontsize=8)
    ax.set(xlabel="예측(predicted)", ylabel="정답(true)", title=title)
    fig.tight_layout()
    return fig


def draw_network(layer_sizes, layer_names=None, node_labels=None, ax=None, title=None):
    """Diagram of a fully connected network: one column of circles per layer, a line per weight.

    ``layer_sizes`` e.g. ``[2, 3, 1]``; ``layer_names`` one caption per layer (e.g. "입력층");
    ``node_labels`` one list of strings per layer (or None for a layer without labels).
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2 or any(not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise ValueError(f"draw_network() needs two or more layer sizes >= 1, e.g. [2, 3, 1]; got {layer_sizes!r}")
    for what, value in (("layer_names", layer_names), ("node_labels", node_labels)):
        if value is not None and len(value) != len(sizes):
            raise ValueError(f"{what} needs one entry per layer ({len(sizes)}), got {len(value)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(1.8 * len(sizes) + 0.5, 0.7 * max(sizes) + 1.2))
    centres = [[(i * 2.0, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(sizes)]
    for i in range(len(centres) - 1):
        for (x0, y0) in centres[i]:
            for (x1, y1) in centres[i + 1]:
                ax.plot([x0, x1], [y0, y1], color="0.6", lw=0.8, zorder=1)
    colours = ["#9fc5e8"] + ["#b6d7a8"] * (len(sizes) - 2) + ["#f9cb9c"]
    for i, layer in enumerate(centres):
        labels = node_labels[i] if node_labels is not None else None
        if labels is not None and len(labels) != len(layer):
            raise ValueError(f"node_labels[{i}] has {len(labels)} labels for {len(layer)} nodes")
        for j, (x, y) in enumerate(layer):
            ax.add_patch(plt.Circle((x, y), 0.3, facecolor=colours[i], edgecolor="k", zorder=2))
            if labels is not None:
                ax.text(x, y, labels[j], ha="center", va="center", fontsize=9, zorder=3)
        if layer_names is not None:
            ax.text(i * 2.0, -max(sizes) / 2 - 0.2, layer_names[i], ha="center", va="top", fontsize=10)
    ax.set(xlim=(-0.6, 2.0 * (len(sizes) - 1) + 0.6), ylim=(-max(sizes) / 2 - 0.8, max(sizes) / 2 + 0.1))
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax.figure
