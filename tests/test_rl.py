"""dlcourse.rl: replay buffer, ε schedule, TD targets, the DQN agent's train step, evaluation."""

import gymnasium as gym
import keras
import numpy as np
import pytest

from dlcourse import plots, quiz, rl, runtime, solutions


def test_replay_buffer_stores_and_overwrites_the_oldest():
    buf = rl.ReplayBuffer(capacity=3, obs_dim=2, seed=0)
    for i in range(5):
        buf.add([i, i], i % 2, float(i), [i + 1, i + 1], i == 4)
    assert len(buf) == 3
    assert sorted(buf.rewards.tolist()) == [2.0, 3.0, 4.0]  # 0 and 1 were overwritten
    batch = buf.sample(3)
    assert {k: v.shape for k, v in batch.items()} == {
        "obs": (3, 2), "actions": (3,), "rewards": (3,), "next_obs": (3, 2), "terminated": (3,)}
    assert sorted(batch["rewards"].tolist()) == [2.0, 3.0, 4.0]  # without replacement
    row = int(np.flatnonzero(batch["rewards"] == 4.0)[0])
    assert batch["terminated"][row] == 1.0 and np.all(batch["next_obs"][row] == 5)
    many = buf.sample(2, n_batches=4)
    assert many["obs"].shape == (4, 2, 2) and many["actions"].shape == (4, 2)


def test_replay_buffer_rejects_bad_input():
    with pytest.raises(ValueError, match="capacity"):
        rl.ReplayBuffer(0, 4)
    buf = rl.ReplayBuffer(10, 4)
    with pytest.raises(ValueError, match="fewer than batch_size"):
        buf.sample(2)
    buf.add(np.zeros(4), 0, 1.0, np.zeros(4), False)
    with pytest.raises(ValueError, match="n_batches"):
        buf.sample(1, n_batches=0)


def test_linear_epsilon():
    assert rl.linear_epsilon(0) == 1.0
    assert np.isclose(rl.linear_epsilon(500, 1.0, 0.1, 1000), 0.55)
    assert np.isclose(rl.linear_epsilon(10**6, 1.0, 0.1, 1000), 0.1)
    with pytest.raises(ValueError, match="end <= start"):
        rl.linear_epsilon(0, start=0.1, end=0.5)


def test_td_targets_terminated_is_zero_future_truncated_bootstraps():
    y = rl.td_targets([1.0, 1.0], [[3.0, 7.0], [3.0, 7.0]], [1.0, 0.0], gamma=0.5)
    assert np.allclose(y, [1.0, 1.0 + 0.5 * 7.0])
    ref = solutions.td_target([1.0, 1.0], np.array([[3.0, 7.0], [3.0, 7.0]]), [1.0, 0.0], 0.5)
    assert np.allclose(y, ref)
    with pytest.raises(ValueError, match="next_q"):
        rl.td_targets([1.0], [1.0, 2.0], [0.0])


def _batch(terminated):
    rng = np.random.default_rng(0)
    return {"obs": rng.normal(size=(8, 4)).astype("float32"), "actions": rng.integers(2, size=8),
            "rewards": np.ones(8, "float32"), "next_obs": rng.normal(size=(8, 4)).astype("float32"),
            "terminated": np.asarray(terminated, "float32")}


@pytest.mark.parametrize("double", [False, True])
def test_compiled_train_step_uses_the_bellman_target_and_huber_loss(double):
    agent = rl.DQNAgent(4, 2, hidden=(8,), gamma=0.9, double=double, seed=1)
    # give the target network different weights so that online and target are distinguishable
    agent.target.set_weights([w + 0.5 for w in agent.online.get_weights()])
    terminated = [1, 0, 0, 1, 0, 0, 0, 0]   # the zeros include what would be truncated steps
    batch = _batch(terminated)
    next_target = agent.target(batch["next_obs"]).numpy()
    if double:
        pick = agent.online(batch["next_obs"]).numpy().argmax(axis=1)
        y = 1.0 + 0.9 * (1 - np.asarray(terminated)) * next_target[np.arange(8), pick]
    else:
        y = rl.td_targets(batch["rewards"], next_target, batch["terminated"], gamma=0.9)
    q_taken = agent.online(batch["obs"]).numpy()[np.arange(8), batch["actions"]]
    expected = float(keras.losses.Huber()(y, q_taken))
    before = agent.get_weights()
    assert np.isclose(agent.train_step(batch), expected, rtol=1e-4)
    # a gradient step was taken
    assert any(not np.allclose(a, b) for a, b in zip(before, agent.get_weights()))


def test_terminated_bootstraps_to_zero_but_truncated_does_not():
    def loss_with(terminated):
        agent = rl.DQNAgent(4, 2, hidden=(8,), gamma=0.99, double=False, seed=3)
        agent.target.set_weights([w + 1.0 for w in agent.online.get_weights()])  # large Q(s')
        batch = _batch(terminated)
        q_taken = agent.online(batch["obs"]).numpy()[np.arange(8), batch["actions"]]
        return agent.train_step(batch), q_taken, agent.target(batch["next_obs"]).numpy()
    loss_end, q_taken, _ = loss_with([1] * 8)
    assert np.isclose(loss_end, float(keras.losses.Huber()(np.ones(8), q_taken)), rtol=1e-4)
    loss_cut, q_taken, next_q = loss_with([0] * 8)   # truncated transitions are stored with 0
    y = 1.0 + 0.99 * next_q.max(axis=1)
    assert np.isclose(loss_cut, float(keras.losses.Huber()(y, q_taken)), rtol=1e-4)
    assert not np.isclose(loss_end, loss_cut)


def test_train_dqn_stores_truncation_as_not_terminated():
    def make():
        return gym.make("CartPole-v1", max_episode_steps=5)  # every episode is cut at 5 steps
    agent = rl.DQNAgent(4, 2, hidden=(8,), seed=0)
    buf = rl.ReplayBuffer(1_000, 4, seed=0)
    hist = rl.train_dqn(agent, make, max_steps=300, learning_starts=100, batch_size=16,
                        eval_every=150, eval_episodes=2, seed=0, buffer=buf)
    assert len(buf) == 300 and buf.terminated[:300].sum() == 0
    assert hist["episode_returns"] and all(r <= 5 for r in hist["episode_returns"])
    buf2 = rl.ReplayBuffer(1_000, 4, seed=0)
    rl.train_dqn(rl.DQNAgent(4, 2, hidden=(8,), seed=0), lambda: gym.make("CartPole-v1"),
                 max_steps=300, learning_starts=100, batch_size=16, eval_every=300, eval_episodes=2,
                 seed=0, buffer=buf2)
    assert buf2.terminated[:300].sum() > 0   # random play in CartPole ends by terminating


def test_train_dqn_history_and_best_weights_are_restored():
    agent = rl.DQNAgent(4, 2, hidden=(16,), seed=0)
    hist = rl.train_dqn(agent, lambda: gym.make("CartPole-v1"), max_steps=800, learning_starts=200,
                        batch_size=32, train_every=4, gradient_steps=None, eval_every=200,
                        eval_episodes=3, seed=0)
    assert hist["steps"] == 800 and hist["stop_reason"] == "max_steps"
    assert len(hist["episode_returns"]) == len(hist["episode_epsilons"]) > 5
    assert len(hist["losses"]) == (800 - 200) // 4 + 1 and np.all(np.isfinite(hist["losses"]))
    assert hist["eval_steps"] == [200, 400, 600, 800]
    assert hist["best_eval_return"] == max(hist["eval_returns"])
    again = rl.evaluate(agent.greedy_actions, lambda: gym.make("CartPole-v1"), 3,
                        seed=0 * 1_000 + 500_000 + hist["best_step"])
    # the restored weights are the best ones
    assert np.isclose(again.mean(), hist["best_eval_return"])
    with pytest.raises(ValueError, match="learning_starts"):
        rl.train_dqn(agent, lambda: gym.make("CartPole-v1"), learning_starts=10, batch_size=64)


def test_evaluate_runs_episodes_in_parallel_like_one_by_one():
    def policy(obs):
        return (obs[:, 2] > 0).astype(int)   # push toward the side the pole leans to
    returns = rl.evaluate(policy, lambda: gym.make("CartPole-v1"), n_episodes=4, seed=7)
    for i in range(4):
        env = gym.make("CartPole-v1")
        obs, _ = env.reset(seed=7 + i)
        total, done = 0.0, False
        while not done:
            obs, r, terminated, truncated, _ = env.step(int(obs[2] > 0))
            total += r
            done = terminated or truncated
        assert returns[i] == total
    assert returns.mean() > 25   # better than random (~22)
    with pytest.raises(ValueError, match="n_episodes"):
        rl.evaluate(policy, lambda: gym.make("CartPole-v1"), n_episodes=0)


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


def test_moving_average():
    assert np.allclose(rl.moving_average([1, 2, 3, 4], window=2), [1, 1.5, 2.5, 3.5])
    with pytest.raises(ValueError, match="window"):
        rl.moving_average([1, 2], window=0)


def test_check_td_target_accepts_reference_and_rejects_a_wrong_answer():
    assert quiz.check_td_target(solutions.td_target)
    def ignores_end(r, q, t, g=0.99):
        return np.asarray(r) + g * np.asarray(q).max(axis=1)
    assert not quiz.check_td_target(ignores_end)

    def skeleton(r, q, t, g=0.99):
        raise NotImplementedError

    assert not quiz.check_td_target(skeleton)


def test_rl_plots():
    runtime.use_korean_font()
    fig = plots.plot_rl_training(np.arange(30.0), np.linspace(1, 0.05, 30),
                                 np.linspace(1, 0.1, 100),
                                 target=25)
    assert len(fig.axes) == 3
    q = np.random.default_rng(0).random((16, 4))
    desc = gym.make("FrozenLake-v1").unwrapped.desc
    fig = plots.plot_gridworld_q(q, desc)
    assert len(fig.axes) >= 2
    with pytest.raises(ValueError, match="q_table"):
        plots.plot_gridworld_q(np.zeros((9, 4)), desc)
    with pytest.raises(ValueError, match="epsilons"):
        plots.plot_rl_training([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="loss_steps"):
        plots.plot_rl_training([1.0, 2.0], losses=[1.0, 0.5], loss_steps=[256])
