import numpy as np
import pytest

from dlcourse import models


def test_three_styles_are_the_same_model():
    built = {style: models.mlp(4, style=style) for style in models.STYLES}
    counts = {style: m.count_params() for style, m in built.items()}
    assert set(counts.values()) == {4 * 5 + 5 + 5 * 10 + 10 + 10 * 3 + 3}
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    reference = built["sequential"]
    for style in ("functional", "subclass"):
        models.copy_weights(reference, built[style])
        np.testing.assert_allclose(built[style](x), reference(x), rtol=1e-6)


def test_builder_rejects_bad_arguments():
    with pytest.raises(ValueError, match="style must be one of"):
        models.mlp(4, style="graph")
    with pytest.raises(ValueError, match=r"hidden\[1\] must be an int >= 1"):
        models.mlp(4, hidden=(5, 0))
    with pytest.raises(TypeError, match="input_dim must be an int"):
        models.mlp(4.0)
    assert models.mlp(np.int64(4), hidden=(), n_outputs=2).count_params() == 4 * 2 + 2  # no hidden layer
    with pytest.raises(ValueError, match="the models differ"):
        models.copy_weights(models.mlp(4), models.mlp(4, hidden=(6,)))


def test_classifier_layers_and_parameter_count():
    plain = models.classifier(input_shape=(28, 28), hidden=(200,), activation="sigmoid")
    assert plain.count_params() == 784 * 200 + 200 + 200 * 10 + 10
    x = np.random.default_rng(0).random((5, 28, 28)).astype("float32")
    proba = np.asarray(plain(x))
    assert proba.shape == (5, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)

    full = models.classifier(input_shape=(28, 28), hidden=(32, 16), dropout=0.3, l2=1e-4,
                             batch_norm=True)
    kinds = [type(layer).__name__ for layer in full.layers]
    assert kinds.count("BatchNormalization") == 2 and kinds.count("Dropout") == 2
    # Dense without bias before BN; BN adds gamma, beta (trainable) and moving mean/var
    assert full.count_params() == 784 * 32 + 4 * 32 + 32 * 16 + 4 * 16 + 16 * 10 + 10
    assert len(full.losses) == 3  # one L2 penalty per Dense kernel
    # dropout is active only in training mode; inference is deterministic
    np.testing.assert_allclose(full(x, training=False), full(x, training=False))
    assert not np.allclose(full(x, training=True), full(x, training=True))


def test_classifier_flat_input_and_bad_arguments():
    flat = models.classifier(input_shape=64, hidden=(8,), n_classes=3)
    assert [type(layer).__name__ for layer in flat.layers] == ["Dense", "Dense"]
    assert flat.output_shape == (None, 3)
    with pytest.raises(ValueError, match=r"dropout must be a number in \[0, 1\)"):
        models.classifier(dropout=1.5)
    with pytest.raises(ValueError, match="l2 must be a number >= 0"):
        models.classifier(l2=-1)
    with pytest.raises(ValueError, match=r"hidden\[1\] must be an int >= 1"):
        models.classifier(hidden=(10, -2))
    with pytest.raises(TypeError, match="n_classes must be an int"):
        models.classifier(n_classes=True)


def test_cosine_decay_reaches_zero_at_the_last_batch():
    schedule = models.cosine_decay(0.005, epochs=3, n_samples=1000, batch_size=64)
    assert schedule.decay_steps == 3 * 16  # 15 full batches + 1 partial per epoch
    rates = [float(schedule(step)) for step in (0, 24, 48)]
    np.testing.assert_allclose(rates, [0.005, 0.0025, 0.0], atol=1e-7)
    with pytest.raises(ValueError, match="initial_learning_rate must be a number > 0"):
        models.cosine_decay(0, epochs=3, n_samples=1000, batch_size=64)
    with pytest.raises(TypeError, match="batch_size must be an int"):
        models.cosine_decay(1e-3, epochs=3, n_samples=1000, batch_size=0.5)
    with pytest.raises(ValueError, match="epochs must be an int >= 1"):
        models.cosine_decay(1e-3, epochs=0, n_samples=1000, batch_size=64)
