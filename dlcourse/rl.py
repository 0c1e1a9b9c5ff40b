"""Reinforcement learning helpers for lecture 10: replay buffer, ε schedule, DQN agent, evaluation.

The tabular Q-learning of the lecture is written in the notebook itself; this module holds the
reusable, tested pieces of DQN (Mnih et al., 2015):

- :class:`ReplayBuffer` stores ``(s, a, r, s', terminated)`` and samples uniform mini-batches.
- :func:`linear_epsilon` is the ε-greedy exploration schedule.
- :func:`td_targets` is the Bellman target ``r + γ (1 - terminated) max_a' Q(s', a')``.
- :class:`DQNAgent` has an online and a target network, a compiled ``tf.function`` train step
  with the Huber loss, and picks actions with a direct (compiled) model call.
- :func:`train_dqn` runs the interaction loop with a step budget and a wall-clock cap, evaluates
  the greedy policy periodically and restores the best evaluated weights at the end.
- :func:`evaluate` plays greedy episodes in parallel, one batched model call per time step.

``terminated`` (the task ended: the pole fell, the agent reached a goal or a hole) means there is
no future reward, so the target is just ``r``. ``truncated`` (a time limit cut the episode) does
not: the state still has a future, so the target keeps bootstrapping from ``Q(s', ·)``.
"""

import os
import time

import keras
import numpy as np
import tensorflow as tf

from dlcourse import models

# render_mode="rgb_array" draws off-screen; on a machine without a display SDL would print an
# error line into the notebook unless it uses its dummy video driver.
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")


class ReplayBuffer:
    """A fixed-size ring buffer of transitions for experience replay.

    ``obs_dim`` is the length of an observation vector. When full, the oldest transitions are
    overwritten. :meth:`sample` draws a uniform mini-batch without replacement.
    """

    def __init__(self, capacity, obs_dim, seed=None):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError(f"capacity must be a positive int (e.g. 50_000), got {capacity!r}")
        if not isinstance(obs_dim, int) or obs_dim <= 0:
            raise ValueError(f"obs_dim must be a positive int (CartPole: 4), got {obs_dim!r}")
        self.capacity = capacity
        self.obs = np.zeros((capacity, obs_dim), dtype=np.float32)
        self.next_obs = np.zeros((capacity, obs_dim), dtype=np.float32)
        self.actions = np.zeros(capacity, dtype=np.int32)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)
        self.rng = np.random.default_rng(seed)
        self.size = 0
        self._next = 0

    def __len__(self):
        return self.size

    def add(self, obs, action, reward, next_obs, terminated):
        """Store one transition. Pass ``terminated`` only, never ``terminated or truncated``."""
        i = self._next
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = float(terminated)
        self._next = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size, n_batches=None):
        """Arrays ``obs, actions, rewards, next_obs, terminated`` (a dict), ``batch_size`` rows.

        With ``n_batches=k`` the arrays get a leading axis of ``k`` independent mini-batches.
        """
        if not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if batch_size > self.size:
            raise ValueError(
                f"the buffer holds {self.size} transitions, fewer than batch_size={batch_size}: "
                "add more (collect random steps first) or sample a smaller batch")
        if n_batches is None:
            idx = self.rng.choice(self.size, size=batch_size, replace=False)
        elif isinstance(n_batches, int) and n_batches > 0:
            idx = np.stack([self.rng.choice(self.size, size=batch_size, replace=False)
                            for _ in range(n_batches)])
        else:
            raise ValueError(f"n_batches must be None or a positive int, got {n_batches!r}")
        return {"obs": self.obs[idx], "actions": self.actions[idx], "rewards": self.rewards[idx],
                "next_obs": self.next_obs[idx], "terminated": self.terminated[idx]}


def linear_epsilon(step, start=1.0, end=0.05, decay_steps=10_000):
    """ε of the ε-greedy policy: ``start`` falling linearly to ``end`` over ``decay_steps``."""
    if not 0.0 <= end <= start <= 1.0:
        raise ValueError(f"need 0 <= end <= start <= 1 for ε, got start={start!r}, end={end!r}")
    if decay_steps <= 0:
        raise ValueError(f"decay_steps must be positive, got {decay_steps!r}")
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step!r}")
    fraction = min(step / decay_steps, 1.0)
    return start + fraction * (end - start)


def td_targets(rewards, next_q, terminated, gamma=0.99):
    """The Bellman (TD) target ``r + γ (1 - terminated) max_a' Q(s', a')`` for a batch (NumPy).

    ``rewards``, ``terminated``: shape ``(n,)``; ``next_q``: shape ``(n, n_actions)``, the target
    network's values of the next states. Truncated transitions must come with ``terminated=0``.
    """
    rewards = np.asarray(rewards, dtype=np.float64)
    next_q = np.asarray(next_q, dtype=np.float64)
    terminated = np.asarray(terminated, dtype=np.float64)
    if next_q.ndim != 2 or rewards.shape != (len(next_q),) or terminated.shape != rewards.shape:
        raise ValueError(
            f"need rewards (n,), next_q (n, n_actions), terminated (n,); got {rewards.shape}, "
            f"{next_q.shape}, {terminated.shape}")
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"gamma (the discount factor) must be in [0, 1], got {gamma!r}")
    return rewards + gamma * (1.0 - terminated) * next_q.max(axis=1)


class DQNAgent:
    """Deep Q-network agent: online network, target network, Adam and the Huber loss.

    ``train_step`` is a compiled ``tf.function``; ``act`` / ``greedy_actions`` call the online
    network directly (also compiled), never ``model.predict``, which costs far more per call
    than the network itself on one observation.
    """

    def __init__(self, obs_dim, n_actions, hidden=(256, 256), gamma=0.99, learning_rate=2.3e-3,
                 double=False, seed=0):
        if not isinstance(n_actions, int) or n_actions < 2:
            raise ValueError(f"n_actions must be an int >= 2, got {n_actions!r}")
        if not 0.0 <= gamma <= 1.0:
            raise ValueError(f"gamma must be in [0, 1], got {gamma!r}")
        if learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
        keras.utils.set_random_seed(seed)
        self.obs_dim, self.n_actions, self.gamma, self.double = obs_dim, n_actions, gamma, double
        self.online = q_network(obs_dim, n_actions, hidden, name="online")
        self.target = q_network(obs_dim, n_actions, hidden, name="target")
        self.update_target()
        self.optimizer = keras.optimizers.Adam(learning_rate)
        self.optimizer.build(self.online.trainable_variables)
        self.loss_fn = keras.losses.Huber()
        self.rng = np.random.default_rng(seed)
        spec = tf.TensorSpec((None, obs_dim), tf.float32)
        # Concrete (already traced) functions: calling them skips tf.function's dispatch logic.
        self._q_values = tf.function(lambda obs: self.online(obs, training=False)
                                     ).get_concrete_function(spec)
        self._train_step = tf.function(self._train_step_eager).get_concrete_function(
            spec, tf.TensorSpec((None,), tf.int32), tf.TensorSpec((None,), tf.float32),
            spec, tf.TensorSpec((None,), tf.float32))
        many = tf.TensorSpec((None, None, obs_dim), tf.float32)
        self._train_steps = tf.function(self._train_steps_eager).get_concrete_function(
            many, tf.TensorSpec((None, None), tf.int32), tf.TensorSpec((None, None), tf.float32),
            many, tf.TensorSpec((None, None), tf.float32))

    def q_values(self, obs):
        """Q(s, ·) of a batch of observations, shape ``(n, n_actions)`` (a NumPy array)."""
        obs = np.asarray(obs, dtype=np.float32).reshape(-1, self.obs_dim)
        return self._q_values(tf.constant(obs)).numpy()

    def greedy_actions(self, obs):
        """π(s) = argmax_a Q(s, a) for a batch of observations."""
        return self.q_values(obs).argmax(axis=1)

    def act(self, obs, epsilon):
        """ε-greedy: a random action with probability ``epsilon``, else the greedy one."""
        if self.rng.random() < epsilon:
            return int(self.rng.integers(self.n_actions))
        return int(self.greedy_actions(obs)[0])

    def update_target(self):
        """Copy the online network's weights into the target network (a hard update)."""
        for t, o in zip(self.target.weights, self.online.weights):
            t.assign(o)

    def train_step(self, batch):
        """One gradient step on a replay mini-batch (a dict from :meth:`ReplayBuffer.sample`).

        Returns the Huber loss. With arrays of shape ``(k, batch_size, ...)`` (``k`` mini-batches
        stacked, see :meth:`ReplayBuffer.sample`'s ``n_batches``) it makes ``k`` gradient steps
        in one compiled call and returns the last loss.
        """
        args = (tf.constant(batch["obs"], tf.float32), tf.constant(batch["actions"], tf.int32),
                tf.constant(batch["rewards"], tf.float32),
                tf.constant(batch["next_obs"], tf.float32),
                tf.constant(batch["terminated"], tf.float32))
        step = self._train_steps if args[1].shape.rank == 2 else self._train_step
        return float(step(*args))

    def _train_steps_eager(self, obs, actions, rewards, next_obs, terminated):
        loss = tf.constant(0.0)
        for k in tf.range(tf.shape(actions)[0]):
            loss = self._train_step_eager(obs[k], actions[k], rewards[k], next_obs[k],
                                          terminated[k])
        return loss

    def _train_step_eager(self, obs, actions, rewards, next_obs, terminated):
        next_q_target = self.target(next_obs, training=False)
        if self.double:  # Double DQN: the online network picks a', the target network rates it
            best = tf.argmax(self.online(next_obs, training=False), axis=1, output_type=tf.int32)
            next_value = tf.gather(next_q_target, best, batch_dims=1)
        else:
            next_value = tf.reduce_max(next_q_target, axis=1)
        targets = tf.stop_gradient(rewards + self.gamma * (1.0 - terminated) * next_value)
        variables = self.online.trainable_variables
        with tf.GradientTape() as tape:
            q = self.online(obs, training=True)
            q_taken = tf.gather(q, actions, batch_dims=1)
            loss = self.loss_fn(targets, q_taken)
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return loss

    def get_weights(self):
        """A copy of the online network's weights (NumPy arrays)."""
        return [w.copy() for w in self.online.get_weights()]

    def set_weights(self, weights):
        """Load weights into the online and the target network."""
        self.online.set_weights(weights)
        self.update_target()


def q_network(obs_dim, n_actions, hidden=(64, 64), name=None):
    """The Q-network ``obs_dim → hidden relu... → n_actions``: one linear Q-value per action."""
    return models.mlp(obs_dim, hidden=tuple(hidden), n_outputs=n_actions, activation="relu",
                      output_activation="linear", name=name)


def evaluate(policy, make_env, n_episodes=100, seed=10_000, max_steps=None):
    """Returns of ``n_episodes`` played in parallel with ``policy`` (a NumPy array).

    ``policy(obs_batch) -> actions`` maps an ``(n, obs_dim)`` array to ``n`` actions, e.g.
    ``agent.greedy_actions``: one batched call per time step serves every running episode.
    Episode ``i`` is reset with ``seed + i``; an episode ends when terminated or truncated.
    """
    if not isinstance(n_episodes, int) or n_episodes <= 0:
        raise ValueError(f"n_episodes must be a positive int, got {n_episodes!r}")
    envs = [make_env() for _ in range(n_episodes)]
    obs = np.stack([env.reset(seed=seed + i)[0] for i, env in enumerate(envs)]).astype(np.float32)
    returns = np.zeros(n_episodes)
    running = np.ones(n_episodes, dtype=bool)
    steps = 0
    while running.any() and (max_steps is None or steps < max_steps):
        idx = np.flatnonzero(running)
        actions = np.asarray(policy(obs[idx]))
        for j, a in zip(idx, actions):
            o, r, terminated, truncated, _ = envs[j].step(int(a))
            obs[j] = o
            returns[j] += r
            if terminated or truncated:
                running[j] = False
        steps += 1
    for env in envs:
        env.close()
    return returns


def train_dqn(agent, make_env, max_steps=50_000, max_seconds=300.0, batch_size=64,
              buffer_size=100_000, learning_starts=1_000, train_every=256, gradient_steps=128,
              target_update=256, eps_start=1.0, eps_end=0.04, eps_decay_steps=8_000,
              eval_every=2_500, eval_episodes=20, stop_return=None, seed=0, buffer=None):
    """Train ``agent`` on the environment from ``make_env()``; return a history dict.

    The budget is ``max_steps`` environment steps, with ``max_seconds`` of wall-clock time as a
    cap. Every ``eval_every`` steps the greedy policy plays ``eval_episodes`` episodes; the best
    mean return's weights are kept and restored at the end (DQN can forget what it learned).
    Every ``train_every`` environment steps the agent makes ``gradient_steps`` gradient steps
    (None: as many as ``train_every``) in one compiled call; the target network is copied
    every ``target_update`` environment steps. The defaults (with :class:`DQNAgent`'s) solve
    CartPole-v1 in 25k-35k steps; they follow the rl-baselines3-zoo DQN settings for it.
    Training stops early when an evaluation reaches ``stop_return``. ``buffer``: a
    :class:`ReplayBuffer` to fill (a new one of ``buffer_size`` when None).

    History keys: ``episode_returns``, ``episode_epsilons``, ``episode_end_steps``, ``losses``
    (the last of each compiled call), ``loss_steps`` (their environment steps), ``eval_steps``,
    ``eval_returns`` (means), ``best_eval_return``, ``best_step``, ``steps``, ``seconds``,
    ``stop_reason``.
    """
    if max_steps <= 0 or max_seconds <= 0:
        raise ValueError(
            f"max_steps and max_seconds must be positive, got {max_steps!r}, {max_seconds!r}")
    if learning_starts < batch_size:
        raise ValueError(
            f"learning_starts ({learning_starts}) must be >= batch_size ({batch_size})")
    gradient_steps = train_every if gradient_steps is None else gradient_steps
    env = make_env()
    buffer = ReplayBuffer(buffer_size, agent.obs_dim, seed=seed) if buffer is None else buffer
    hist = {"episode_returns": [], "episode_epsilons": [], "episode_end_steps": [], "losses": [],
            "loss_steps": [], "eval_steps": [], "eval_returns": []}
    best = {"return": -np.inf, "weights": agent.get_weights(), "step": 0}

    def evaluate_and_keep_best(step):
        mean_return = float(evaluate(agent.greedy_actions, make_env, eval_episodes,
                                     seed=seed * 1_000 + 500_000 + step).mean())
        hist["eval_steps"].append(step)
        hist["eval_returns"].append(mean_return)
        if mean_return > best["return"]:
            best.update(weights=agent.get_weights(), step=step)
            best["return"] = mean_return
        return mean_return

    obs, _ = env.reset(seed=seed)
    episode_return, stop_reason = 0.0, "max_steps"
    start = time.perf_counter()
    step = 0
    while step < max_steps:
        epsilon = linear_epsilon(step, eps_start, eps_end, eps_decay_steps)
        action = agent.act(obs, epsilon)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        buffer.add(obs, action, reward, next_obs, terminated)  # truncated is NOT stored as an end
        episode_return += reward
        obs = next_obs
        step += 1
        if terminated or truncated:
            hist["episode_returns"].append(episode_return)
            hist["episode_epsilons"].append(epsilon)
            hist["episode_end_steps"].append(step)
            obs, _ = env.reset()
            episode_return = 0.0
        if step >= learning_starts and step % train_every == 0:
            # several gradient steps in one compiled call (fewer Python -> TensorFlow round trips)
            batches = buffer.sample(batch_size, n_batches=gradient_steps)
            hist["losses"].append(agent.train_step(batches))
            hist["loss_steps"].append(step)
        if step % target_update == 0:
            agent.update_target()
        if step % eval_every == 0 and step >= learning_starts:
            mean_return = evaluate_and_keep_best(step)
            if stop_return is not None and mean_return >= stop_return:
                stop_reason = "stop_return"
                break
        if time.perf_counter() - start > max_seconds:
            stop_reason = "max_seconds"
            break
    env.close()
    if stop_reason != "stop_return" and (not hist["eval_steps"] or hist["eval_steps"][-1] != step):
        evaluate_and_keep_best(step)
    agent.set_weights(best["weights"])
    hist.update(best_eval_return=float(best["return"]), best_step=best["step"], steps=step,
                seconds=time.perf_counter() - start, stop_reason=stop_reason)
    return hist


def moving_average(values, window=20):
    """Trailing moving average: element i is the mean of ``values[max(0, i-window+1) : i+1]``."""
    values = np.asarray(values, dtype=float)
    if not isinstance(window, int) or window <= 0:
        raise ValueError(f"window must be a positive int, got {window!r}")
    if values.ndim != 1:
        raise ValueError(f"moving_average() needs a 1-D sequence, got shape {values.shape}")
    cumsum = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(1, len(values) + 1)
    lo = np.maximum(0, idx - window)
    return (cumsum[idx] - cumsum[lo]) / (idx - lo)
