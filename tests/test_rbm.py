import itertools
import random

import numpy as np
import pytest
import tensorflow as tf

from dlcourse import quiz, solutions
from dlcourse.rbm import RBM, dbn_classifier, pretrain_dbn


def tiny_rbm(n_visible=3, n_hidden=2, seed=1):
    rbm = RBM(n_visible, n_hidden, seed=seed)
    rng = np.random.default_rng(seed)
    rbm.W.assign(rng.normal(0, 1.0, (n_visible, n_hidden)).astype("float32"))
    rbm.b.assign(rng.normal(0, 1.0, n_visible).astype("float32"))
    rbm.c.assign(rng.normal(0, 1.0, n_hidden).astype("float32"))
    return rbm


def all_states(n):
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype="float32")


def toy_patterns(n=200, seed=0):
    """Two prototype 12-pixel patterns with a little flip noise."""
    rng = np.random.default_rng(seed)
    protos = np.array([[1] * 6 + [0] * 6, [0] * 6 + [1] * 6], dtype="float32")
    x = protos[rng.integers(0, 2, n)]
    flips = rng.random(x.shape) < 0.05
    return np.abs(x - flips).astype("float32")


def test_shapes():
    rbm = RBM(12, 5, seed=0)
    x = toy_patterns(30)
    assert rbm.hidden_probs(x).shape == (30, 5)
    assert rbm.visible_probs(np.zeros((30, 5), "float32")).shape == (30, 12)
    assert rbm.transform(x).shape == (30, 5)
    assert rbm.reconstruct(x).shape == (30, 12)
    assert rbm.free_energy(x).shape == (30,)
    assert rbm.energy(x, np.ones((30, 5))).shape == (30,)
    v, p = rbm.gibbs(x, steps=3)
    assert v.shape == p.shape == (30, 12) and set(np.unique(v)) <= {0.0, 1.0}
    assert rbm.sample(4, steps=5).shape == (4, 12)
    assert np.isfinite(rbm.pseudo_likelihood(x))


def test_free_energy_matches_direct_sum_over_hidden_states():
    rbm = tiny_rbm(4, 3)
    vs, hs = all_states(4), all_states(3)
    for v in vs:
        energies = rbm.energy(np.repeat(v[None], len(hs), 0), hs).numpy()
        direct = -np.log(np.sum(np.exp(-energies.astype("float64"))))
        assert rbm.free_energy(v[None]).numpy()[0] == pytest.approx(direct, abs=1e-4)


def test_energy_formula():
    rbm = tiny_rbm(3, 2)
    v, h = np.array([[1, 0, 1]], "float32"), np.array([[0, 1]], "float32")
    W, b, c = rbm.W.numpy(), rbm.b.numpy(), rbm.c.numpy()
    expected = -(v @ b) - (h @ c) - (v @ W @ h.T).ravel()
    assert rbm.energy(v, h).numpy() == pytest.approx(expected, abs=1e-5)


def test_conditionals_match_brute_force_enumeration():
    rbm = tiny_rbm(3, 2)
    vs, hs = all_states(3), all_states(2)
    pairs_v = np.repeat(vs, len(hs), axis=0)
    pairs_h = np.tile(hs, (len(vs), 1))
    joint = np.exp(-rbm.energy(pairs_v, pairs_h).numpy().astype("float64")).reshape(len(vs), len(hs))
    joint /= joint.sum()
    # p(h_j = 1 | v) by summing the joint table
    p_h = (joint / joint.sum(1, keepdims=True)) @ hs
    np.testing.assert_allclose(rbm.hidden_probs(vs).numpy(), p_h, atol=1e-5)
    # p(v_i = 1 | h)
    p_v = (joint / joint.sum(0, keepdims=True)).T @ vs
    np.testing.assert_allclose(rbm.visible_probs(hs).numpy(), p_v, atol=1e-5)
    # and the marginal p(v) is proportional to exp(-F(v))
    p_free = np.exp(-rbm.free_energy(vs).numpy().astype("float64"))
    np.testing.assert_allclose(p_free / p_free.sum(), joint.sum(1), atol=1e-5)


def test_pseudo_likelihood_matches_the_marginal_by_enumeration():
    rbm = tiny_rbm(4, 3)
    vs = all_states(4)
    p = np.exp(-rbm.free_energy(vs).numpy().astype("float64"))   # unnormalised p(v)
    index = {tuple(v): k for k, v in enumerate(vs)}
    expected = []
    for v in vs:
        total = 0.0
        for i in range(4):
            flipped = v.copy()
            flipped[i] = 1 - flipped[i]
            total += np.log(p[index[tuple(v)]] / (p[index[tuple(v)]] + p[index[tuple(flipped)]]))
        expected.append(total)
    assert rbm.pseudo_likelihood(vs) == pytest.approx(np.mean(expected), abs=1e-4)


@pytest.mark.parametrize("persistent", [False, True])
def test_one_cd_step_lowers_reconstruction_error(persistent):
    x = toy_patterns()
    rbm = RBM(12, 4, learning_rate=0.5, momentum=0.0, batch_size=200, persistent=persistent, seed=0)
    before = rbm.reconstruction_error(x)
    rbm.partial_fit(x)
    assert rbm.reconstruction_error(x) < before


def test_fit_learns_the_toy_patterns():
    x = toy_patterns()
    rbm = RBM(12, 4, learning_rate=0.1, k=2, batch_size=20, seed=0)
    history = rbm.fit(x, epochs=20, validation_data=x[:50])
    errors = history["reconstruction_error"]
    assert len(errors) == 20 and len(history["val_reconstruction_error"]) == 20
    assert errors[-1] < 0.5 * errors[0]
    assert rbm.pseudo_likelihood(x) > RBM(12, 4).pseudo_likelihood(x)


def test_persistent_chains_sample_the_patterns():
    x = toy_patterns()
    rbm = RBM(12, 4, learning_rate=0.1, persistent=True, batch_size=20, seed=0)
    rbm.fit(x, epochs=30)
    samples = rbm.sample(20, steps=50) > 0.5
    halves = np.stack([samples[:, :6].mean(1), samples[:, 6:].mean(1)], 1)
    # a sample looks like one of the two prototypes: one half on, the other off
    assert np.mean(np.abs(halves[:, 0] - halves[:, 1]) > 0.6) > 0.8


def test_bad_input_is_a_clear_error():
    rbm = RBM(12, 4)
    with pytest.raises(ValueError, match="shape"):
        rbm.transform(np.zeros((3, 5)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        rbm.transform(np.full((3, 12), 255.0))
    with pytest.raises(ValueError, match="n_hidden"):
        RBM(12, 0)
    with pytest.raises(ValueError, match="momentum"):
        RBM(12, 4, momentum=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        RBM(12, 4, learning_rate=0)
    with pytest.raises(ValueError, match="epochs"):
        rbm.fit(np.zeros((3, 12)), epochs=0)


@pytest.mark.parametrize("make", [
    lambda: RBM(12.0, 4),
    lambda: RBM(12, 4, k=True),
    lambda: RBM(12, 4, batch_size="32"),
    lambda: RBM(12, 4, learning_rate="0.1"),
    lambda: RBM(12, 4).fit(np.zeros((3, 12)), epochs=1.5),
    lambda: RBM(12, 4).gibbs(np.zeros((3, 12)), steps=2.0),
    lambda: dbn_classifier(12, [6, 3.0], 2),
])
def test_wrong_types_are_type_errors(make):
    with pytest.raises(TypeError):
        make()


def test_numpy_ints_are_accepted():
    rbm = RBM(np.int64(12), np.int64(4), k=np.int64(2), batch_size=np.int64(10))
    assert rbm.transform(toy_patterns(5)).shape == (5, 4)


def test_constructors_leave_the_global_random_state_alone():
    def reseed():
        random.seed(0)
        np.random.seed(0)
        tf.random.get_global_generator().reset_from_seed(0)

    def draws():
        return random.random(), np.random.random(), float(tf.random.get_global_generator().uniform([]))

    reseed()
    expected = draws()
    reseed()
    RBM(12, 4, seed=3).fit(toy_patterns(40), epochs=1)
    dbn_classifier(12, [6, 3], 2, seed=3)
    assert draws() == expected


def test_same_seed_same_rbm_and_classifier():
    x = toy_patterns(60)
    a, b = RBM(12, 4, k=2, seed=5), RBM(12, 4, k=2, seed=5)
    a.fit(x, epochs=3)
    b.fit(x, epochs=3)
    np.testing.assert_array_equal(a.W.numpy(), b.W.numpy())
    np.testing.assert_array_equal(a.sample(3, steps=4), b.sample(3, steps=4))
    assert not np.array_equal(RBM(12, 4, seed=6).W.numpy(), RBM(12, 4, seed=5).W.numpy())
    first, second = dbn_classifier(12, [6, 3], 2, seed=1), dbn_classifier(12, [6, 3], 2, seed=1)
    for w1, w2 in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(w1, w2)


def test_dbn_classifier_unrolls_the_stack():
    x = toy_patterns(50)
    r1, r2 = RBM(12, 6, seed=0), RBM(6, 3, seed=1)
    r1.fit(x, epochs=2)
    r2.fit(r1.transform(x), epochs=2)
    model = dbn_classifier(12, [6, 3], 2, rbms=[r1, r2])
    assert model.output_shape == (None, 2)
    import keras

    top = keras.Model(model.inputs, model.get_layer("hidden2").output)
    np.testing.assert_allclose(top.predict(x, verbose=0), r2.transform(r1.transform(x)), atol=1e-5)
    with pytest.raises(ValueError, match="sizes"):
        dbn_classifier(12, [5, 3], 2, rbms=[r1, r2])
    with pytest.raises(ValueError, match="sizes"):
        dbn_classifier(12, [6, 3, 2], 2, rbms=[r1, r2])


def test_pretrain_dbn_stacks_greedily_on_top_of_given_layers():
    x = toy_patterns()
    bottom = RBM(12, 6, learning_rate=0.1, batch_size=20, seed=0)
    bottom.fit(x, epochs=10)
    rbms, histories = pretrain_dbn(x, [6, 4, 3], epochs=10, rbms=[bottom], learning_rate=0.1, batch_size=20)
    assert rbms[0] is bottom and [(r.n_visible, r.n_hidden) for r in rbms] == [(12, 6), (6, 4), (4, 3)]
    assert len(histories) == 2 and all(len(h) == 10 for h in histories)
    assert rbms[1].batch_size == 20 and rbms[1].seed == 1 and rbms[2].seed == 2
    # each new layer learned from the features of the layer below: its error fell
    assert all(h[-1] < h[0] for h in histories)
    model = dbn_classifier(12, [6, 4, 3], 2, rbms=rbms)
    assert model.predict(x[:4], verbose=0).shape == (4, 2)
    with pytest.raises(ValueError, match="sizes"):
        pretrain_dbn(x, [5, 3], epochs=1, rbms=[bottom])
    with pytest.raises(TypeError):
        pretrain_dbn(x, [6, 2.5], epochs=1)


def test_check_cd1_update_accepts_reference_and_rejects_wrong():
    assert quiz.check_cd1_update(solutions.cd1_update)

    def no_negative_phase(v0, W, b, c):
        h0 = 1 / (1 + np.exp(-(v0 @ W + c)))
        return v0.T @ h0 / len(v0), v0.mean(0), h0.mean(0)

    assert not quiz.check_cd1_update(no_negative_phase)
