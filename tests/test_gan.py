import keras
import numpy as np
import pytest

from dlcourse import gan, solutions

LATENT = 4


def tiny_gan(d_learning_rate=1e-2, g_learning_rate=1e-2, d_initializer="glorot_uniform", **kwargs):
    generator = keras.Sequential([keras.Input((LATENT,)), keras.layers.Dense(16, activation="tanh")])
    discriminator = keras.Sequential([keras.Input((16,)), keras.layers.Dense(1, kernel_initializer=d_initializer)])
    model = gan.GAN(generator, discriminator, LATENT, **kwargs)
    model.compile(keras.optimizers.Adam(d_learning_rate), keras.optimizers.Adam(g_learning_rate))
    return model


def test_frechet_distance_is_zero_for_identical_sets_and_grows_with_a_shift():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(500, 3))
    assert gan.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    d1 = gan.frechet_distance(a, a + 1.0)
    d2 = gan.frechet_distance(a, a + 2.0)
    assert d1 == pytest.approx(3.0, rel=1e-6)  # |shift|^2 summed over 3 dimensions
    assert d2 > d1 > 0


def test_frechet_distance_matches_the_closed_form_for_scaled_gaussians():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(20000, 2))
    # b = 2a: C_b = 4 C_a, so tr(C_a + 4 C_a - 2 * 2 C_a) = tr(C_a), plus |mu_a|^2 from the means
    expected = np.trace(np.cov(a, rowvar=False)) + np.sum(a.mean(axis=0) ** 2)
    assert gan.frechet_distance(a, 2 * a) == pytest.approx(expected, rel=1e-6)
    assert expected == pytest.approx(2.0, rel=0.05)  # N(0, I) vs N(0, 4I): 1 per dimension
    with pytest.raises(ValueError, match="same d"):
        gan.frechet_distance(a, a[:, :1])


def test_class_shares_and_classes_covered():
    classifier = keras.Sequential([keras.Input((3,)), keras.layers.Activation("softmax")])
    images = np.array([[5, 0, 0], [0, 5, 0], [6, 0, 0], [7, 0, 0]], dtype="float32")
    shares = gan.class_shares(classifier, images, n_classes=3)
    np.testing.assert_allclose(shares, [0.75, 0.25, 0.0])
    assert gan.classes_covered(shares) == 2
    assert gan.classes_covered(shares, min_share=0.5) == 1
    with pytest.raises(ValueError, match="\\(n, 10\\)"):
        gan.class_shares(classifier, images)
    with pytest.raises(ValueError, match="sums to 1"):
        gan.classes_covered([0.5, 0.2])


def test_one_train_step_changes_both_players_and_returns_both_losses():
    model = tiny_gan()
    g_before = [w.copy() for w in model.generator.get_weights()]
    d_before = [w.copy() for w in model.discriminator.get_weights()]
    real = np.random.default_rng(0).uniform(-1, 1, size=(16, 16)).astype("float32")
    history = model.fit(real, batch_size=16, epochs=1, verbose=0)
    assert {"d_loss", "g_loss", "d_real", "d_fake"} <= set(history.history)
    assert all(np.isfinite(v[0]) for v in history.history.values())
    assert any(not np.allclose(a, b) for a, b in zip(g_before, model.generator.get_weights()))
    assert any(not np.allclose(a, b) for a, b in zip(d_before, model.discriminator.get_weights()))


def test_discriminator_learns_to_tell_real_from_fake_with_a_fixed_generator():
    model = tiny_gan(generator_loss="minimax", g_learning_rate=0.0)
    g_before = [w.copy() for w in model.generator.get_weights()]
    real = np.full((256, 16), 0.9, dtype="float32")
    history = model.fit(real, batch_size=32, epochs=5, verbose=0)
    assert history.history["d_loss"][-1] < history.history["d_loss"][0]
    assert history.history["d_real"][-1] > history.history["d_fake"][-1]
    assert all(np.array_equal(a, b) for a, b in zip(g_before, model.generator.get_weights()))


@pytest.mark.parametrize(("generator_loss", "expected_g_loss"), [("non_saturating", np.log(2)),
                                                                  ("minimax", -np.log(2))])
def test_losses_are_the_cross_entropies_of_the_logits(generator_loss, expected_g_loss):
    # a fixed discriminator with zero weights outputs the logit 0, i.e. D = 1/2 for every image
    model = tiny_gan(generator_loss=generator_loss, d_initializer="zeros", d_learning_rate=0.0)
    real = np.zeros((8, 16), dtype="float32")
    logs = model.fit(real, batch_size=8, epochs=1, verbose=0).history
    assert logs["d_loss"][0] == pytest.approx(2 * np.log(2), rel=1e-5)  # -log 1/2 - log(1 - 1/2)
    assert logs["g_loss"][0] == pytest.approx(expected_g_loss, rel=1e-5)
    assert logs["d_real"][0] == pytest.approx(0.5) and logs["d_fake"][0] == pytest.approx(0.5)


def test_bce_from_logits_is_finite_where_the_probability_rounds_to_zero():
    logits = np.array([[-120.0], [0.0], [30.0]], dtype="float32")
    ones = np.ones_like(logits)
    assert float(gan.bce_from_logits(ones, logits)) == pytest.approx((120 + np.log(2) + 0.0) / 3, rel=1e-5)
    assert float(gan.bce_from_logits(ones * 0, logits)) == pytest.approx((0 + np.log(2) + 30) / 3, rel=1e-5)


def test_sample_shapes_ranges_and_the_sample_grid_callback():
    model = tiny_gan()
    samples = model.sample(5, seed=0)
    assert samples.shape == (5, 16) and np.all(np.abs(samples) <= 1)
    np.testing.assert_array_equal(samples, model.sample(5, seed=0))
    grid = gan.SampleGrid(LATENT, n=3, every=2)
    real = np.zeros((32, 16), dtype="float32")
    model.fit(real, batch_size=16, epochs=4, verbose=0, callbacks=[grid])
    assert sorted(grid.snapshots) == [2, 4]
    assert grid.snapshots[4].shape == (3, 4, 4) and grid.snapshots[4].dtype == np.uint8
    fig = grid.plot()
    assert len(fig.axes) == 2 * 3


def test_image_range_conversions_round_trip():
    images = np.array([[0, 128, 255]], dtype=np.uint8)
    scaled = gan.to_tanh_range(images)
    assert scaled.min() == -1 and scaled.max() == 1
    np.testing.assert_array_equal(gan.to_uint8(scaled), images)
    with pytest.raises(ValueError, match="uint8"):
        gan.to_tanh_range(images.astype(float))


def test_bad_arguments_are_rejected():
    generator = keras.Sequential([keras.Input((LATENT,)), keras.layers.Dense(8)])
    discriminator = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="latent_dim"):
        gan.GAN(generator, discriminator, 0)
    with pytest.raises(TypeError, match="latent_dim"):
        gan.GAN(generator, discriminator, 4.0)
    with pytest.raises(TypeError, match="generator_steps"):
        gan.GAN(generator, discriminator, LATENT, generator_steps=True)
    with pytest.raises(ValueError, match="generator_steps"):
        gan.GAN(generator, discriminator, LATENT, generator_steps=0)
    with pytest.raises(TypeError, match="n must be an int"):
        gan.GAN(generator, discriminator, LATENT).sample(2.0)
    with pytest.raises(ValueError, match="every"):
        gan.SampleGrid(LATENT, every=0)
    with pytest.raises(TypeError, match="min_share"):
        gan.classes_covered([1.0], min_share="1%")
    assert gan.GAN(generator, discriminator, np.int64(LATENT)).latent_dim == LATENT
    with pytest.raises(ValueError, match="generator_loss"):
        gan.GAN(generator, discriminator, LATENT, generator_loss="wasserstein")
    model = gan.GAN(generator, discriminator, LATENT)
    optimizer = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="two separate optimizers"):
        model.compile(optimizer, optimizer)


def test_discriminator_loss_reference_is_the_bce_of_both_halves():
    assert solutions.discriminator_loss([0.5], [0.5]) == pytest.approx(2 * np.log(2))
