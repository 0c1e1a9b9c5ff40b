"""Lecture 12's saved cells: the residual block and the depthwise-separable block."""

import keras
import numpy as np
import pytest

from dlcourse import solutions
from dlcourse.modern_cnn import residual_block, separable_block


def _block(input_shape, builder, *args, **kwargs):
    inputs = keras.Input(shape=input_shape)
    return keras.Model(inputs, builder(inputs, *args, **kwargs))


def test_identity_shortcut_keeps_the_shape_and_adds_no_parameters():
    model = _block((14, 14, 16), residual_block, 16)
    assert model.output_shape == (None, 14, 14, 16)
    assert not [layer for layer in model.layers if layer.name.endswith("_proj")]
    # two 3x3 convolutions without bias + two BN layers (4 values per channel)
    assert model.count_params() == 2 * 9 * 16 * 16 + 2 * 4 * 16


@pytest.mark.parametrize("filters, stride, out_shape",
                         [(32, 1, (14, 14, 32)), (32, 2, (7, 7, 32)), (16, 2, (7, 7, 16))])
def test_projection_shortcut_when_the_shape_changes(filters, stride, out_shape):
    model = _block((14, 14, 16), residual_block, filters, stride=stride)
    assert model.output_shape == (None, *out_shape)
    proj = model.get_layer("res_proj")
    assert proj.kernel_size == (1, 1) and proj.strides == (stride, stride)
    expected = 9 * 16 * filters + 9 * filters * filters + 16 * filters + 3 * 4 * filters
    assert model.count_params() == expected


def test_identity_block_computes_relu_of_f_plus_x():
    model = _block((6, 6, 4), residual_block, 4, batch_norm=False)
    for layer in model.layers:                      # F(x) = 0: the block must return relu(x)
        if layer.weights:
            layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    x = np.random.default_rng(0).normal(size=(2, 6, 6, 4)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), np.maximum(x, 0), atol=1e-6)


def test_plain_block_has_no_add_and_same_convolutions():
    plain = _block((14, 14, 16), residual_block, 16, batch_norm=False, shortcut=False)
    residual = _block((14, 14, 16), residual_block, 16, batch_norm=False)
    assert not [la for la in plain.layers if isinstance(la, keras.layers.Add)]
    assert [la for la in residual.layers if isinstance(la, keras.layers.Add)]
    assert plain.count_params() == residual.count_params() == 2 * (9 * 16 * 16 + 16)


@pytest.mark.parametrize("c_in, c_out, k, stride", [(32, 64, 3, 1), (16, 24, 3, 2), (8, 8, 5, 1)])
def test_separable_block_parameters_and_shape(c_in, c_out, k, stride):
    model = _block((14, 14, c_in), separable_block, c_out, stride=stride, kernel_size=k)
    side = -(-14 // stride)
    assert model.output_shape == (None, side, side, c_out)
    conv_params = model.get_layer("sep_dw").count_params() + model.get_layer("sep_pw").count_params()
    assert conv_params == k * k * c_in + c_in * c_out
    assert model.count_params() == conv_params + 4 * c_in + 4 * c_out     # two BN layers


def test_separable_mult_adds_reference_matches_keras_shapes():
    inputs = keras.Input(shape=(15, 15, 16))
    dw = keras.layers.DepthwiseConv2D(3, strides=2, padding="valid", use_bias=False)
    out = keras.layers.Conv2D(24, 1, use_bias=False)(dw(inputs))
    side = out.shape[1]
    assert solutions.separable_mult_adds(15, 16, 24, 3, 2, "valid") == side * side * (9 * 16 + 16 * 24)


@pytest.mark.parametrize("builder", [residual_block, separable_block])
def test_bad_inputs_say_what_is_wrong(builder):
    with pytest.raises(ValueError, match="4-D feature map.*Reshape"):
        builder(keras.Input(shape=(28, 28)), 8)
    with pytest.raises(ValueError, match="4-D feature map"):
        builder(np.zeros((28, 28, 1)), 8)
    with pytest.raises(ValueError, match="filters"):
        builder(keras.Input(shape=(28, 28, 1)), 0)
    with pytest.raises(TypeError, match="filters"):
        builder(keras.Input(shape=(28, 28, 1)), 8.5)
    with pytest.raises(ValueError, match="stride"):
        builder(keras.Input(shape=(28, 28, 1)), 8, stride=0)
