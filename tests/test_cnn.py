"""Lecture 05 (CNN): the saved convolution and CNN, feature extraction, the CNN plots and the conv2d exercise."""

import keras
import numpy as np
import pytest

from dlcourse import cnn, models, quiz, solutions

IMAGE = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0],
                  [0, 1, 1, 0, 0]])
X_FILTER = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]])


def test_conv2d_is_the_lecture_example_and_matches_keras():
    np.testing.assert_array_equal(cnn.conv2d(IMAGE, X_FILTER), [[4, 3, 4], [2, 4, 3], [2, 3, 4]])
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(9, 7)), rng.normal(size=(3, 2))
    layer = keras.layers.Conv2D(1, kernel.shape, padding="valid", use_bias=False)
    layer.build((None, 9, 7, 1))
    layer.set_weights([kernel[:, :, None, None]])
    keras_out = keras.ops.convert_to_numpy(layer(image[None, :, :, None].astype("float32")))[0, :, :, 0]
    np.testing.assert_allclose(cnn.conv2d(image, kernel), keras_out, rtol=1e-4, atol=1e-5)


def test_cnn_classifier_shapes_names_and_parameters():
    model = cnn.cnn_classifier()
    x = np.random.default_rng(0).random((3, 28, 28, 1)).astype("float32")
    probs = keras.ops.convert_to_numpy(model(x))
    assert probs.shape == (3, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    conv = (3 * 3 * 1 + 1) * 32 + (3 * 3 * 32 + 1) * 64
    dense = (7 * 7 * 64 + 1) * 128 + (128 + 1) * 10
    assert model.count_params() == conv + dense
    names = [layer.name for layer in model.layers]
    assert names[1:] == ["conv1", "pool1", "conv2", "pool2", "flatten", "dropout1", "dense", "dropout2", "output"]


def test_cnn_classifier_options():
    bn = cnn.cnn_classifier(input_shape=(28, 28), filters=(8,), dense=16, dropout=0.0, batch_norm=True)
    names = [layer.name for layer in bn.layers]
    assert names[1:5] == ["add_channel", "conv1", "pool1", "bn1"]  # BN normalizes the block's output
    # BN adds gamma, beta (trainable) and the moving mean and variance: 4 numbers per channel
    assert bn.count_params() == (3 * 3 + 1) * 8 + 4 * 8 + (14 * 14 * 8 + 1) * 16 + (16 + 1) * 10
    assert bn(np.zeros((2, 28, 28), dtype="float32")).shape == (2, 10)
    # in training, each channel of the pooled maps is normalized with the batch's mean and variance
    x = np.random.default_rng(0).random((64, 28, 28)).astype("float32")
    pooled, normalized = (keras.ops.convert_to_numpy(m) for m in
                          models.feature_extractor(bn, ["pool1", "bn1"])(x, training=True))
    mean, var = pooled.mean(axis=(0, 1, 2)), pooled.var(axis=(0, 1, 2))
    eps = bn.get_layer("bn1").epsilon
    np.testing.assert_allclose(normalized, (pooled - mean) / np.sqrt(var + eps), rtol=1e-3, atol=1e-4)
    # lecture 09's judge: (h, w) input, the "dense" layer for its features
    judge = cnn.cnn_classifier((28, 28), filters=(16, 32), dense=64, name="fashion_judge")
    assert judge.name == "fashion_judge" and judge.get_layer("dense").units == 64
    assert judge.get_layer("pool2").output.shape[1:] == (7, 7, 32)


def test_cnn_classifier_random_flip_mirrors_only_in_training():
    model = cnn.cnn_classifier(filters=(4,), dense=8, random_flip=True)
    flip = model.get_layer("random_flip")
    assert model.layers[1] is flip  # before the first convolution
    x = np.random.default_rng(0).random((64, 28, 28, 1)).astype("float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(flip(x, training=False)), x)
    out = keras.ops.convert_to_numpy(flip(x, training=True))
    mirrored = np.array([np.array_equal(o, xi[:, ::-1]) for o, xi in zip(out, x)])
    unchanged = np.array([np.array_equal(o, xi) for o, xi in zip(out, x)])
    assert np.all(mirrored | unchanged) and 10 < mirrored.sum() < 54  # about half, left-right only


def test_cnn_classifier_rejects_bad_arguments():
    with pytest.raises(ValueError, match="input_shape must be"):
        cnn.cnn_classifier(input_shape=(784,))
    with pytest.raises(ValueError, match="shrink"):
        cnn.cnn_classifier(input_shape=(8, 8, 1), filters=(4, 4, 4, 4))
    with pytest.raises(ValueError, match=r"filters\[1\] must be an int >= 1"):
        cnn.cnn_classifier(filters=(32, 0))
    with pytest.raises(TypeError, match=r"filters\[0\] must be an int"):
        cnn.cnn_classifier(filters=(32.0, 64))
    with pytest.raises(ValueError, match=r"dropout must be a number in \[0, 1\)"):
        cnn.cnn_classifier(dropout=1.0)
    with pytest.raises(TypeError, match="dense must be an int"):
        cnn.cnn_classifier(dense=True)


def test_feature_extractor_returns_the_named_maps():
    model = cnn.cnn_classifier(filters=(4, 6), dense=8)
    extractor = models.feature_extractor(model, ["conv1", "pool1", "conv2"])
    maps = extractor(np.zeros((2, 28, 28, 1), dtype="float32"))
    assert [tuple(m.shape) for m in maps] == [(2, 28, 28, 4), (2, 14, 14, 4), (2, 14, 14, 6)]
    single = models.feature_extractor(model, "pool1")(np.zeros((2, 28, 28, 1), dtype="float32"))
    assert tuple(single.shape) == (2, 14, 14, 4)  # one name, one tensor (not a list)
    with pytest.raises(ValueError, match="unknown \\['conv9'\\]"):
        models.feature_extractor(model, ["conv9"])


def test_conv2d_solution_extends_the_lecture_conv2d_and_matches_keras():
    expected = np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]])
    np.testing.assert_array_equal(solutions.conv2d(IMAGE, X_FILTER), expected)
    rng = np.random.default_rng(2)
    for image, kernel in [(rng.normal(size=(8, 6)), rng.normal(size=(3, 2))), (rng.random((5, 5)), np.ones((5, 5)))]:
        # stride 1, no padding: the reference and the lecture's loops agree
        np.testing.assert_allclose(solutions.conv2d(image, kernel), cnn.conv2d(image, kernel))
    assert solutions.conv2d(IMAGE, X_FILTER, padding=1).shape == (5, 5)
    assert solutions.conv2d(IMAGE, X_FILTER, stride=2).tolist() == [[4, 4], [2, 4]]
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(9, 9)), rng.normal(size=(3, 3))
    layer = keras.layers.Conv2D(1, 3, strides=2, padding="valid", use_bias=False)
    layer.build((None, 11, 11, 1))
    layer.set_weights([kernel[:, :, None, None]])
    padded = np.pad(image, 1)[None, :, :, None].astype("float32")
    keras_out = keras.ops.convert_to_numpy(layer(padded))[0, :, :, 0]
    ours = solutions.conv2d(image, kernel, stride=2, padding=1)
    np.testing.assert_allclose(ours, keras_out, rtol=1e-4, atol=1e-5)


def test_check_conv2d_accepts_the_reference_and_rejects_mistakes():
    assert quiz.check_conv2d(solutions.conv2d)

    def flipped(image, kernel, stride=1, padding=0):  # true convolution flips the kernel
        return solutions.conv2d(image, np.asarray(kernel)[::-1, ::-1], stride, padding)

    def ignores_stride(image, kernel, stride=1, padding=0):
        return solutions.conv2d(image, kernel, 1, padding)

    def todo(image, kernel, stride=1, padding=0):
        raise NotImplementedError

    assert not quiz.check_conv2d(flipped)
    assert not quiz.check_conv2d(ignores_stride)
    assert not quiz.check_conv2d(todo)


def test_plot_convolution_steps_one_panel_per_output():
    fig = cnn.plot_convolution_steps(IMAGE, X_FILTER)
    assert len(fig.axes) == 9
    assert fig.axes[0].get_title() == "(0, 0): 합 4" and fig.axes[3].get_title() == "(1, 0): 합 2"
    strided = cnn.plot_convolution_steps(IMAGE, X_FILTER, stride=2)
    assert [ax.get_title() for ax in strided.axes] == ["(0, 0): 합 4", "(0, 1): 합 4", "(1, 0): 합 2", "(1, 1): 합 4"]
    with pytest.raises(ValueError, match="larger than the image"):
        cnn.plot_convolution_steps(X_FILTER, IMAGE)
    with pytest.raises(TypeError, match="stride must be an int"):
        cnn.plot_convolution_steps(IMAGE, X_FILTER, stride=1.5)


def test_plot_filters_and_feature_maps():
    kernel = np.random.default_rng(0).normal(size=(3, 3, 1, 12))
    fig = cnn.plot_filters(kernel, ncols=6)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 12
    np.testing.assert_allclose(shown[5].images[0].get_array(), kernel[:, :, 0, 5])
    assert len([ax for ax in cnn.plot_filters(np.ones((3, 3))).axes if ax.images]) == 1
    with pytest.raises(ValueError, match="channel must be an int in \\[0, 0\\]"):
        cnn.plot_filters(kernel, channel=1)
    maps = np.random.default_rng(1).random((1, 14, 14, 20))
    fig = cnn.plot_feature_maps(maps, max_maps=16)
    assert len([ax for ax in fig.axes if ax.images]) == 16
    with pytest.raises(ValueError, match="one feature map"):
        cnn.plot_feature_maps(np.zeros((2, 14, 14, 3)))


def test_most_confident_mistakes_order_and_plot():
    y_true = np.array([0, 1, 2, 0, 1])
    probs = np.array([[0.9, 0.1, 0.0],    # right
                      [0.7, 0.3, 0.0],    # wrong, 0.7
                      [0.05, 0.95, 0.0],  # wrong, 0.95
                      [0.4, 0.6, 0.0],    # wrong, 0.6
                      [0.2, 0.8, 0.0]])   # right
    assert cnn.most_confident_mistakes(y_true, probs, n=10).tolist() == [2, 1, 3]
    assert cnn.most_confident_mistakes(y_true, probs, n=2).tolist() == [2, 1]
    images = np.random.default_rng(0).random((5, 28, 28))
    fig = cnn.plot_confident_mistakes(images, y_true, probs, ["가", "나", "다"], n=3)
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles[0] == "예측 나 95%\n정답 다"
    with pytest.raises(ValueError, match="no mistakes"):
        cnn.plot_confident_mistakes(images, probs.argmax(axis=1), probs, ["가", "나", "다"])
