"""Keras model builders in the three styles the lectures teach, and the networks lessons reuse.

``mlp(...)`` builds the same dense network as a ``keras.Sequential`` list of layers, with
the Functional API (``keras.Input`` → layers → ``keras.Model``), or as a ``keras.Model``
subclass with its own ``call``. With the same weights the three give the same outputs
(``tests/test_models.py`` checks it).
"""

import keras

STYLES = ("sequential", "functional", "subclass")


def mlp(input_dim, hidden=(5, 10), n_outputs=3, activation="relu", output_activation="softmax",
        style="sequential", name=None):
    """A dense network ``input_dim → hidden... → n_outputs`` in one of :data:`STYLES`.

    The default is the Iris network of lecture 03: 4 → 5 relu → 10 relu → 3 softmax.
    """
    _check_dims(input_dim=input_dim, n_outputs=n_outputs, hidden=hidden)
    if style == "sequential":
        layers = [keras.Input(shape=(input_dim,))]
        layers += [keras.layers.Dense(units, activation=activation) for units in hidden]
        layers.append(keras.layers.Dense(n_outputs, activation=output_activation))
        return keras.Sequential(layers, name=name or "mlp_sequential")
    if style == "functional":
        inputs = keras.Input(shape=(input_dim,))
        x = inputs
        for units in hidden:
            x = keras.layers.Dense(units, activation=activation)(x)
        outputs = keras.layers.Dense(n_outputs, activation=output_activation)(x)
        return keras.Model(inputs, outputs, name=name or "mlp_functional")
    if style == "subclass":
        model = MLP(hidden, n_outputs, activation, output_activation, name=name or "mlp_subclass")
        model(keras.ops.zeros((1, input_dim)))  # one call creates the weights
        return model
    raise ValueError(f"style must be one of {STYLES}, got {style!r}")


class MLP(keras.Model):
    """The subclassing style: layers made in ``__init__``, the forward pass written in ``call``."""

    def __init__(self, hidden=(5, 10), n_outputs=3, activation="relu", output_activation="softmax", **kwargs):
        super().__init__(**kwargs)
        self.hidden_layers = [keras.layers.Dense(units, activation=activation) for units in hidden]
        self.output_layer = keras.layers.Dense(n_outputs, activation=output_activation)

    def call(self, inputs):
        x = inputs
        for layer in self.hidden_layers:
            x = layer(x)
        return self.output_layer(x)


def copy_weights(source, target):
    """Copy the weights of ``source`` into ``target`` (models of the same architecture)."""
    src, dst = source.get_weights(), target.get_weights()
    if [w.shape for w in src] != [w.shape for w in dst]:
        raise ValueError(
            f"the models differ: weight shapes {[w.shape for w in src]} vs {[w.shape for w in dst]}"
        )
    target.set_weights(src)
    return target


def _check_dims(**dims):
    for name, value in dims.items():
        values = value if isinstance(value, (tuple, list)) else [value]
        if not all(isinstance(v, int) and v > 0 for v in values):
            raise ValueError(f"{name} must be a positive int (or a tuple of them), got {value!r}")


def cosine_decay(initial_learning_rate, epochs, n_samples, batch_size):
    """A learning rate that falls from ``initial_learning_rate`` to 0 along a cosine over one ``fit``.

    Lecture 03 builds it by hand: the decay lasts ``epochs * ceil(n_samples / batch_size)``
    optimizer steps, so the rate reaches 0 at the last batch of the last epoch. Pass it to an
    optimizer: ``keras.optimizers.Adam(cosine_decay(1e-3, epochs=20, n_samples=len(x), batch_size=128))``.
    """
    if isinstance(initial_learning_rate, bool) or not (
            isinstance(initial_learning_rate, (int, float)) and initial_learning_rate > 0):
        raise ValueError(f"initial_learning_rate must be a positive number, e.g. 1e-3, "
                         f"got {initial_learning_rate!r}")
    _check_dims(epochs=epochs, n_samples=n_samples, batch_size=batch_size)
    steps = epochs * -(-n_samples // batch_size)  # batches per epoch, the last one partial
    return keras.optimizers.schedules.CosineDecay(initial_learning_rate, decay_steps=steps)


def classifier(input_shape=(28, 28), hidden=(256, 128), n_classes=10, activation="relu",
               dropout=0.0, l2=0.0, batch_norm=False, name=None):
    """A dense image classifier (Sequential).

    ``Flatten → [Dense → (BN) → activation → (Dropout)]... → Dense softmax``.

    The Fashion-MNIST MLP of lectures 03-04, with the regularizers of lecture 04 as options:
    ``dropout`` (rate after each hidden layer), ``l2`` (weight penalty of the dense kernels)
    and ``batch_norm`` (a BatchNormalization layer between each Dense and its activation; the
    Dense then has no bias, since BN's shift β plays that role). Inputs are expected in [0, 1].
    The model is returned uncompiled.
    """
    if isinstance(input_shape, int):
        input_shape = (input_shape,)
    _check_dims(input_shape=tuple(input_shape), n_classes=n_classes)
    hidden = tuple(hidden)
    if hidden:
        _check_dims(hidden=hidden)
    if not (isinstance(dropout, (int, float)) and 0 <= dropout < 1):
        raise ValueError(f"dropout must be a rate in [0, 1), e.g. 0.3, got {dropout!r}")
    if not (isinstance(l2, (int, float)) and l2 >= 0):
        raise ValueError(f"l2 must be a non-negative penalty, e.g. 1e-4, got {l2!r}")
    regularizer = keras.regularizers.L2(l2) if l2 > 0 else None
    layers = [keras.Input(shape=tuple(input_shape))]
    if len(input_shape) > 1:
        layers.append(keras.layers.Flatten())
    for units in hidden:
        if batch_norm:
            layers += [keras.layers.Dense(units, use_bias=False, kernel_regularizer=regularizer),
                       keras.layers.BatchNormalization(),
                       keras.layers.Activation(activation)]
        else:
            layers.append(keras.layers.Dense(units, activation=activation,
                                             kernel_regularizer=regularizer))
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(n_classes, activation="softmax",
                                     kernel_regularizer=regularizer))
    return keras.Sequential(layers, name=name or "classifier")


def cnn_classifier(input_shape=(28, 28, 1), n_classes=10, filters=(32, 64), kernel_size=3,
                   dense=128, dropout=0.3, batch_norm=False, random_flip=False, name=None):
    """A small image CNN (Functional API), the network of lecture 05.

    ``(RandomFlip) → [Conv2D('same') → (BN) → ReLU → MaxPool 2x2] per entry of filters → Flatten →
    Dropout → Dense(dense, ReLU) → Dropout → Dense(n_classes, softmax)``. ``random_flip=True``
    mirrors each training image left-right with probability 1/2 (data augmentation for classes
    that look the same mirrored, such as clothing; never for digits); it does nothing at
    prediction time. The layers are named
    ``conv1, pool1, conv2, pool2, ...`` (with ``bn1, relu1, ...`` when ``batch_norm``) so a
    lesson can pull out the feature maps of a layer by name (see :func:`feature_extractor`).
    ``input_shape`` is ``(h, w, channels)``; ``(h, w)`` adds the channel axis itself.
    Inputs are expected in [0, 1]. The model is returned uncompiled.
    """
    input_shape = tuple(input_shape) if isinstance(input_shape, (tuple, list)) else input_shape
    if not isinstance(input_shape, tuple) or len(input_shape) not in (2, 3):
        raise ValueError(f"input_shape must be (height, width, channels) or (height, width), "
                         f"e.g. (28, 28, 1); got {input_shape!r}")
    _check_dims(input_shape=input_shape, n_classes=n_classes, kernel_size=kernel_size, dense=dense)
    filters = tuple(filters) if isinstance(filters, (tuple, list)) else (filters,)
    if not filters:
        raise ValueError("filters needs at least one conv layer, e.g. filters=(32, 64)")
    _check_dims(filters=filters)
    smallest = min(input_shape[:2]) // 2 ** len(filters)
    if smallest < 1:
        raise ValueError(f"{len(filters)} pooling steps shrink a "
                         f"{input_shape[0]}x{input_shape[1]} image "
                         f"to nothing; use fewer entries in filters (at most "
                         f"{int(min(input_shape[:2])).bit_length() - 1})")
    if not (isinstance(dropout, (int, float)) and 0 <= dropout < 1):
        raise ValueError(f"dropout must be a rate in [0, 1), e.g. 0.3, got {dropout!r}")
    inputs = keras.Input(shape=input_shape)
    x = inputs
    if len(input_shape) == 2:
        x = keras.layers.Reshape(input_shape + (1,), name="add_channel")(x)
    if random_flip:
        x = keras.layers.RandomFlip("horizontal", name="random_flip")(x)
    for i, n_filters in enumerate(filters, 1):
        if batch_norm:  # BN's shift β replaces the conv bias
            x = keras.layers.Conv2D(n_filters, kernel_size, padding="same", use_bias=False,
                                    name=f"conv{i}")(x)
            x = keras.layers.BatchNormalization(name=f"bn{i}")(x)
            x = keras.layers.Activation("relu", name=f"relu{i}")(x)
        else:
            x = keras.layers.Conv2D(n_filters, kernel_size, padding="same", activation="relu",
                                    name=f"conv{i}")(x)
        x = keras.layers.MaxPooling2D(2, name=f"pool{i}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    if dropout > 0:
        x = keras.layers.Dropout(dropout, name="dropout1")(x)
    x = keras.layers.Dense(dense, activation="relu", name="dense")(x)
    if dropout > 0:
        x = keras.layers.Dropout(dropout, name="dropout2")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="output")(x)
    return keras.Model(inputs, outputs, name=name or "cnn_classifier")


def feature_extractor(model, layer_names):
    """A model from ``model``'s input to the outputs of the named layers (a list, in that order).

    ``feature_extractor(cnn, ["conv1", "pool1"]).predict(x)`` gives the feature maps of those
    layers; ``feature_extractor(cnn, "conv1")`` gives one output. ``model`` must be a
    Functional or Sequential model that has been built.
    """
    names = [layer_names] if isinstance(layer_names, str) else list(layer_names)
    known = [layer.name for layer in model.layers]
    unknown = [n for n in names if n not in known]
    if not names or unknown:
        raise ValueError(f"layer_names must name layers of the model; unknown {unknown}, "
                         f"the model has {known}")
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs  # a tensor in, not a list
    outputs = [model.get_layer(n).output for n in names]
    # one name (a string) gives one output; a list gives a list
    return keras.Model(inputs, outputs[0] if isinstance(layer_names, str) else outputs,
                       name=f"{model.name}_features")

