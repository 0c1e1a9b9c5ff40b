import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse import plots, runtime


def test_hangul_renders_without_missing_glyphs():
    runtime.use_korean_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise
        fig, ax = plt.subplots()
        ax.plot([-1, 0, 1], [1, -2, 3])
        ax.set_title("한글 제목: 손실(loss) 곡선 -1")
        ax.set_xlabel("에포크")
        fig.canvas.draw()


def test_plot_history_panels_and_validation():
    fig = plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]},
                             metrics=("loss", "accuracy"))
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 2 and len(fig.axes[1].lines) == 1
    fig.canvas.draw()
    ticks = fig.axes[0].get_xticks()
    assert np.all(ticks == np.round(ticks))  # whole epochs only
    with pytest.raises(ValueError, match="not in the history"):
        plots.plot_history({"loss": [1.0]}, metrics="accuracy")


def test_show_images_grid_and_labels():
    images = np.zeros((7, 28, 28), np.uint8)
    fig = plots.show_images(images, labels=[0, 1, 2, 3, 4, 5, 6], class_names=list("abcdefg"), ncols=4)
    assert len(fig.axes) == 8
    assert [ax.get_title() for ax in fig.axes[:3]] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="labels"):
        plots.show_images(images, labels=[1])
    with pytest.raises(ValueError, match="shape"):
        plots.show_images(np.zeros((28, 28)))


def test_decision_boundary_colours_the_plane_by_prediction():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0, 0, 0, 1])
    fig = plots.plot_decision_boundary(lambda p: (p.sum(axis=1) > 1.5).astype(int), x, y)
    ax = fig.axes[0]
    regions, *scatters = ax.collections  # the filled regions, then one scatter per class
    assert len(scatters) == 2
    np.testing.assert_array_equal(regions.levels, [-0.5, 0.5, 1.5])  # two predicted classes
    np.testing.assert_array_equal(scatters[0].get_offsets(), x[y == 0])
    np.testing.assert_array_equal(scatters[1].get_offsets(), x[y == 1])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        plots.plot_decision_boundary(lambda p: p, np.zeros((4, 3)), y)


def test_function_curves_and_confusion_matrix():
    fig = plots.plot_functions({"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh, "sigmoid": np.tanh}, ncols=2)
    assert [ax.get_title() for ax in fig.axes[:3]] == ["relu", "tanh", "sigmoid"]
    fig = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["a", "b"])
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["0", "1", "1", "1"]
    fig = plots.plot_curves({"SGD": [3, 2, 1], "Adam": [3, 1, 0.5]}, logy=True)
    assert len(fig.axes[0].lines) == 2


def test_draw_network_has_a_circle_per_unit_and_a_line_per_weight():
    fig = plots.draw_network([2, 3, 1], layer_names=["입력", "은닉", "출력"],
                             node_labels=[["x1", "x2"], None, ["y"]])
    ax = fig.axes[0]
    assert len(ax.patches) == 6 and len(ax.lines) == 2 * 3 + 3 * 1
    assert {"입력", "은닉", "출력", "x1", "y"} <= {t.get_text() for t in ax.texts}
    with pytest.raises(ValueError, match="two or more layer sizes"):
        plots.draw_network([3])
    with pytest.raises(ValueError, match="one entry per layer"):
        plots.draw_network([2, 1], layer_names=["입력"])


def test_log_scale_labels_draw_without_missing_glyphs():
    runtime.use_korean_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.plot_curves({"손실": [1.0, 1e-3, 1e-6]}, logy=True)
        fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert "0.001" in labels and fig.axes[0].get_yscale() == "log"
    with pytest.raises(ValueError, match="axis must be"):
        plots.log_scale(fig.axes[0], axis="z")
