"""Keras model builders in the three styles the lectures teach, and the helpers lectures 03-09 reuse.

``mlp(...)`` builds the same dense network as a ``keras.Sequential`` list of layers, with
the Functional API (``keras.Input`` → layers → ``keras.Model``), or as a ``keras.Model``
subclass with its own ``call``. With the same weights the three give the same outputs
(``tests/test_models.py`` checks it). ``classifier`` is the Fashion-MNIST MLP of lectures
03-05, ``cosine_decay`` the learning-rate schedule of lectures 03-06 and ``feature_extractor``
pulls the outputs of named layers out of a model (lectures 05 and 09). The CNN of lecture 05
is written in its notebook and exported to the topic module ``cnn``.
"""

import numbers

import keras

from dlcourse.validation import check_scalar, check_sizes

STYLES = ("sequential", "functional", "subclass")


def mlp(input_dim, hidden=(5, 10), n_outputs=3, activation="relu", output_activation="softmax",
        style="sequential", name=None):
    """A dense network ``input_dim → hidden... → n_outputs`` in one of :data:`STYLES`.

    The default is the Iris network of lecture 03: 4 → 5 relu → 10 relu → 3 softmax.
    """
    check_scalar(input_dim, "input_dim", min_value=1)
    check_scalar(n_outputs, "n_outputs", min_value=1)
    hidden = check_sizes(hidden, "hidden") if hidden not in ((), []) else ()
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


def cosine_decay(initial_learning_rate, epochs, n_samples, batch_size):
    """A learning rate that falls from ``initial_learning_rate`` to 0 along a cosine over one ``fit``.

    Lecture 03 builds it by hand: the decay lasts ``epochs * ceil(n_samples / batch_size)``
    optimizer steps, so the rate reaches 0 at the last batch of the last epoch. Pass it to an
    optimizer: ``keras.optimizers.Adam(cosine_decay(1e-3, epochs=20, n_samples=len(x), batch_size=128))``.
    """
    check_scalar(initial_learning_rate, "initial_learning_rate", kind=numbers.Real, min_value=0,
                 include_min=False)
    for name, value in (("epochs", epochs), ("n_samples", n_samples), ("batch_size", batch_size)):
        check_scalar(value, name, min_value=1)
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
    input_shape = check_sizes(input_shape, "input_shape")
    check_scalar(n_classes, "n_classes", min_value=1)
    hidden = check_sizes(hidden, "hidden") if hidden not in ((), []) else ()
    check_scalar(dropout, "dropout", kind=numbers.Real, min_value=0, max_value=1, include_max=False)
    check_scalar(l2, "l2", kind=numbers.Real, min_value=0)
    regularizer = keras.regularizers.L2(l2) if l2 > 0 else None
    layers = [keras.Input(shape=input_shape)]
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

