"""Reinforcement learning (lecture 10): the DQN the lecture writes, and the figures only it draws.

The block between the BEGIN and END lines is generated from the ``#@save`` cells of
``notebooks/10_reinforcement_learning.ipynb`` (``python -m dlcourse.export``): edit the notebook,
never the block. It holds :func:`evaluate` (episodes played side by side, one batched policy call
per time step), :func:`linear_epsilon` (the ε schedule), :func:`td_targets` (the Bellman target
``r + γ (1 - terminated) max_a' Q(s', a')``), :class:`ReplayBuffer`, :func:`q_network`,
:class:`DQNAgent` (ε-greedy actions through a compiled direct model call, the compiled train
step) and :class:`DQNTrainer` (the interaction loop with a step budget, periodic evaluation and
the best weights kept and restored).

``terminated`` (the task ended) means no future reward, so the target is just ``r``;
``truncated`` (a time limit cut the episode) does not: the target keeps bootstrapping from
``Q(s', ·)``, so the replay buffer stores ``terminated`` only.

Below the block: :func:`moving_average` and the figures :func:`plot_rl_training` and
:func:`plot_gridworld_q`.
"""

import numbers

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from dlcourse import plots
from dlcourse.runtime import add_to_class
from dlcourse.validation import check_scalar, check_sizes


# ---- BEGIN #@save cells of notebooks/10_reinforcement_learning.ipynb (generated: edit the notebook) ----
def evaluate(policy, make_env, n_episodes=100, seed=10_000):
    """Returns of n_episodes episodes played side by side with policy (a NumPy array).

    policy(obs_batch) -> actions maps the observations of the running episodes to their actions;
    episode i starts from env.reset(seed=seed + i) and ends when terminated or truncated.
    """
    check_scalar(n_episodes, "n_episodes", min_value=1)
    envs = [make_env() for _ in range(n_episodes)]
    obs = np.stack([env.reset(seed=seed + i)[0] for i, env in enumerate(envs)]).astype(np.float32)
    returns, running = np.zeros(n_episodes), np.ones(n_episodes, dtype=bool)
    while running.any():
        idx = np.flatnonzero(running)                        # 아직 진행 중인 에피소드들
        for j, action in zip(idx, policy(obs[idx])):         # 정책은 시간 스텝마다 한 번, 배치로 호출
            obs[j], reward, terminated, truncated, _ = envs[j].step(int(action))
            returns[j] += reward
            running[j] = not (terminated or truncated)       # 평가에서는 둘 다 에피소드의 끝
    for env in envs:
        env.close()
    return returns


def linear_epsilon(step, start=1.0, end=0.05, decay_steps=10_000):
    """ε of the ε-greedy policy at step: start, falling linearly to end over decay_steps, then end."""
    check_scalar(step, "step", min_value=0)
    check_scalar(decay_steps, "decay_steps", min_value=1)
    if not 0.0 <= end <= start <= 1.0:
        raise ValueError(f"need 0 <= end <= start <= 1 for ε, got start={start!r}, end={end!r}")
    fraction = min(step / decay_steps, 1.0)          # 진행 비율: 0 → 1, 그 뒤로는 1에 머묾
    return start + fraction * (end - start)


def td_targets(rewards, next_q, terminated, gamma=0.99):
    """Bellman (TD) targets r + γ (1 - terminated) max_a' Q(s', a') of a batch, a float32 tensor.

    rewards, terminated: shape (n,); next_q: (n, n_actions), the target network's Q(s', ·).
    A truncated transition comes with terminated = 0: its next state still has a future.
    """
    rewards, next_q, terminated = (tf.cast(x, tf.float32) for x in (rewards, next_q, terminated))
    if next_q.shape.rank != 2:
        raise ValueError(f"next_q must have shape (n, n_actions), got {next_q.shape}")
    best_next = tf.reduce_max(next_q, axis=1)                  # max_a' Q(s', a'): s'에서 최선의 값
    return rewards + gamma * (1.0 - terminated) * best_next    # terminated = 1이면 미래 항이 0


class ReplayBuffer:
    """A ring buffer of the last capacity transitions (s, a, r, s', terminated) for experience replay."""

    def __init__(self, capacity, obs_dim, seed=0):
        check_scalar(capacity, "capacity", min_value=1)
        check_scalar(obs_dim, "obs_dim", min_value=1)
        self.capacity, self.size, self.next = capacity, 0, 0      # size: 저장된 전이 수, next: 다음에 쓸 칸
        self.obs = np.zeros((capacity, obs_dim), dtype=np.float32)
        self.actions = np.zeros(capacity, dtype=np.int32)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.next_obs = np.zeros((capacity, obs_dim), dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)    # 1: 과제가 끝남. truncated 전이는 0
        self.rng = np.random.default_rng(seed)                    # 미니배치 뽑기용, 버퍼 자신의 난수 생성기


@add_to_class(ReplayBuffer)
def add(self, obs, action, reward, next_obs, terminated):
    """Store one transition, overwriting the oldest when full. Pass terminated, never truncated."""
    i = self.next
    self.obs[i], self.actions[i], self.rewards[i] = obs, action, reward
    self.next_obs[i], self.terminated[i] = next_obs, terminated
    self.next = (i + 1) % self.capacity                            # 끝에 닿으면 0번 칸으로 (원형)
    self.size = min(self.size + 1, self.capacity)


@add_to_class(ReplayBuffer)
def __len__(self):
    return self.size


@add_to_class(ReplayBuffer)
def sample(self, batch_size, n_batches=None):
    """A uniform random mini-batch of batch_size transitions (a dict of arrays), drawn with replacement.

    With n_batches=N the arrays hold N independent mini-batches along a new leading axis.
    """
    check_scalar(batch_size, "batch_size", min_value=1)
    if batch_size > self.size:
        raise ValueError(f"the buffer holds {self.size} transitions, fewer than batch_size={batch_size}: "
                         "collect more steps first (learning_starts) or sample a smaller batch")
    shape = (batch_size,) if n_batches is None else (check_scalar(n_batches, "n_batches", min_value=1), batch_size)
    idx = self.rng.integers(self.size, size=shape)                # 저장된 칸 번호를 무작위로 (중복 허용)
    return {"obs": self.obs[idx], "actions": self.actions[idx], "rewards": self.rewards[idx],
            "next_obs": self.next_obs[idx], "terminated": self.terminated[idx]}


def q_network(obs_dim, n_actions, hidden=(256, 256), seed=0, name=None):
    """Q_θ(s, ·): obs_dim -> hidden ReLU layers -> n_actions linear outputs, one Q-value per action."""
    seeds = keras.random.SeedGenerator(seed)                   # 이 네트워크만의 난수 생성기
    layers = [keras.Input(shape=(obs_dim,))]
    for units in check_sizes(hidden, "hidden"):
        layers.append(keras.layers.Dense(units, activation="relu",
                                         kernel_initializer=keras.initializers.GlorotUniform(seeds)))
    layers.append(keras.layers.Dense(n_actions, kernel_initializer=keras.initializers.GlorotUniform(seeds)))
    return keras.Sequential(layers, name=name)


class DQNAgent:
    """A DQN agent: the online Q-network Q_θ, its copy the target network Q_θ̄, Adam and the Huber loss."""

    def __init__(self, obs_dim, n_actions, hidden=(256, 256), gamma=0.99, learning_rate=2.3e-3, seed=0):
        check_scalar(obs_dim, "obs_dim", min_value=1)
        check_scalar(n_actions, "n_actions", min_value=2)
        check_scalar(gamma, "gamma", numbers.Real, min_value=0.0, max_value=1.0)
        check_scalar(learning_rate, "learning_rate", numbers.Real, min_value=0.0, include_min=False)
        self.obs_dim, self.n_actions, self.gamma = obs_dim, n_actions, gamma
        self.online = q_network(obs_dim, n_actions, hidden, seed=seed, name="online")   # Q_θ: 학습함
        self.target = q_network(obs_dim, n_actions, hidden, seed=seed, name="target")   # Q_θ̄: 목표값 계산용
        self.update_target()
        self.optimizer = keras.optimizers.Adam(learning_rate)
        self.loss_fn = keras.losses.Huber()
        self.rng = np.random.default_rng(seed)                    # ε-탐욕의 무작위 선택용

    def update_target(self):
        """θ̄ ← θ: copy the online network's weights into the target network."""
        for target_weight, online_weight in zip(self.target.weights, self.online.weights):
            target_weight.assign(online_weight)


@add_to_class(DQNAgent)
@tf.function(reduce_retracing=True)
def q_values(self, obs):
    """Q_θ(s, ·) of a batch of observations: a direct, compiled call of the online network."""
    return self.online(obs, training=False)


@add_to_class(DQNAgent)
def greedy_actions(self, obs):
    """π(s) = argmax_a Q_θ(s, a) for a batch of observations, shape (n, obs_dim)."""
    return self.q_values(tf.constant(obs, dtype=tf.float32)).numpy().argmax(axis=1)


@add_to_class(DQNAgent)
def act(self, obs, epsilon):
    """ε-greedy for one observation: a random action with probability epsilon, else the greedy one."""
    if self.rng.random() < epsilon:
        return int(self.rng.integers(self.n_actions))             # 탐험: 무작위 행동
    return int(self.greedy_actions(obs[np.newaxis])[0])           # 활용: Q가 가장 큰 행동


@add_to_class(DQNAgent)
@tf.function
def train_step(self, obs, actions, rewards, next_obs, terminated):
    """One gradient step on a replay mini-batch (arrays of B transitions); returns the Huber loss."""
    next_q = self.target(next_obs, training=False)                      # Q_θ̄(s', ·): 타깃 네트워크
    y = tf.stop_gradient(td_targets(rewards, next_q, terminated, self.gamma))   # 벨만 목표값 (상수)
    with tf.GradientTape() as tape:
        q = self.online(obs, training=True)                             # Q_θ(s, ·): 행동마다 하나
        q_taken = tf.gather(q, actions, batch_dims=1)                   # 실제로 한 행동 a의 Q_θ(s, a)
        loss = self.loss_fn(y, q_taken)                                 # Huber(y - Q_θ(s, a))
    grads = tape.gradient(loss, self.online.trainable_variables)
    self.optimizer.apply_gradients(zip(grads, self.online.trainable_variables))
    return loss


@add_to_class(DQNAgent)
@tf.function
def train_steps(self, obs, actions, rewards, next_obs, terminated):
    """N gradient steps in one compiled call: each argument stacks N mini-batches on axis 0.

    Returns the mean Huber loss of the N steps.
    """
    n = tf.shape(actions)[0]
    total = tf.constant(0.0)
    for k in tf.range(n):                             # 그래프 안의 반복문: k번째 미니배치로 한 번 갱신
        total += self.train_step(obs[k], actions[k], rewards[k], next_obs[k], terminated[k])
    return total / tf.cast(n, tf.float32)


class DQNTrainer:
    """Trains a DQNAgent on make_env(): ε-greedy interaction, experience replay, evaluation, best weights."""

    def __init__(self, agent, make_env, buffer_size=100_000, batch_size=64, learning_starts=1_000,
                 train_every=256, n_updates=128, eps_end=0.04, eps_decay_steps=8_000,
                 eval_every=2_500, eval_episodes=20, seed=0):
        check_scalar(learning_starts, "learning_starts", min_value=batch_size)   # 첫 미니배치만큼은 모은 뒤
        check_scalar(train_every, "train_every", min_value=1)
        check_scalar(eval_every, "eval_every", min_value=1)
        self.agent, self.make_env, self.seed = agent, make_env, seed
        self.buffer = ReplayBuffer(buffer_size, agent.obs_dim, seed=seed)
        self.batch_size, self.learning_starts = batch_size, learning_starts
        self.train_every, self.n_updates = train_every, n_updates
        self.eps_end, self.eps_decay_steps = eps_end, eps_decay_steps
        self.eval_every, self.eval_episodes = eval_every, eval_episodes
        self.history = {key: [] for key in ("episode_returns", "episode_epsilons", "episode_end_steps",
                                            "losses", "loss_steps", "eval_steps", "eval_returns")}
        self.best_return, self.best_step, self.best_weights = -np.inf, 0, agent.online.get_weights()
        self.env, self.step, self.episode_return = make_env(), 0, 0.0
        self.obs, _ = self.env.reset(seed=seed)


@add_to_class(DQNTrainer)
def collect_step(self):
    """One environment step with the ε-greedy policy; the transition goes into the replay buffer."""
    epsilon = linear_epsilon(self.step, 1.0, self.eps_end, self.eps_decay_steps)
    action = self.agent.act(self.obs, epsilon)
    next_obs, reward, terminated, truncated, _ = self.env.step(action)
    self.buffer.add(self.obs, action, reward, next_obs, terminated)    # truncated는 저장하지 않음
    self.obs, self.episode_return, self.step = next_obs, self.episode_return + reward, self.step + 1
    if terminated or truncated:                                        # 에피소드 끝: 기록하고 새로 시작
        self.history["episode_returns"].append(self.episode_return)
        self.history["episode_epsilons"].append(epsilon)
        self.history["episode_end_steps"].append(self.step)
        self.obs, self.episode_return = self.env.reset()[0], 0.0


@add_to_class(DQNTrainer)
def learn(self):
    """N gradient steps, each on its own mini-batch of B transitions, then θ̄ ← θ."""
    batches = self.buffer.sample(self.batch_size, n_batches=self.n_updates)   # 미니배치 N개, 각 B개 전이
    loss = self.agent.train_steps(**batches)                                  # N번 갱신
    self.agent.update_target()                                                # 타깃 네트워크 복사
    self.history["losses"].append(float(loss))
    self.history["loss_steps"].append(self.step)


@add_to_class(DQNTrainer)
def evaluate_and_keep_best(self):
    """Mean return of eval_episodes greedy episodes; keep the weights when it is the best so far."""
    mean_return = evaluate(self.agent.greedy_actions, self.make_env, self.eval_episodes,
                           seed=500_000 + 1_000 * self.seed + self.step).mean()
    self.history["eval_steps"].append(self.step)
    self.history["eval_returns"].append(float(mean_return))
    if mean_return > self.best_return:                        # 지금까지 최고: 가중치를 복사해 보관
        self.best_return, self.best_step = float(mean_return), self.step
        self.best_weights = self.agent.online.get_weights()
    return mean_return


@add_to_class(DQNTrainer)
def fit(self, max_steps, stop_return=None):
    """Interact until max_steps environment steps in all, or until an evaluation reaches stop_return.

    Afterwards the agent holds the best evaluated weights. Returns the history dict.
    """
    check_scalar(max_steps, "max_steps", min_value=1)
    while self.step < max_steps:
        self.collect_step()
        if self.step >= self.learning_starts and self.step % self.train_every == 0:
            self.learn()
        if self.step >= self.learning_starts and self.step % self.eval_every == 0:
            mean_return = self.evaluate_and_keep_best()
            if stop_return is not None and mean_return >= stop_return:
                break                                         # 목표 도달: 예산이 남아도 멈춤
    if self.history["eval_steps"][-1:] != [self.step]:        # 마지막 상태도 평가
        self.evaluate_and_keep_best()
    self.agent.online.set_weights(self.best_weights)          # 가장 좋았던 가중치로 되돌림
    self.agent.update_target()
    return self.history
# ---- END saved cells ----


def moving_average(values, window=20):
    """Trailing moving average: element i is the mean of ``values[max(0, i-window+1) : i+1]``."""
    check_scalar(window, "window", min_value=1)
    values = np.asarray(values, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"moving_average() needs a 1-D sequence, got shape {values.shape}")
    cumsum = np.concatenate([[0.0], np.cumsum(values)])
    idx = np.arange(1, len(values) + 1)
    lo = np.maximum(0, idx - window)
    return (cumsum[idx] - cumsum[lo]) / (idx - lo)


def plot_rl_training(returns, epsilons=None, losses=None, window=20, target=None, title=None,
                     loss_steps=None):
    """Reinforcement-learning curves: episode returns with a moving average, then ε and loss.

    ``returns``: one value per episode; ``epsilons``: ε at the end of each episode (optional);
    ``losses``: one per training update (optional, drawn with its moving average on a log scale),
    at the environment steps ``loss_steps`` when given;
    ``target``: a horizontal line on the returns panel (e.g. 475 for CartPole-v1).
    """
    returns = np.asarray(returns, dtype=float)
    if returns.ndim != 1 or len(returns) == 0:
        raise ValueError("plot_rl_training() needs a non-empty 1-D sequence of episode returns")
    if epsilons is not None and len(epsilons) != len(returns):
        raise ValueError(f"got {len(returns)} returns but {len(epsilons)} epsilons (one per episode)")

    panels = 1 + (epsilons is not None) + (losses is not None)
    fig, axes = plt.subplots(1, panels, figsize=(4.6 * panels, 3.4), squeeze=False)
    axes = list(axes[0])
    episodes = np.arange(1, len(returns) + 1)
    ax = axes.pop(0)
    ax.plot(episodes, returns, color="0.7", lw=0.8, label="에피소드 리턴")
    ax.plot(episodes, moving_average(returns, window), color="C0", lw=2, label=f"이동 평균({window})")
    if target is not None:
        ax.axhline(target, color="C3", ls="--", lw=1, label=f"목표 {target}")
    ax.set(xlabel="에피소드(episode)", ylabel="리턴(return)", title="에피소드 리턴")
    ax.legend(fontsize=8)
    if epsilons is not None:
        ax = axes.pop(0)
        ax.plot(episodes, epsilons, color="C2")
        ax.set(xlabel="에피소드(episode)", ylabel="ε", title="탐험 비율 ε", ylim=(0, 1.05))
    if losses is not None:
        losses = np.asarray(losses, dtype=float)
        ax = axes.pop(0)
        if loss_steps is not None and len(loss_steps) != len(losses):
            raise ValueError(f"got {len(losses)} losses but {len(loss_steps)} loss_steps")
        if len(losses):
            steps = np.arange(1, len(losses) + 1) if loss_steps is None else np.asarray(loss_steps)
            ax.plot(steps, losses, color="0.75", lw=0.5)
            ax.plot(steps, moving_average(losses, max(1, len(losses) // 50)), color="C1", lw=1.5)
            plots.log_scale(ax)   # tick labels the Hangul font can draw
        ax.set(xlabel="학습 스텝(update)" if loss_steps is None else "환경 스텝(step)",
               ylabel="Huber 손실", title="손실(loss)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_gridworld_q(q_table, desc, title=None, action_names=("왼쪽", "아래", "오른쪽", "위"),
                     action_vectors=((-1, 0), (0, 1), (1, 0), (0, -1))):
    """A grid world's Q-table and greedy policy: Q(s, a) as a heatmap and π(s) as arrows on the map.

    ``q_table``: shape ``(rows * cols, n_actions)``; ``desc``: the map as rows of letters
    (FrozenLake: S start, F frozen, H hole, G goal), e.g. ``env.unwrapped.desc``.
    ``action_names`` and ``action_vectors`` (column, row steps on the map) describe each action;
    the defaults are FrozenLake's: 0 left, 1 down, 2 right, 3 up.
    """
    desc = np.asarray([[c.decode() if isinstance(c, bytes) else str(c) for c in row] for row in desc])
    q_table = np.asarray(q_table, dtype=float)
    rows, cols = desc.shape
    if q_table.ndim != 2 or q_table.shape[0] != rows * cols:
        raise ValueError(f"q_table needs shape ({rows * cols}, n_actions) for a {rows}x{cols} map, "
                         f"got {q_table.shape}")
    if not q_table.shape[1] == len(action_names) == len(action_vectors):
        raise ValueError(f"q_table has {q_table.shape[1]} actions but {len(action_names)} action_names "
                         f"and {len(action_vectors)} action_vectors")
    fig, (ax_q, ax_pi) = plt.subplots(1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [1, 1.15]})
    im = ax_q.imshow(q_table, cmap="viridis", aspect="auto")
    ax_q.set(xticks=range(q_table.shape[1]), yticks=range(len(q_table)), xlabel="행동(action)",
             ylabel="상태(state)", title="Q-테이블 Q(s, a)")
    ax_q.set_xticklabels([f"{a} {name}" for a, name in enumerate(action_names)])
    ax_q.grid(False)
    for s in range(len(q_table)):
        for a in range(q_table.shape[1]):
            ax_q.text(a, s, f"{q_table[s, a]:.2f}", ha="center", va="center", fontsize=7,
                      color="w" if q_table[s, a] < q_table.max() * 0.6 else "k")
    fig.colorbar(im, ax=ax_q, fraction=0.05)
    values = q_table.max(axis=1).reshape(rows, cols)
    ax_pi.imshow(values, cmap="Blues", vmin=0, vmax=max(1.6 * values.max(), 1e-9))  # light: text stays legible
    ax_pi.grid(False)
    for r in range(rows):
        for c in range(cols):
            letter = desc[r, c]
            if letter == "H":
                ax_pi.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="0.25"))
                ax_pi.text(c, r, "H", ha="center", va="center", color="w", fontsize=14)
            elif letter == "G":
                ax_pi.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, color="#f6b26b"))
                ax_pi.text(c, r, "G", ha="center", va="center", fontsize=14)
            else:
                dx, dy = action_vectors[int(q_table[r * cols + c].argmax())]
                ax_pi.annotate("", xy=(c + 0.3 * dx, r - 0.12 + 0.3 * dy),
                               xytext=(c - 0.3 * dx, r - 0.12 - 0.3 * dy),
                               arrowprops={"arrowstyle": "-|>", "lw": 2, "color": "k"})
                ax_pi.text(c, r + 0.3, f"{letter} {values[r, c]:.2f}", ha="center", va="center",
                           fontsize=8)
    ax_pi.set(xticks=[], yticks=[], title="정책 π(s) = argmax Q(s, a)와 V(s) = max Q(s, a)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
