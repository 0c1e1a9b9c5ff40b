"""Every figure the course draws, in one style. Each function returns the matplotlib Figure."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


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
        ax.plot(epochs, logs[metric], "o-", ms=3, label=f"훈련 {metric}")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], "s--", ms=3, label=f"검증 val_{metric}")
        ax.set_xlabel("에포크(epoch)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no "epoch 2.5"
        ax.set_ylabel(metric)
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


def plot_rl_training(returns, epsilons=None, losses=None, window=20, target=None, title=None,
                     loss_steps=None):
    """Reinforcement-learning curves: episode returns with a moving average, then ε and loss.

    ``returns``: one value per episode; ``epsilons``: ε at the end of each episode (optional);
    ``losses``: one per training update (optional, drawn with its moving average on a log scale),
    at the environment steps ``loss_steps`` when given;
    ``target``: a horizontal line on the returns panel (e.g. 475 for CartPole-v1).
    """
    returns = np.asarray(returns, dtype=float)
    if returns.ndim != 1 or len(returns) == 0:
        raise ValueError("plot_rl_training() needs a non-empty 1-D sequence of episode returns")
    if epsilons is not None and len(epsilons) != len(returns):
        raise ValueError(f"got {len(returns)} returns but {len(epsilons)} epsilons (one per episode)")

    def smooth(values, w):
        w = max(1, min(w, len(values)))
        c = np.concatenate([[0.0], np.cumsum(values)])
        i = np.arange(1, len(values) + 1)
        lo = np.maximum(0, i - w)
        return (c[i] - c[lo]) / (i - lo)

    panels = 1 + (epsilons is not None) + (losses is not None)
    fig, axes = plt.subplots(1, panels, figsize=(4.6 * panels, 3.4), squeeze=False)
    axes = list(axes[0])
    episodes = np.arange(1, len(returns) + 1)
    ax = axes.pop(0)
    ax.plot(episodes, returns, color="0.7", lw=0.8, label="에피소드 return")
    ax.plot(episodes, smooth(returns, window), color="C0", lw=2, label=f"이동 평균({window})")
    if target is not None:
        ax.axhline(target, color="C3", ls="--", lw=1, label=f"목표 {target}")
    ax.set(xlabel="에피소드(episode)", ylabel="return", title="에피소드 return")
    ax.legend(fontsize=8)
    if epsilons is not None:
        ax = axes.pop(0)
        ax.plot(episodes, epsilons, color="C2")
        ax.set(xlabel="에피소드(episode)", ylabel="ε", title="탐험 비율 ε", ylim=(0, 1.05))
    if losses is not None:
        losses = np.asarray(losses, dtype=float)
        ax = axes.pop(0)
        if loss_steps is not None and len(loss_steps) != len(losses):
            raise ValueError(f"got {len(losses)} losses but {len(loss_steps)} loss_steps")
        if len(losses):
            steps = np.arange(1, len(losses) + 1) if loss_steps is None else np.asarray(loss_steps)
            ax.plot(steps, losses, color="0.75", lw=0.5)
            ax.plot(steps, smooth(losses, max(1, len(losses) // 50)), color="C1", lw=1.5)
            ax.set_yscale("log")
            # plain tick labels: the default 10^{-2} labels need a minus glyph Hangul fonts lack
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.yaxis.set_minor_formatter(plt.NullFormatter())
        ax.set(xlabel="학습 스텝(update)" if loss_steps is None else "환경 스텝(step)",
               ylabel="Huber 손실", title="손실(loss)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_gridworld_q(q_table, desc, title=None, action_names=("왼쪽", "아래", "오른쪽", "위"),
                     action_vectors=((-1, 0), (0, 1), (1, 0), (0, -1))):
    """A grid world's Q-table and greedy policy: Q(s, a) as a heatmap and π(s) as arrows on the map.

    ``q_table``: shape ``(rows * cols, n_actions)``; ``desc``: the map as rows of letters
    (FrozenLake: S start, F frozen, H hole, G goal), e.g. ``env.unwrapped.desc``.
    ``action_names`` and ``action_vectors`` (column, row steps on the map) describe each action;
    the defaults are FrozenLake's: 0 left, 1 down, 2 right, 3 up.
    """
    desc = np.asarray([[c.decode() if isinstance(c, bytes) else str(c) for c in row] for row in desc])
    q_table = np.asarray(q_table, dtype=float)
    rows, cols = desc.shape
    if q_table.ndim != 2 or q_table.shape[0] != rows * cols:
        raise ValueError(f"q_table needs shape ({rows * cols}, n_actions) for a {rows}x{cols} map, "
                         f"got {q_table.shape}")
    if not q_table.shape[1] == len(action_names) == len(action_vectors):
        raise ValueError(f"q_table has {q_table.shape[1]} actions but {len(action_names)} action_names "
                         f"and {len(action_vectors)} action_vectors")
    fig, (ax_q, ax_pi) = plt.subplots(1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [1, 1.15]})
    im = ax_q.imshow(q_table, cmap="viridis", aspect="auto")
    ax_q.set(xticks=range(q_table.shape[1]), yticks=range(len(q_table)), xlabel="행동(action)",
             ylabel="상태(state)", title="Q-테이블 Q(s, a)")
    ax_q.set_xticklabels([f"{a} {name}" for a, name in enumerate(action_names)])
    ax_q.grid(False)
    for s in range(len(q_table)):
        for a in range(q_table.shape[1]):
            ax_q.text(a, s, f"{q_table[s, a]:.2f}", ha="center", va="center", fontsize=7,
                      color="w" if q_table[s, a] < q_table.max() * 0.6 else "k")
    fig.colorbar(im, ax=ax_q, fraction=0.05)
    values = q_table.max(axis=1).reshape(rows, cols)
    ax_pi.imshow(values, cmap="Blues", vmin=0, vmax=max(1.6 * values.max(), 1e-9))  # light: text stays legible
    ax_pi.grid(False)
    for r in range(rows):
        for c in range(cols):
            letter = desc[r, c]
            if letter == "H":
                ax_pi.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="0.25"))
                ax_pi.text(c, r, "H", ha="center", va="center", color="w", fontsize=14)
            elif letter == "G":
                ax_pi.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="#f6b26b"))
                ax_pi.text(c, r, "G", ha="center", va="center", fontsize=14)
            else:
                dx, dy = action_vectors[int(q_table[r * cols + c].argmax())]
                ax_pi.annotate("", xy=(c + 0.3 * dx, r - 0.12 + 0.3 * dy),
                               xytext=(c - 0.3 * dx, r - 0.12 - 0.3 * dy),
                               arrowprops={"arrowstyle": "-|>", "lw": 2, "color": "k"})
                ax_pi.text(c, r + 0.3, f"{letter} {values[r, c]:.2f}", ha="center", va="center",
                           fontsize=8)
    ax_pi.set(xticks=[], yticks=[], title="정책 π(s) = argmax Q(s, a)와 V(s) = max Q(s, a)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_convolution_steps(image, kernel, stride=1, title=None):
    """Convolution position by position: one panel per output value, the window outlined on the
    image and the sum of ``window * kernel`` in the panel title (no padding; ``stride`` >= 1)."""
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"plot_convolution_steps() needs a 2-D image and a 2-D kernel, "
                         f"got shapes {image.shape} and {kernel.shape}")
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"the kernel {kernel.shape} is larger than the image {image.shape}")
    if not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be a positive int, got {stride!r}")
    (h, w), (kh, kw) = image.shape, kernel.shape
    rows, cols = (h - kh) // stride + 1, (w - kw) // stride + 1
    fig, axes = plt.subplots(rows, cols, figsize=(2.1 * cols, 2.2 * rows), squeeze=False)
    for i in range(rows):
        for j in range(cols):
            ax, top, left = axes[i, j], i * stride, j * stride
            value = np.sum(image[top:top + kh, left:left + kw] * kernel)
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
            ax.set(xticks=[], yticks=[], title=f"({i}, {j}): 합 {value:g}")
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
        if not 0 <= channel < kernels.shape[2]:
            raise ValueError(f"channel must be in 0..{kernels.shape[2] - 1}, got {channel!r}")
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
    if not isinstance(max_maps, (int, np.integer)) or max_maps < 1:
        raise ValueError(f"max_maps must be a positive int, got {max_maps!r}")
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


def plot_forecast(window, future=None, predictions=None, ax=None, title=None, start=0):
    """One time-series forecast: the input ``window``, the true ``future`` and named predictions.

    ``window`` (n_steps,) or (n_steps, 1); ``future`` (horizon,) true values after it;
    ``predictions`` a dict ``{"LSTM": values, ...}`` of forecasts for the same steps;
    ``start`` the time index of the window's first value (e.g. a date-free month number).
    """
    window = np.asarray(window, dtype=float).reshape(-1)
    if window.size == 0:
        raise ValueError("plot_forecast() needs a non-empty input window")
    predictions = dict(predictions or {})
    horizon = len(np.ravel(future)) if future is not None else None
    for name, values in predictions.items():
        if horizon is not None and len(np.ravel(values)) != horizon:
            raise ValueError(f"prediction {name!r} has {len(np.ravel(values))} values "
                             f"but future has {horizon}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    t = start + np.arange(len(window))
    ax.plot(t, window, ".-", color="0.3", label="입력(input)")
    n_after = horizon or max((len(np.ravel(v)) for v in predictions.values()), default=0)
    after = start + len(window) + np.arange(n_after)
    if future is not None:
        ax.plot(after, np.ravel(future), "o-", color="tab:blue", ms=4, label="실제(target)")
    markers = "xs^dv*"
    for k, (name, values) in enumerate(predictions.items()):
        ax.plot(after, np.ravel(values), markers[k % len(markers)] + "--", ms=5, label=name)
    ax.axvline(start + len(window) - 0.5, color="k", lw=0.6, ls=":")
    ax.set(xlabel="시간 스텝(t)", ylabel="값", title=title or "")
    ax.legend(fontsize=8, loc="best")
    return ax.figure


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
