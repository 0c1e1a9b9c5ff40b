"""dlcourse.rl: the package copy of lecture 10's saved cells (replay buffer, ε schedule, TD target,
DQN agent and trainer, evaluation) and the lecture's figures."""

import random

import gymnasium as gym
import keras
import numpy as np
import pytest

from dlcourse import rl, runtime, solutions


def cartpole():
    return gym.make("CartPole-v1")


def test_replay_buffer_stores_and_overwrites_the_oldest():
    buf = rl.ReplayBuffer(capacity=3, obs_dim=2, seed=0)
    for i in range(5):
        buf.add([i, i], i % 2, float(i), [i + 1, i + 1], i == 4)
    assert len(buf) == 3
    assert sorted(buf.rewards.tolist()) == [2.0, 3.0, 4.0]  # 0 and 1 were overwritten
    assert {k: v.shape for k, v in buf.sample(3).items()} == {
        "obs": (3, 2), "actions": (3,), "rewards": (3,), "next_obs": (3, 2), "terminated": (3,)}
    batch = {k: v.reshape(60, *v.shape[2:]) for k, v in buf.sample(3, n_batches=20).items()}
    assert set(batch["rewards"].tolist()) == {2.0, 3.0, 4.0}  # uniform over what is stored
    # each row is one stored transition: its parts stay together
    assert np.all(batch["obs"][:, 0] == batch["rewards"]) and np.all(batch["next_obs"][:, 0] == batch["rewards"] + 1)
    assert np.all(batch["terminated"] == (batch["rewards"] == 4.0))
    many = buf.sample(2, n_batches=4)
    assert many["obs"].shape == (4, 2, 2) and many["actions"].shape == (4, 2)


def test_replay_buffer_rejects_bad_input():
    with pytest.raises(ValueError, match="capacity"):
        rl.ReplayBuffer(0, 4)
    with pytest.raises(TypeError, match="capacity"):
        rl.ReplayBuffer(10.0, 4)
    with pytest.raises(TypeError, match="obs_dim"):
        rl.ReplayBuffer(10, True)
    buf = rl.ReplayBuffer(np.int64(10), 4)  # NumPy ints are ints
    with pytest.raises(ValueError, match="fewer than batch_size"):
        buf.sample(2)
    buf.add(np.zeros(4), 0, 1.0, np.zeros(4), False)
    with pytest.raises(ValueError, match="n_batches"):
        buf.sample(1, n_batches=0)
    with pytest.raises(TypeError, match="batch_size"):
        buf.sample(1.0)


def test_linear_epsilon():
    assert rl.linear_epsilon(0) == 1.0
    assert np.isclose(rl.linear_epsilon(500, 1.0, 0.1, 1000), 0.55)
    assert np.isclose(rl.linear_epsilon(10**6, 1.0, 0.1, 1000), 0.1)
    assert np.isclose(rl.linear_epsilon(np.int64(250), 1.0, 0.0, 1000), 0.75)
    with pytest.raises(ValueError, match="end <= start"):
        rl.linear_epsilon(0, start=0.1, end=0.5)
    with pytest.raises(ValueError, match="step"):
        rl.linear_epsilon(-1)
    with pytest.raises(TypeError, match="decay_steps"):
        rl.linear_epsilon(0, decay_steps=1e4)


def test_td_targets_terminated_is_zero_future_truncated_bootstraps():
    y = rl.td_targets([1.0, 1.0], [[3.0, 7.0], [3.0, 7.0]], [1.0, 0.0], gamma=0.5).numpy()
    assert np.allclose(y, [1.0, 1.0 + 0.5 * 7.0])
    ref = solutions.td_target([1.0, 1.0], np.array([[3.0, 7.0], [3.0, 7.0]]), [1.0, 0.0], 0.5)
    assert np.allclose(y, ref)
    with pytest.raises(ValueError, match="next_q"):
        rl.td_targets([1.0], [1.0, 2.0], [0.0])


def _batch(terminated, n=8, seed=0):
    rng = np.random.default_rng(seed)
    return {"obs": rng.normal(size=(n, 4)).astype("float32"), "actions": rng.integers(2, size=n).astype("int32"),
            "rewards": np.ones(n, "float32"), "next_obs": rng.normal(size=(n, 4)).astype("float32"),
            "terminated": np.asarray(terminated, "float32")}


def _distinct_target(agent, shift):
    """Give the target network other weights, so that online and target can be told apart."""
    agent.target.set_weights([w + shift for w in agent.online.get_weights()])


def test_compiled_train_step_uses_the_bellman_target_and_huber_loss():
    agent = rl.DQNAgent(4, 2, hidden=(8,), gamma=0.9, seed=1)
    _distinct_target(agent, 0.5)
    batch = _batch([1, 0, 0, 1, 0, 0, 0, 0])   # the zeros include what would be truncated steps
    y = rl.td_targets(batch["rewards"], agent.target(batch["next_obs"]), batch["terminated"], gamma=0.9)
    q_taken = agent.online(batch["obs"]).numpy()[np.arange(8), batch["actions"]]
    expected = float(keras.losses.Huber()(y, q_taken))
    before = agent.online.get_weights()
    assert np.isclose(float(agent.train_step(**batch)), expected, rtol=1e-4)
    # a gradient step was taken on the online network; the target network is left alone
    assert any(not np.allclose(a, b) for a, b in zip(before, agent.online.get_weights()))
    assert all(np.allclose(t, o + 0.5) for t, o in zip(agent.target.get_weights(), before))


def test_terminated_bootstraps_to_zero_but_truncated_does_not():
    def loss_with(terminated):
        agent = rl.DQNAgent(4, 2, hidden=(8,), gamma=0.99, seed=3)
        _distinct_target(agent, 1.0)   # large Q(s')
        batch = _batch(terminated)
        q_taken = agent.online(batch["obs"]).numpy()[np.arange(8), batch["actions"]]
        return float(agent.train_step(**batch)), q_taken, agent.target(batch["next_obs"]).numpy()
    loss_end, q_taken, _ = loss_with([1] * 8)
    assert np.isclose(loss_end, float(keras.losses.Huber()(np.ones(8), q_taken)), rtol=1e-4)
    loss_cut, q_taken, next_q = loss_with([0] * 8)   # truncated transitions are stored with 0
    y = 1.0 + 0.99 * next_q.max(axis=1)
    assert np.isclose(loss_cut, float(keras.losses.Huber()(y, q_taken)), rtol=1e-4)
    assert not np.isclose(loss_end, loss_cut)


def test_train_steps_makes_the_same_updates_as_train_step_one_by_one():
    batches = [_batch(np.arange(16) % 5 == 0, n=16, seed=k) for k in range(3)]
    stacked = {key: np.stack([b[key] for b in batches]) for key in batches[0]}
    one_call, one_by_one = rl.DQNAgent(4, 2, hidden=(8,), seed=5), rl.DQNAgent(4, 2, hidden=(8,), seed=5)
    mean_loss = float(one_call.train_steps(**stacked))
    losses = [float(one_by_one.train_step(**b)) for b in batches]
    assert np.isclose(mean_loss, np.mean(losses), rtol=1e-5)
    for a, b in zip(one_call.online.get_weights(), one_by_one.online.get_weights()):
        assert np.allclose(a, b, atol=1e-6)


def test_trainer_stores_truncation_as_not_terminated():
    def cut_at_5():
        return gym.make("CartPole-v1", max_episode_steps=5)  # every episode is cut at 5 steps
    trainer = rl.DQNTrainer(rl.DQNAgent(4, 2, hidden=(8,), seed=0), cut_at_5, buffer_size=1_000,
                            learning_starts=100, batch_size=16, n_updates=4, eval_every=150, eval_episodes=2)
    hist = trainer.fit(300)
    assert len(trainer.buffer) == 300 and trainer.buffer.terminated[:300].sum() == 0
    assert hist["episode_returns"] and all(r <= 5 for r in hist["episode_returns"])
    assert hist["episode_end_steps"][:3] == [5, 10, 15]
    trainer = rl.DQNTrainer(rl.DQNAgent(4, 2, hidden=(8,), seed=0), cartpole, buffer_size=1_000,
                            learning_starts=100, batch_size=16, n_updates=4, eval_every=300, eval_episodes=2)
    trainer.fit(300)
    assert trainer.buffer.terminated[:300].sum() > 0   # random play in CartPole ends by terminating


def _small_trainer(seed=0):
    agent = rl.DQNAgent(4, 2, hidden=(16,), seed=seed)
    return agent, rl.DQNTrainer(agent, cartpole, learning_starts=200, batch_size=32, train_every=4,
                                n_updates=1, eval_every=200, eval_episodes=3, seed=seed)


def test_trainer_history_and_best_weights_are_restored():
    agent, trainer = _small_trainer()
    hist = trainer.fit(800)
    assert trainer.step == 800
    assert len(hist["episode_returns"]) == len(hist["episode_epsilons"]) > 5
    assert hist["episode_epsilons"] == sorted(hist["episode_epsilons"], reverse=True)   # ε only falls
    assert len(hist["losses"]) == (800 - 200) // 4 + 1 and np.all(np.isfinite(hist["losses"]))
    assert hist["eval_steps"] == [200, 400, 600, 800]
    assert trainer.best_return == max(hist["eval_returns"])
    again = rl.evaluate(agent.greedy_actions, cartpole, 3, seed=500_000 + trainer.best_step)
    assert np.isclose(again.mean(), trainer.best_return)   # the restored weights are the best ones
    assert all(np.array_equal(t, o) for t, o in zip(agent.target.get_weights(), agent.online.get_weights()))
    with pytest.raises(ValueError, match="learning_starts"):
        rl.DQNTrainer(agent, cartpole, learning_starts=10, batch_size=64)
    with pytest.raises(TypeError, match="max_steps"):
        trainer.fit(1e3)


def test_trainer_stops_at_stop_return_and_same_seed_gives_the_same_run():
    _, first = _small_trainer(seed=2)
    _, second = _small_trainer(seed=2)
    hist = first.fit(1_000, stop_return=-1.0)   # every evaluation reaches it: stop at the first
    assert first.step == 200 and hist["eval_steps"] == [200]
    second.fit(1_000, stop_return=-1.0)
    # the step budget, not the clock, decides what is trained: the same seed gives the same run
    assert second.history == hist
    assert all(np.array_equal(a, b) for a, b in zip(first.agent.online.get_weights(),
                                                     second.agent.online.get_weights()))


def test_evaluate_runs_episodes_in_parallel_like_one_by_one():
    def policy(obs):
        return (obs[:, 2] > 0).astype(int)   # push toward the side the pole leans to
    returns = rl.evaluate(policy, cartpole, n_episodes=4, seed=7)
    for i in range(4):
        env = cartpole()
        obs, _ = env.reset(seed=7 + i)
        total, done = 0.0, False
        while not done:
            obs, r, terminated, truncated, _ = env.step(int(obs[2] > 0))
            total += r
            done = terminated or truncated
        assert returns[i] == total
    assert returns.mean() > 25   # better than random (~22)
    with pytest.raises(ValueError, match="n_episodes"):
        rl.evaluate(policy, cartpole, n_episodes=0)
    with pytest.raises(TypeError, match="n_episodes"):
        rl.evaluate(policy, cartpole, n_episodes=2.0)


def test_agent_greedy_actions_match_the_network():
    agent = rl.DQNAgent(4, 2, hidden=(8,), seed=0)
    obs = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    q = agent.online(obs).numpy()
    assert np.allclose(agent.q_values(obs), q, atol=1e-6)
    assert np.array_equal(agent.greedy_actions(obs), q.argmax(axis=1))
    assert agent.act(obs[0], epsilon=0.0) == q[0].argmax()
    assert {agent.act(obs[0], epsilon=1.0) for _ in range(50)} == {0, 1}
    with pytest.raises(ValueError, match="n_actions"):
        rl.DQNAgent(4, 1)
    with pytest.raises(TypeError, match="n_actions"):
        rl.DQNAgent(4, 2.0)
    with pytest.raises(ValueError, match="gamma"):
        rl.DQNAgent(4, 2, gamma=1.5)


def test_constructors_seed_their_own_generators_not_the_global_state():
    def global_draws():
        return random.random(), np.random.random()

    random.seed(123)
    np.random.seed(123)
    expected = global_draws()
    random.seed(123)
    np.random.seed(123)
    agent = rl.DQNAgent(4, 2, hidden=(8,), seed=7)
    rl.DQNTrainer(agent, cartpole, buffer_size=100, learning_starts=64, seed=7)
    assert global_draws() == expected
    same, other = rl.DQNAgent(4, 2, hidden=(8,), seed=7), rl.DQNAgent(4, 2, hidden=(8,), seed=8)
    assert all(np.array_equal(a, b) for a, b in zip(agent.online.get_weights(), same.online.get_weights()))
    assert not np.allclose(agent.online.get_weights()[0], other.online.get_weights()[0])
    hidden = [w for w in agent.online.get_weights() if w.ndim == 2]
    assert not np.allclose(hidden[0][:, :2], hidden[1][:4, :2])   # each layer draws its own values


def test_moving_average():
    assert np.allclose(rl.moving_average([1, 2, 3, 4], window=2), [1, 1.5, 2.5, 3.5])
    assert np.allclose(rl.moving_average([1, 2, 3], window=10), [1, 1.5, 2])
    with pytest.raises(ValueError, match="window"):
        rl.moving_average([1, 2], window=0)
    with pytest.raises(TypeError, match="window"):
        rl.moving_average([1, 2], window=2.0)


def test_rl_plots():
    runtime.use_korean_font()
    fig = rl.plot_rl_training(np.arange(30.0), np.linspace(1, 0.05, 30), np.linspace(1, 0.1, 100), target=25)
    assert len(fig.axes) == 3   # returns, ε, loss
    assert len(rl.plot_rl_training(np.arange(30.0)).axes) == 1
    q = np.random.default_rng(0).random((16, 4))
    desc = gym.make("FrozenLake-v1").unwrapped.desc
    fig = rl.plot_gridworld_q(q, desc)
    assert len(fig.axes) == 3   # the Q-table, its colour bar, the policy on the map
    with pytest.raises(ValueError, match="q_table"):
        rl.plot_gridworld_q(np.zeros((9, 4)), desc)
    with pytest.raises(ValueError, match="epsilons"):
        rl.plot_rl_training([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="loss_steps"):
        rl.plot_rl_training([1.0, 2.0], losses=[1.0, 0.5], loss_steps=[256])
