import matplotlib

matplotlib.use("Agg")
import keras
import numpy as np
import pytest

from dlcourse import autoencoders as ae
from dlcourse import plots, quiz, runtime, solutions


def test_dense_autoencoder_shapes_and_shared_layers():
    encoder, decoder, model = ae.dense_autoencoder(784, (100, 30))
    assert [layer.units for layer in encoder.layers] == [100, 30]
    assert [layer.units for layer in decoder.layers] == [100, 784]
    # 784-100-30-100-784: weights and biases of the four dense layers
    expected = 784 * 100 + 100 + 100 * 30 + 30 + 30 * 100 + 100 + 100 * 784 + 784
    assert model.count_params() == expected
    x = np.random.default_rng(0).random((5, 784)).astype("float32")
    codes = encoder(x)
    assert codes.shape == (5, 30)
    out = np.asarray(model(x))
    np.testing.assert_allclose(out, decoder(codes), rtol=1e-5, atol=1e-6)
    assert out.min() >= 0 and out.max() <= 1  # sigmoid output fits pixel values in [0, 1]


def test_code_activation_and_single_int_codings():
    encoder, _, model = ae.dense_autoencoder(10, 2, code_activation="linear")
    assert encoder.output_shape == (None, 2) and model.output_shape == (None, 10)
    assert encoder.layers[-1].activation is keras.activations.linear


@pytest.mark.parametrize("noise, level, layer_type", [("gaussian", 0.3, keras.layers.GaussianNoise),
                                                      ("dropout", 0.5, keras.layers.Dropout)])
def test_noise_is_only_active_in_training(noise, level, layer_type):
    encoder, _, _ = ae.dense_autoencoder(20, (8, 4), noise=noise, noise_level=level)
    noise_layer = encoder.layers[0]
    assert isinstance(noise_layer, layer_type)
    x = np.full((200, 20), 0.5, dtype="float32")
    np.testing.assert_allclose(noise_layer(x, training=False), x)
    noisy = np.asarray(noise_layer(x, training=True))
    assert not np.allclose(noisy, x)
    if noise == "gaussian":
        assert abs(np.std(noisy - x) - level) < 0.05
    else:
        assert abs(np.mean(noisy == 0) - level) < 0.05
    np.testing.assert_allclose(encoder(x, training=False), encoder(x, training=False))


def test_stack_autoencoders_runs_encoders_then_decoders_in_reverse():
    enc1, dec1, _ = ae.dense_autoencoder(12, (6,), name="a1")
    enc2, dec2, _ = ae.dense_autoencoder(6, (3,), output_activation="selu", name="a2")
    encoder, decoder, model = ae.stack_autoencoders([(enc1, dec1), (enc2, dec2)])
    x = np.random.default_rng(1).random((4, 12)).astype("float32")
    np.testing.assert_allclose(encoder(x), enc2(enc1(x)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model(x), dec1(dec2(enc2(enc1(x)))), rtol=1e-5, atol=1e-6)
    # the layers are shared, not copied: changing a part changes the stack
    weights = enc1.get_weights()
    enc1.set_weights([w + 1.0 for w in weights])
    np.testing.assert_allclose(encoder(x), enc2(enc1(x)), rtol=1e-5, atol=1e-6)
    assert decoder.output_shape == (None, 12)


def test_stack_autoencoders_rejects_parts_that_do_not_chain():
    enc1, dec1, _ = ae.dense_autoencoder(12, (6,), name="b1")
    enc2, dec2, _ = ae.dense_autoencoder(5, (3,), name="b2")
    with pytest.raises(ValueError, match="previous part's codes"):
        ae.stack_autoencoders([(enc1, dec1), (enc2, dec2)])
    with pytest.raises(ValueError, match="mirror each other"):
        ae.stack_autoencoders([(enc1, dec2)])
    with pytest.raises(ValueError, match="non-empty list"):
        ae.stack_autoencoders([])


def test_copy_model_and_encoder_classifier():
    encoder, _, _ = ae.dense_autoencoder(16, (8, 4), name="c")
    copy = ae.copy_model(encoder)
    x = np.random.default_rng(2).random((3, 16)).astype("float32")
    np.testing.assert_allclose(copy(x), encoder(x), rtol=1e-6)
    copy.set_weights([w * 0 for w in copy.get_weights()])
    assert not np.allclose(copy(x), encoder(x))  # the original keeps its weights

    frozen = ae.encoder_classifier(ae.copy_model(encoder), n_classes=3, trainable=False)
    assert frozen.output_shape == (None, 3)
    np.testing.assert_allclose(np.asarray(frozen(x)).sum(axis=1), 1, rtol=1e-5)
    assert len(frozen.trainable_weights) == 2  # only the softmax layer learns
    tuned = ae.encoder_classifier(ae.copy_model(encoder), n_classes=3)
    assert len(tuned.trainable_weights) == 2 + 4


def test_builders_reject_bad_arguments():
    with pytest.raises(ValueError, match="noise must be one of"):
        ae.dense_autoencoder(noise="salt")
    with pytest.raises(ValueError, match="noise_level"):
        ae.dense_autoencoder(noise="dropout", noise_level=1.5)
    with pytest.raises(ValueError, match="codings must be a positive int"):
        ae.dense_autoencoder(codings=(100, 0))
    with pytest.raises(ValueError, match="at least one layer"):
        ae.dense_autoencoder(codings=())
    with pytest.raises(ValueError, match="n_classes must be at least 2"):
        ae.encoder_classifier(ae.dense_autoencoder(8, (4,))[0], n_classes=1)
    with pytest.raises(ValueError, match="keras Model"):
        ae.copy_model("encoder")


def test_autoencoder_learns_to_reconstruct_a_low_rank_signal():
    rng = np.random.default_rng(3)
    keras.utils.set_random_seed(3)
    x = (rng.random((512, 2)) @ rng.random((2, 16)) / 2).astype("float32")  # values in [0, 1]
    _, _, model = ae.dense_autoencoder(16, (8, 2), code_activation="linear")
    model.compile(keras.optimizers.Adam(1e-2), "mse")
    history = model.fit(x, x, epochs=30, batch_size=64, verbose=0)
    assert history.history["loss"][-1] < 0.2 * history.history["loss"][0]


def test_plot_image_rows_and_latent_space():
    runtime.use_korean_font()
    rng = np.random.default_rng(4)
    rows = {"원본": rng.random((6, 784)), "복원": rng.random((6, 28, 28))}
    fig = plots.plot_image_rows(rows, n=4)
    assert len(fig.axes) == 8 and fig.axes[0].get_ylabel() == "원본"
    fig = plots.plot_latent_space({"AE": rng.normal(size=(30, 2)), "PCA": rng.normal(size=(30, 2))},
                                  np.arange(30) % 3, class_names=["a", "b", "c"])
    assert len(fig.axes) == 2 and fig.axes[1].get_title() == "PCA"
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots.plot_latent_space({"AE": rng.normal(size=(30, 3))}, np.arange(30) % 3)
    with pytest.raises(ValueError, match="labels"):
        plots.plot_latent_space({"AE": rng.normal(size=(30, 2))}, np.arange(20) % 3)
    with pytest.raises(ValueError, match="image_shape"):
        plots.plot_image_rows({"x": rng.random((3, 100))})


def test_reconstruction_bce_matches_keras_and_the_check():
    rng = np.random.default_rng(5)
    x, x_hat = rng.random((4, 20)), rng.random((4, 20))
    ours = solutions.reconstruction_bce(x, x_hat)
    assert ours.shape == (4,)
    keras_bce = keras.losses.binary_crossentropy(x.astype("float32"), x_hat.astype("float32"))
    np.testing.assert_allclose(ours, keras_bce, rtol=1e-4)
    assert np.isfinite(solutions.reconstruction_bce([[0.0, 1.0]], [[0.0, 1.0]])).all()
    assert quiz.check_reconstruction_bce(solutions.reconstruction_bce)


def test_check_reconstruction_bce_rejects_wrong_answers():
    def no_clip(x, x_hat):
        x, x_hat = np.asarray(x, float), np.asarray(x_hat, float)
        return -np.mean(x * np.log(x_hat) + (1 - x) * np.log(1 - x_hat), axis=-1)

    def only_first_term(x, x_hat):
        return -np.mean(np.asarray(x) * np.log(np.clip(x_hat, 1e-7, 1 - 1e-7)), axis=-1)

    def summed(x, x_hat):
        return solutions.reconstruction_bce(x, x_hat) * np.shape(x)[-1]

    def unfinished(x, x_hat):
        raise NotImplementedError

    for wrong in (no_clip, only_first_term, summed, unfinished):
        with np.errstate(all="ignore"):
            assert not quiz.check_reconstruction_bce(wrong)
