import keras
import numpy as np
import pytest
from scipy import stats

from dlcourse import quiz, solutions
from dlcourse import vae_diffusion as vd


def as_numpy(x):
    return keras.ops.convert_to_numpy(x)


# ---- VAE ----

def test_kl_is_zero_for_the_prior_and_matches_the_formula_and_monte_carlo():
    assert np.allclose(as_numpy(vd.kl_to_standard_normal(np.zeros((3, 4)), np.zeros((3, 4)))), 0.0)
    # one dimension, mean 1, variance 1: 0.5 * (1 + 1 - 0 - 1) = 0.5
    assert as_numpy(vd.kl_to_standard_normal(np.array([[1.0]]), np.array([[0.0]])))[0] == pytest.approx(0.5)
    mean, log_var = np.array([[1.0, -0.5]]), np.array([[0.5, -1.0]])
    z = mean + np.exp(0.5 * log_var) * np.random.default_rng(0).standard_normal((400_000, 2))
    log_ratio = (-0.5 * np.sum((z - mean) ** 2 / np.exp(log_var) + log_var, axis=1)
                 + 0.5 * np.sum(z**2, axis=1))                          # log q(z) - log p(z)
    standard_error = log_ratio.std() / np.sqrt(len(z))
    kl = float(as_numpy(vd.kl_to_standard_normal(mean, log_var))[0])
    assert abs(kl - log_ratio.mean()) < 6 * standard_error


def test_vae_losses_sum_the_pixel_bce_and_add_nothing_else():
    x = np.array([[0.0, 1.0, 0.5]], dtype="float32")
    logits = np.array([[0.0, 2.0, -1.0]], dtype="float32")
    p = 1 / (1 + np.exp(-logits))
    expected = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p))
    recon, kl = vd.vae_losses(x, logits, np.zeros((1, 2)), np.zeros((1, 2)))
    assert as_numpy(recon)[0] == pytest.approx(expected, rel=1e-5)
    assert as_numpy(kl)[0] == pytest.approx(0.0, abs=1e-7)


def test_reparameterize_has_the_right_moments_and_gradient_one_in_the_mean():
    mean = np.full((200_000, 1), 2.0, dtype="float32")
    log_var = np.full((200_000, 1), np.log(0.25), dtype="float32")
    z = as_numpy(vd.reparameterize(mean, log_var, seed=0))
    assert abs(z.mean() - 2.0) < 6 * 0.5 / np.sqrt(len(z))
    assert z.std() == pytest.approx(0.5, rel=0.01)


def tiny_vae(beta=1.0):
    keras.utils.set_random_seed(0)
    return vd.VAE(*vd.vae_parts(2, hidden=32, name="tiny"), beta=beta, seed=0)


def test_vae_learns_two_prototypes_and_samples_images():
    rng = np.random.default_rng(0)
    protos = (rng.random((2, 784)) < 0.3).astype("float32")
    x = np.clip(protos[rng.integers(0, 2, 400)] + rng.normal(0, 0.05, (400, 784)), 0, 1).astype("float32")
    model = tiny_vae()
    model.compile(optimizer=keras.optimizers.Adam(3e-3))
    history = model.fit(x, batch_size=50, epochs=15, verbose=0).history
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert set(history) >= {"loss", "reconstruction", "kl"}
    images = model.sample(7, seed=1)
    assert images.shape == (7, 784) and images.min() >= 0 and images.max() <= 1
    recon, mean = model.reconstruct(x[:5])
    assert recon.shape == (5, 784) and mean.shape == (5, 2)
    assert model.encode(x[:5], seed=0).shape == (5, 2)


def test_vae_rejects_bad_arguments():
    with pytest.raises(ValueError, match="beta"):
        tiny_vae(beta=-1.0)
    with pytest.raises(TypeError, match="beta"):
        tiny_vae(beta="big")
    with pytest.raises(ValueError, match="latent_dim"):
        vd.vae_parts(0)
    with pytest.raises(TypeError, match="n"):
        tiny_vae().sample(2.5)


# ---- noise schedule and forward process ----

def test_linear_betas_stretch_the_ddpm_schedule():
    betas = vd.linear_betas(1000)
    assert betas[0] == pytest.approx(1e-4) and betas[-1] == pytest.approx(0.02)
    betas = vd.linear_betas(100)
    assert betas.shape == (100,) and betas[0] == pytest.approx(1e-3) and betas[-1] == pytest.approx(0.2)
    assert np.all(np.diff(betas) > 0)
    abar = vd.alpha_bars(betas)
    assert np.allclose(abar, np.cumprod(1 - betas))
    assert np.all(np.diff(abar) < 0) and abar[-1] < 1e-4      # the signal is gone at t = T


def test_schedule_arguments_are_checked():
    with pytest.raises(ValueError, match="T"):
        vd.linear_betas(1)
    with pytest.raises(TypeError, match="T"):
        vd.linear_betas(100.0)
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        vd.linear_betas(10)                  # 0.02 * 100 = 2: no longer a variance share
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        vd.alpha_bars([0.5, 1.2])
    with pytest.raises(TypeError, match="betas"):
        vd.alpha_bars("abc")
    with pytest.raises(ValueError, match="1-D"):
        vd.alpha_bars([[0.1, 0.2]])


def sequential_and_closed(t, n=200_000, seed=0):
    betas = vd.linear_betas(100)
    x0 = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    rng = np.random.default_rng(seed)
    x = np.repeat(x0[None], n, axis=0)
    for k in range(t):
        x = as_numpy(vd.noise_step(x, betas[k], rng.standard_normal(x.shape)))
    abar = vd.alpha_bars(betas)[t - 1]
    closed = as_numpy(vd.q_sample(np.repeat(x0[None], n, axis=0), abar, rng.standard_normal(x.shape)))
    return x0, abar, x, closed


@pytest.mark.parametrize("t", [1, 10, 50])
def test_closed_form_equals_t_sequential_noising_steps_in_distribution(t):
    x0, abar, sequential, closed = sequential_and_closed(t)
    n = len(closed)
    sd = np.sqrt(1 - abar)
    # Both sides are compared with the theory N(sqrt(abar) x0, (1 - abar) I). Tolerances are six
    # standard errors (a chance of about 2e-9 each), and the draws are seeded, so the test cannot flake.
    for sample in (sequential, closed):
        assert np.all(np.abs(sample.mean(axis=0) - np.sqrt(abar) * x0) < 6 * sd / np.sqrt(n))
        assert np.all(np.abs(sample.var(axis=0) - sd**2) < 6 * sd**2 * np.sqrt(2 / n))
    # Same shape too: two-sample Kolmogorov-Smirnov statistic below its 1e-6 critical value.
    for j in range(len(x0)):
        assert stats.ks_2samp(sequential[:, j], closed[:, j]).statistic < 2.76 * np.sqrt(2 / n)


def test_closed_form_without_noise_is_the_product_of_the_step_factors():
    betas = vd.linear_betas(100)
    x = np.array([0.7, -0.3])
    for k in range(30):
        x = as_numpy(vd.noise_step(x, betas[k], np.zeros(2)))
    assert np.allclose(x, as_numpy(vd.q_sample(np.array([0.7, -0.3]), vd.alpha_bars(betas)[29], np.zeros(2))))


# ---- the denoising model ----

def test_time_embedding_is_sine_and_cosine_of_the_step():
    emb = as_numpy(vd.TimeEmbedding(8)(np.array([0, 3], dtype="int32")))
    assert emb.shape == (2, 8)
    assert np.allclose(emb[0, :4], 0.0) and np.allclose(emb[0, 4:], 1.0)
    assert emb[1, 0] == pytest.approx(np.sin(3.0), rel=1e-5)


def test_ddpm_step_removes_the_predicted_noise_and_adds_none_at_the_last_step():
    betas = vd.linear_betas(100)
    abar = vd.alpha_bars(betas)
    x_t, eps = np.array([0.5, -1.0]), np.array([0.2, 0.4])
    mean = (x_t - betas[0] / np.sqrt(1 - abar[0]) * eps) / np.sqrt(1 - betas[0])
    assert np.allclose(vd.ddpm_step(x_t, eps, 0, betas, abar, np.ones(2)), mean)      # k = 0: no noise
    moved = vd.ddpm_step(x_t, eps, 5, betas, abar, np.ones(2)) - vd.ddpm_step(x_t, eps, 5, betas, abar, np.zeros(2))
    assert np.allclose(moved, np.sqrt(betas[5] * (1 - abar[4]) / (1 - abar[5])))


def test_diffusion_learns_a_2d_gaussian_blob_and_samples_it():
    keras.utils.set_random_seed(0)
    data = (np.random.default_rng(0).normal(size=(2000, 2)) * 0.3 + [2.0, -1.0]).astype("float32")
    model = vd.Diffusion(vd.noise_predictor(2, hidden=64, depth=2, max_period=50), vd.linear_betas(50), seed=0)
    model.compile(optimizer=keras.optimizers.Adam(3e-3))
    history = model.fit(data, batch_size=128, epochs=15, verbose=0).history
    assert history["loss"][-1] < history["loss"][0]
    samples, kept = model.sample(500, seed=1, keep=(25, 0))
    assert samples.shape == (500, 2) and set(kept) == {50, 25, 0}
    assert vd.energy_distance(samples, data[:500]) < 0.2 * vd.energy_distance(kept[50], data[:500])


def test_energy_distance():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(400, 2))
    assert vd.energy_distance(a, a) == pytest.approx(0.0, abs=1e-12)
    same = vd.energy_distance(a, rng.normal(size=(400, 2)))
    shifted = vd.energy_distance(a, rng.normal(size=(400, 2)) + 1.0)
    assert shifted > 10 * same
    with pytest.raises(ValueError, match="same d"):
        vd.energy_distance(a, a[:, :1])


def test_figures_draw_and_reject_bad_input():
    kept = {10: np.zeros((3, 784)), 0: np.ones((3, 784))}
    assert len(vd.plot_trajectory(kept, n=2).axes) == 4
    assert vd.plot_steps_2d({5: np.zeros((10, 2)), 0: np.ones((10, 2))}, np.zeros((10, 2))) is not None
    with pytest.raises(ValueError, match="kept"):
        vd.plot_trajectory({})
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        vd.plot_steps_2d({0: np.zeros((3, 2))}, np.zeros((3, 3)))


# ---- exercises: the reference answers pass, nothing a student writes makes a checker raise ----

def test_reference_answers_pass_their_checkers():
    assert quiz.check_cosine_alpha_bars(solutions.cosine_alpha_bars)
    assert quiz.check_ddim_step(solutions.ddim_step)
    abar = solutions.cosine_alpha_bars(1000)
    assert abar[0] == pytest.approx(1.0, abs=1e-3) and abar[-1] < 1e-6 and np.all(np.diff(abar) < 0)


def raises(*args):
    raise ValueError("student bug")


def not_implemented(*args):
    raise NotImplementedError


BAD_ANSWERS = [None, 42, "function", not_implemented, raises, lambda *a: None, lambda *a: "text",
               lambda *a: {"x": 1}, lambda *a: [[1.0, 2.0], [3.0]], lambda *a: np.full(3, np.nan),
               lambda *a: np.zeros((2, 2, 2)), lambda *a: (x for x in range(3)), lambda *a: 0.5,
               lambda *a: np.array(["a", "b"])]


@pytest.mark.parametrize("checker", [quiz.check_cosine_alpha_bars, quiz.check_ddim_step])
@pytest.mark.parametrize("answer", BAD_ANSWERS)
def test_checkers_never_raise_on_bad_answers(checker, answer, capsys):
    verdict = checker(answer)
    assert not verdict
    assert capsys.readouterr().out.strip()            # Korean feedback was printed


def test_nearly_right_answers_are_told_apart():
    def linear_instead(T, s=0.008):          # forgets to divide by f(0)
        return np.cos((np.arange(1, T + 1) / T + s) / (1 + s) * np.pi / 2) ** 2

    assert not quiz.check_cosine_alpha_bars(linear_instead)
    assert not quiz.check_ddim_step(lambda x, e, a, b: np.sqrt(b) * (x - np.sqrt(1 - a) * e) / np.sqrt(a))


@pytest.mark.parametrize("samples", [None, "abc", np.zeros((10, 2)), np.zeros((1000, 3)),
                                     np.full((1000, 2), np.nan), [[1, 2], [3]], {"a": 1}])
def test_challenge_checker_never_raises(samples, capsys):
    assert not quiz.check_fast_sampling_challenge(lambda n: samples, lecture_distance="n/a")
    assert not quiz.check_fast_sampling_challenge(samples)
    assert capsys.readouterr().out.strip()


def test_challenge_checker_reports_the_students_and_the_lectures_distance(capsys):
    moons = quiz._l13_moons(1000)
    rng = np.random.default_rng(1)
    assert quiz.check_fast_sampling_challenge(lambda n: moons[:n] + rng.normal(0, 0.01, (n, 2)),
                                              lecture_distance=0.0123)
    out = capsys.readouterr().out
    assert "0.0123" in out and "잡음" in out
    assert not quiz.check_fast_sampling_challenge(lambda n: rng.normal(size=(n, 2)))
    assert not quiz.check_fast_sampling_challenge(not_implemented)
    assert "아직 구현하지" in capsys.readouterr().out
