import matplotlib

matplotlib.use("Agg")
import keras
import numpy as np
import pytest

from dlcourse import autoencoders as ae
from dlcourse import runtime, solutions


def test_stacked_autoencoder_is_784_100_30_100_784_with_shared_layers():
    encoder, decoder, model = ae.stacked_autoencoder()
    assert [layer.units for layer in encoder.layers] == [100, 30]
    assert [layer.units for layer in decoder.layers] == [100, 784]  # the encoder mirrored
    assert [layer.activation.__name__ for layer in encoder.layers + decoder.layers] == ["selu"] * 3 + ["sigmoid"]
    assert model.layers == [encoder, decoder]  # the autoencoder reuses both parts, nothing copied
    # 784-100-30-100-784: weights and biases of the four dense layers
    expected = 784 * 100 + 100 + 100 * 30 + 30 + 30 * 100 + 100 + 100 * 784 + 784
    assert model.count_params() == expected
    x = np.random.default_rng(0).random((5, 784)).astype("float32")
    codes = encoder(x)
    assert codes.shape == (5, 30)
    out = np.asarray(model(x))
    np.testing.assert_allclose(out, decoder(codes), rtol=1e-5, atol=1e-6)
    assert out.min() >= 0 and out.max() <= 1  # sigmoid output fits pixel values in [0, 1]


def test_encoder_and_decoder_mirror_any_codings():
    encoder = ae.stacked_encoder(50, (40, 20, 5), activation="relu")
    decoder = ae.stacked_decoder(50, (40, 20, 5), activation="relu")
    assert [layer.units for layer in encoder.layers] == [40, 20, 5]
    assert [layer.units for layer in decoder.layers] == [20, 40, 50]
    assert encoder.output_shape == decoder.input_shape == (None, 5)


def test_code_activation_and_single_int_codings():
    encoder, _, model = ae.stacked_autoencoder(10, 2, code_activation="linear")
    assert encoder.output_shape == (None, 2) and model.output_shape == (None, 10)
    assert encoder.layers[-1].activation is keras.activations.linear
    assert len(encoder.layers) == 1  # codings=2 means (2,): the code layer only


@pytest.mark.parametrize("noise, level", [(keras.layers.GaussianNoise, 0.3), (keras.layers.Dropout, 0.5)])
def test_noise_layer_sits_in_front_and_only_acts_in_training(noise, level):
    layer = noise(level, seed=0)
    encoder, _, _ = ae.stacked_autoencoder(20, (8, 4), noise=layer)
    assert encoder.layers[0] is layer
    x = np.full((200, 20), 0.5, dtype="float32")
    np.testing.assert_allclose(layer(x, training=False), x)
    noisy = np.asarray(layer(x, training=True))
    assert not np.allclose(noisy, x)
    if noise is keras.layers.GaussianNoise:
        assert abs(np.std(noisy - x) - level) < 0.05
    else:
        assert abs(np.mean(noisy == 0) - level) < 0.05
    # without training=True the encoder is just its dense layers
    clean = x
    for dense in encoder.layers[1:]:
        clean = dense(clean)
    np.testing.assert_allclose(encoder(x, training=False), clean, rtol=1e-5, atol=1e-6)
    assert not np.allclose(encoder(x, training=True), clean)


def test_stack_autoencoders_runs_encoders_then_decoders_in_reverse():
    enc1, dec1, _ = ae.stacked_autoencoder(12, (6,), name="a1")
    enc2, dec2, _ = ae.stacked_autoencoder(6, (3,), output_activation="selu", name="a2")
    encoder, decoder, model = ae.stack_autoencoders([(enc1, dec1), (enc2, dec2)])
    assert encoder.layers == [enc1, enc2] and decoder.layers == [dec2, dec1]
    x = np.random.default_rng(1).random((4, 12)).astype("float32")
    np.testing.assert_allclose(encoder(x), enc2(enc1(x)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model(x), dec1(dec2(enc2(enc1(x)))), rtol=1e-5, atol=1e-6)
    # the layers are shared, not copied: changing a part changes the stack
    enc1.set_weights([w + 1.0 for w in enc1.get_weights()])
    np.testing.assert_allclose(encoder(x), enc2(enc1(x)), rtol=1e-5, atol=1e-6)
    assert decoder.output_shape == (None, 12)


def test_greedy_layer_wise_training_then_stacking_reuses_the_trained_layers():
    keras.utils.set_random_seed(6)
    rng = np.random.default_rng(6)
    x = (rng.random((256, 2)) @ rng.random((2, 16)) / 2).astype("float32")
    enc1, dec1, ae1 = ae.stacked_autoencoder(16, (8,), name="g1")
    ae1.compile(keras.optimizers.Adam(1e-2), "binary_crossentropy")
    ae1.fit(x, x, epochs=5, batch_size=64, verbose=0)
    codes = np.asarray(enc1(x))  # phase 2 learns from phase 1's codes
    enc2, dec2, ae2 = ae.stacked_autoencoder(8, (2,), output_activation="selu", name="g2")
    ae2.compile(keras.optimizers.Adam(1e-2), "mse")
    ae2.fit(codes, codes, epochs=5, batch_size=64, verbose=0)
    trained = [w.copy() for w in enc1.get_weights()]
    _, _, stacked = ae.stack_autoencoders([(enc1, dec1), (enc2, dec2)])
    np.testing.assert_allclose(stacked(x), dec1(dec2(enc2(codes))), rtol=1e-5, atol=1e-6)
    stacked.compile(keras.optimizers.Adam(1e-2), "binary_crossentropy")
    stacked.fit(x, x, epochs=1, batch_size=64, verbose=0)  # fine-tuning moves the phase 1 weights
    assert not all(np.allclose(a, b) for a, b in zip(trained, enc1.get_weights()))


def test_stack_autoencoders_rejects_parts_that_do_not_chain():
    enc1, dec1, _ = ae.stacked_autoencoder(12, (6,), name="b1")
    enc2, dec2, _ = ae.stacked_autoencoder(5, (3,), name="b2")
    with pytest.raises(ValueError, match="previous part's codes"):
        ae.stack_autoencoders([(enc1, dec1), (enc2, dec2)])
    with pytest.raises(ValueError):  # a decoder that does not mirror its encoder
        ae.stack_autoencoders([(enc1, dec2)])


def test_encoder_classifier_fine_tunes_a_copy_of_the_encoder():
    encoder, _, _ = ae.stacked_autoencoder(16, (8, 4), name="c")
    before = [w.copy() for w in encoder.get_weights()]
    clf = ae.encoder_classifier(encoder, n_classes=3)
    copy = clf.layers[0]
    assert copy is not encoder and clf.output_shape == (None, 3)
    x = np.random.default_rng(2).random((32, 16)).astype("float32")
    np.testing.assert_allclose(copy(x), encoder(x), rtol=1e-5, atol=1e-6)  # starts from the trained weights
    np.testing.assert_allclose(np.asarray(clf(x)).sum(axis=1), 1, rtol=1e-5)
    assert len(clf.trainable_weights) == 4 + 2  # the encoder is fine-tuned with the softmax layer
    clf.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy")
    clf.fit(x, np.arange(32) % 3, epochs=2, verbose=0)
    assert not all(np.allclose(a, b) for a, b in zip(before, copy.get_weights()))
    for kept, now in zip(before, encoder.get_weights()):  # the original keeps its weights
        np.testing.assert_array_equal(kept, now)


def test_builders_reject_bad_arguments():
    with pytest.raises(ValueError, match=r"codings\[1\] must be an int >= 1"):
        ae.stacked_autoencoder(codings=(100, 0))
    with pytest.raises(TypeError, match=r"codings\[1\] must be an int"):
        ae.stacked_autoencoder(codings=(100, 2.5))
    with pytest.raises(ValueError, match="at least one size"):
        ae.stacked_autoencoder(codings=())
    with pytest.raises(TypeError, match="input_dim must be an int"):
        ae.stacked_autoencoder(input_dim="784")
    with pytest.raises(TypeError, match="input_dim must be an int"):
        ae.stacked_encoder(input_dim=True)
    with pytest.raises(ValueError, match="output_dim must be an int >= 1"):
        ae.stacked_decoder(output_dim=0)
    encoder = ae.stacked_encoder(8, (4,))
    with pytest.raises(ValueError, match="n_classes must be an int >= 2"):
        ae.encoder_classifier(encoder, n_classes=1)
    with pytest.raises(TypeError, match="n_classes must be an int"):
        ae.encoder_classifier(encoder, n_classes=3.0)
    assert ae.stacked_encoder(np.int64(8), (np.int64(4),)).output_shape == (None, 4)  # numpy ints are fine


def test_autoencoder_learns_to_reconstruct_a_low_rank_signal():
    rng = np.random.default_rng(3)
    keras.utils.set_random_seed(3)
    x = (rng.random((512, 2)) @ rng.random((2, 16)) / 2).astype("float32")  # values in [0, 1]
    _, _, model = ae.stacked_autoencoder(16, (8, 2), code_activation="linear")
    model.compile(keras.optimizers.Adam(1e-2), "mse")
    history = model.fit(x, x, epochs=30, batch_size=64, verbose=0)
    assert history.history["loss"][-1] < 0.2 * history.history["loss"][0]


def test_plot_image_rows_and_latent_space():
    runtime.use_korean_font()
    rng = np.random.default_rng(4)
    rows = {"원본": rng.random((6, 784)), "복원": rng.random((6, 28, 28))}
    fig = ae.plot_image_rows(rows, n=4)
    assert len(fig.axes) == 8 and fig.axes[0].get_ylabel() == "원본"
    fig = ae.plot_latent_space({"AE": rng.normal(size=(30, 2)), "PCA": rng.normal(size=(30, 2))},
                               np.arange(30) % 3, class_names=["a", "b", "c"])
    assert len(fig.axes) == 2 and fig.axes[1].get_title() == "PCA"
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        ae.plot_latent_space({"AE": rng.normal(size=(30, 3))}, np.arange(30) % 3)
    with pytest.raises(ValueError, match="labels"):
        ae.plot_latent_space({"AE": rng.normal(size=(30, 2))}, np.arange(20) % 3)
    with pytest.raises(ValueError, match="image_shape"):
        ae.plot_image_rows({"x": rng.random((3, 100))})


def test_reconstruction_bce_matches_keras_and_the_check():
    rng = np.random.default_rng(5)
    x, x_hat = rng.random((4, 20)), rng.random((4, 20))
    ours = solutions.reconstruction_bce(x, x_hat)
    assert ours.shape == (4,)
    keras_bce = keras.losses.binary_crossentropy(x.astype("float32"), x_hat.astype("float32"))
    np.testing.assert_allclose(ours, keras_bce, rtol=1e-4)
    assert np.isfinite(solutions.reconstruction_bce([[0.0, 1.0]], [[0.0, 1.0]])).all()
