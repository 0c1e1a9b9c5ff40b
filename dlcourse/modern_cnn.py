"""Lecture 12, modern CNN architectures and transfer learning: the saved cells of the notebook and
their argument checks.

The lesson code is written in ``notebooks/12_modern_cnn_transfer.ipynb`` and copied here by
``python -m dlcourse.export`` (the block between the BEGIN and END lines):

- :func:`residual_block`: two 3x3 convolutions added to a shortcut (He et al., 2016): the identity
  when the shape is unchanged, a 1x1 convolution (projection) when the stride or the number of
  channels changes; ``shortcut=False`` gives the plain block of the same depth.
- :func:`separable_block`: a depthwise-separable convolution (Howard et al., 2017): a k x k
  depthwise convolution per channel, then a 1x1 pointwise convolution that mixes the channels.

Written by hand: :func:`check_block_arguments`, the argument check both builders share.
"""

import numbers

import keras

from dlcourse.validation import check_scalar


def check_block_arguments(x, filters, stride, kernel_size=3, builder="block"):
    """Raise a clear error unless ``x`` is a 4-D feature map and the sizes are positive integers."""
    shape = getattr(x, "shape", None)
    if shape is None or len(shape) != 4:
        raise ValueError(
            f"{builder} needs a 4-D feature map (batch, height, width, channels), got "
            f"{'a ' + type(x).__name__ if shape is None else 'shape ' + str(tuple(shape))}. "
            "Pass the output of a Keras layer, e.g. keras.Input(shape=(28, 28, 1)); add a channel axis to "
            "(28, 28) images with keras.layers.Reshape((28, 28, 1)).")
    if shape[-1] is None:
        raise ValueError(f"{builder} needs a known number of channels (the last axis), got shape {tuple(shape)}.")
    check_scalar(filters, "filters", kind=numbers.Integral, min_value=1)
    check_scalar(stride, "stride", kind=numbers.Integral, min_value=1)
    check_scalar(kernel_size, "kernel_size", kind=numbers.Integral, min_value=1)


# ---- BEGIN #@save cells of notebooks/12_modern_cnn_transfer.ipynb (generated: edit the notebook) ----
def residual_block(x, filters, stride=1, batch_norm=True, shortcut=True, name="res"):
    """Two 3x3 convolutions, added to a shortcut (He et al., 2016), then ReLU.

    The shortcut is the identity when the shape is unchanged and a 1x1 convolution with the same stride
    (a projection) otherwise; ``shortcut=False`` gives the plain block of the same depth.
    """
    check_block_arguments(x, filters, stride, builder="residual_block")  # 부가 코드: 인자 검사
    h = keras.layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=not batch_norm,
                            name=f"{name}_conv1")(x)                  # 스트라이드 2면 여기서 크기 절반
    if batch_norm:
        h = keras.layers.BatchNormalization(momentum=0.9, name=f"{name}_bn1")(h)
    h = keras.layers.ReLU(name=f"{name}_relu1")(h)
    h = keras.layers.Conv2D(filters, 3, padding="same", use_bias=not batch_norm, name=f"{name}_conv2")(h)
    if batch_norm:
        h = keras.layers.BatchNormalization(momentum=0.9, name=f"{name}_bn2")(h)
    if shortcut:
        skip = x                                                      # 항등 지름길
        if stride != 1 or x.shape[-1] != filters:                     # 모양이 바뀌면: 1x1 합성곱으로 투영
            skip = keras.layers.Conv2D(filters, 1, strides=stride, use_bias=not batch_norm, name=f"{name}_proj")(x)
            if batch_norm:
                skip = keras.layers.BatchNormalization(momentum=0.9, name=f"{name}_proj_bn")(skip)
        h = keras.layers.Add(name=f"{name}_add")([h, skip])           # F(x) + x
    return keras.layers.ReLU(name=f"{name}_out")(h)


def separable_block(x, filters, stride=1, kernel_size=3, name="sep"):
    """MobileNet block (Howard et al., 2017): depthwise k x k -> BN -> ReLU -> pointwise 1x1 -> BN -> ReLU."""
    check_block_arguments(x, filters, stride, kernel_size, builder="separable_block")  # 부가 코드: 인자 검사
    h = keras.layers.DepthwiseConv2D(kernel_size, strides=stride, padding="same", use_bias=False, name=f"{name}_dw")(x)
    h = keras.layers.BatchNormalization(momentum=0.9, name=f"{name}_dw_bn")(h)       # 채널마다 따로: 공간만 섞음
    h = keras.layers.ReLU(name=f"{name}_dw_relu")(h)
    h = keras.layers.Conv2D(filters, 1, use_bias=False, name=f"{name}_pw")(h)           # 1x1: 채널 섞기
    h = keras.layers.BatchNormalization(momentum=0.9, name=f"{name}_pw_bn")(h)
    return keras.layers.ReLU(name=f"{name}_pw_relu")(h)
# ---- END saved cells ----
