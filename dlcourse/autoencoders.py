"""Autoencoder builders for lecture 07: stacked (dense) autoencoders, denoising inputs,
greedy layer-wise stacking, and classifiers that reuse a trained encoder.

Every builder returns Keras 3 models. :func:`dense_autoencoder` gives the three parts
``(encoder, decoder, autoencoder)`` that share their layers, so training the autoencoder
also trains the encoder that is reused for codes, plots and pretraining.
"""

import keras

NOISE_KINDS = (None, "gaussian", "dropout")


def dense_autoencoder(input_dim=784, codings=(100, 30), activation="selu",
                      output_activation="sigmoid", code_activation=None, noise=None,
                      noise_level=0.2, name="autoencoder"):
    """A stacked dense autoencoder ``input_dim → codings... → reversed codings → input_dim``.

    ``codings=(100, 30)`` builds the 784-100-30-100-784 network of the lecture; the last
    entry is the size of the code (the bottleneck). ``code_activation`` is the activation of
    the code layer (defaults to ``activation``; ``"linear"`` suits a 2-D code for plots).

    ``noise`` makes it a denoising autoencoder: ``"gaussian"`` adds ``GaussianNoise`` with
    standard deviation ``noise_level`` to the encoder's input, ``"dropout"`` zeroes each input
    with probability ``noise_level``. The noise is only active while training.

    Returns ``(encoder, decoder, autoencoder)``; the autoencoder is ``decoder(encoder(x))``.
    """
    _check_positive(input_dim=input_dim)
    codings = (codings,) if isinstance(codings, int) else tuple(codings)
    if not codings:
        raise ValueError("codings needs at least one layer size, e.g. codings=(100, 30)")
    _check_positive(codings=codings)
    if noise not in NOISE_KINDS:
        raise ValueError(f"noise must be one of {NOISE_KINDS}, got {noise!r}")
    if noise is not None and not 0 < noise_level < (1 if noise == "dropout" else float("inf")):
        raise ValueError(
            f"noise_level must be > 0 (and < 1 for dropout), got {noise_level!r}; "
            "e.g. noise='gaussian', noise_level=0.2 or noise='dropout', noise_level=0.5"
        )
    code_activation = activation if code_activation is None else code_activation

    encoder_layers = [keras.Input(shape=(input_dim,))]
    if noise == "gaussian":
        encoder_layers.append(keras.layers.GaussianNoise(noise_level, name="gaussian_noise"))
    elif noise == "dropout":
        encoder_layers.append(keras.layers.Dropout(noise_level, name="dropout_noise"))
    for units in codings[:-1]:
        encoder_layers.append(keras.layers.Dense(units, activation=activation))
    encoder_layers.append(keras.layers.Dense(codings[-1], activation=code_activation, name="code"))
    encoder = keras.Sequential(encoder_layers, name=f"{name}_encoder")

    decoder_layers = [keras.Input(shape=(codings[-1],))]
    for units in reversed(codings[:-1]):
        decoder_layers.append(keras.layers.Dense(units, activation=activation))
    decoder_layers.append(
        keras.layers.Dense(input_dim, activation=output_activation, name="reconstruction"))
    decoder = keras.Sequential(decoder_layers, name=f"{name}_decoder")

    autoencoder = keras.Sequential([keras.Input(shape=(input_dim,)), encoder, decoder], name=name)
    return encoder, decoder, autoencoder


def stack_autoencoders(parts, name="stacked_autoencoder"):
    """Stack autoencoders trained one at a time (greedy layer-wise training).

    ``parts`` is a list of ``(encoder, decoder)`` pairs in training order: the first maps
    the data to its code, the second maps that code to a smaller code, and so on. The
    stacked network runs the encoders in order and the decoders in reverse order. It shares
    the layers (and weights) of the parts; nothing is copied.

    Returns ``(encoder, decoder, autoencoder)`` like :func:`dense_autoencoder`.
    """
    if not parts or not all(isinstance(p, (tuple, list)) and len(p) == 2 for p in parts):
        raise ValueError("parts must be a non-empty list of (encoder, decoder) pairs, "
                         "e.g. [(enc1, dec1), (enc2, dec2)]")
    for i, (encoder, decoder) in enumerate(parts):
        mirrored = (_dim(encoder.output_shape) == _dim(decoder.input_shape)
                    and _dim(encoder.input_shape) == _dim(decoder.output_shape))
        if not mirrored:
            raise ValueError(
                f"pair {i}: the encoder maps {_dim(encoder.input_shape)} → "
                f"{_dim(encoder.output_shape)} but the decoder maps {_dim(decoder.input_shape)} → "
                f"{_dim(decoder.output_shape)}; they must mirror each other"
            )
        if i and _dim(encoder.input_shape) != _dim(parts[i - 1][0].output_shape):
            raise ValueError(
                f"pair {i}: its encoder takes {_dim(encoder.input_shape)} inputs but the encoder "
                f"before it outputs {_dim(parts[i - 1][0].output_shape)}; train each part on the "
                "previous part's codes"
            )
    input_dim = _dim(parts[0][0].input_shape)
    code_dim = _dim(parts[-1][0].output_shape)
    encoder = keras.Sequential([keras.Input(shape=(input_dim,))] + [e for e, _ in parts],
                               name=f"{name}_encoder")
    decoder = keras.Sequential([keras.Input(shape=(code_dim,))] + [d for _, d in reversed(parts)],
                               name=f"{name}_decoder")
    autoencoder = keras.Sequential([keras.Input(shape=(input_dim,)), encoder, decoder], name=name)
    return encoder, decoder, autoencoder


def copy_model(model):
    """A new model with the same architecture and a copy of the weights.

    Training the copy leaves ``model`` alone (e.g. fine-tuning a pretrained encoder).
    """
    if not isinstance(model, keras.Model):
        raise ValueError(f"copy_model() needs a keras Model, got {type(model).__name__}")
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    return clone


def encoder_classifier(encoder, n_classes=10, trainable=True, name="encoder_classifier"):
    """A classifier: ``encoder`` followed by a softmax layer with ``n_classes`` outputs.

    With a trained encoder this is unsupervised pretraining: the features come from the
    autoencoder and only few labels are needed. ``trainable=False`` freezes the encoder so
    that only the softmax layer learns; ``True`` fine-tunes everything.
    """
    if not isinstance(encoder, keras.Model):
        raise ValueError("encoder must be a keras Model (e.g. from dense_autoencoder), "
                         f"got {type(encoder).__name__}")
    _check_positive(n_classes=n_classes)
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    encoder.trainable = bool(trainable)
    return keras.Sequential([
        keras.Input(shape=encoder.input_shape[1:]),
        encoder,
        keras.layers.Dense(n_classes, activation="softmax", name="softmax"),
    ], name=name)


def _dim(shape):
    return shape[-1]


def _check_positive(**dims):
    for name, value in dims.items():
        values = value if isinstance(value, (tuple, list)) else [value]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
            raise ValueError(f"{name} must be a positive int (or a tuple of them), got {value!r}")
