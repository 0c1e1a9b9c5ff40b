"""Reference solutions of the coding exercises, used by the ``check_*`` functions in
:mod:`dlcourse.quiz`. Try the exercise in the notebook before you read them."""

import numpy as np

from dlcourse.activations import sigmoid


def accuracy(y_true, y_pred):
    """Lecture 00: the share of predictions equal to the true labels."""
    return np.mean(np.asarray(y_true) == np.asarray(y_pred))


def dense_param_count(sizes):
    """Lecture 03: parameters of a dense network with layer widths ``sizes`` (input first).

    Each layer has an ``n_in x n_out`` weight matrix and ``n_out`` biases.
    """
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def momentum_step(w, v, grad, lr=0.01, momentum=0.9):
    """Lecture 04: one SGD-with-momentum update (Keras' convention); returns ``(w_new, v_new)``.

    ``v ← momentum · v − lr · grad``, then ``w ← w + v``.
    """
    v_new = momentum * np.asarray(v) - lr * np.asarray(grad)
    return np.asarray(w) + v_new, v_new


def perceptron_update(w, x, target, lr):
    """Lecture 01: one perceptron step with the bias as the last weight.

    ``w = [w_1, ..., w_n, b]`` and ``x = [x_1, ..., x_n]``; the input gets a constant 1 for the
    bias, ``y_hat = step(w · [x, 1])`` and ``w ← w + lr (target − y_hat) [x, 1]``.
    """
    x1 = np.append(np.asarray(x, dtype=float), 1.0)
    y_hat = float(np.dot(w, x1) >= 0)
    return np.asarray(w, dtype=float) + lr * (target - y_hat) * x1


def sigmoid_derivative(z):
    """Lecture 02: derivative of the sigmoid, ``σ(z) (1 − σ(z))``."""
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1.0 - s)


def td_target(rewards, next_q, terminated, gamma=0.99):
    """Lecture 10: the batch TD target ``r + γ (1 − terminated) max_a' Q(s', a')``."""
    rewards = np.asarray(rewards, dtype=float)
    terminated = np.asarray(terminated, dtype=float)
    return rewards + gamma * (1.0 - terminated) * np.asarray(next_q, dtype=float).max(axis=1)


def make_windows(series, n_steps, horizon=1):
    """Lecture 06: windows ``x[i] = series[i:i+n_steps]`` (n, n_steps, 1) and the ``horizon``
    values after each, ``y[i] = series[i+n_steps:i+n_steps+horizon]`` (n, horizon)."""
    series = np.asarray(series, dtype="float32")
    n = len(series) - n_steps - horizon + 1
    x = np.stack([series[i:i + n_steps] for i in range(n)])
    y = np.stack([series[i + n_steps:i + n_steps + horizon] for i in range(n)])
    return x[..., np.newaxis], y


def cd1_update(v0, W, b, c):
    """Lecture 08: the CD-1 gradient estimates (dW, db, dc) of an RBM on the batch ``v0``.

    Mean-field version (probabilities instead of samples, so the answer is deterministic):
    h0 = p(h|v0), v1 = p(v|h0), h1 = p(h|v1); dW = (v0^T h0 - v1^T h1) / n,
    db = mean(v0 - v1), dc = mean(h0 - h1).
    """
    v0 = np.asarray(v0, dtype=float)
    h0 = sigmoid(v0 @ W + c)       # positive phase
    v1 = sigmoid(h0 @ W.T + b)     # one Gibbs step down ...
    h1 = sigmoid(v1 @ W + c)       # ... and up: negative phase
    n = len(v0)
    return (v0.T @ h0 - v1.T @ h1) / n, (v0 - v1).mean(axis=0), (h0 - h1).mean(axis=0)


def conv2d(image, kernel, stride=1, padding=0):
    """Lecture 05: 2-D convolution with zero padding and a stride (cross-correlation, no flip).

    ``padding`` zeros are added on every side, then the kernel moves by ``stride``; the output
    is ``(n + 2p - f) // s + 1`` on each axis and ``out[i, j] = sum(window * kernel)``. Written
    with NumPy's window view instead of the loops of the lecture's own ``conv2d`` (stride 1,
    no padding), so the two versions check each other (tests/test_cnn.py).
    """
    image = np.pad(np.asarray(image, dtype=float), padding)
    kernel = np.asarray(kernel, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)  # every stride-1 window
    return np.einsum("ijkl,kl->ij", windows[::stride, ::stride], kernel)


def discriminator_loss(d_real, d_fake):
    """Lecture 09: the discriminator's binary cross-entropy, -mean log D(x) - mean log(1 - D(G(z))).

    ``d_real`` / ``d_fake`` are the discriminator's probabilities for real and generated images.
    """
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    return -np.mean(np.log(d_real)) - np.mean(np.log(1.0 - d_fake))


def reconstruction_bce(x, x_hat, eps=1e-7):
    """Lecture 07: per-image binary cross-entropy between images ``x`` and reconstructions ``x_hat``.

    ``x_hat`` is clipped to ``[eps, 1 - eps]`` (as Keras does) so that log(0) never occurs;
    the mean runs over the last axis (the pixels), giving one loss per image.
    """
    x = np.asarray(x, dtype=float)
    p = np.clip(np.asarray(x_hat, dtype=float), eps, 1.0 - eps)
    return -np.mean(x * np.log(p) + (1.0 - x) * np.log(1.0 - p), axis=-1)


# lectures 00-05: second exercises

def confusion_matrix(y_true, y_pred, n_classes):
    """Lecture 00: ``C[i, j]`` counts the samples of true class ``i`` predicted as class ``j``."""
    matrix = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(matrix, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return matrix


def multiclass_perceptron_update(W, x, target, lr):
    """Lecture 01: one step of the multiclass perceptron; ``W`` has one row ``[w, b]`` per class.

    The prediction is ``argmax(W @ [x, 1])``; when it is wrong, the true class's row moves
    toward ``[x, 1]`` and the predicted class's row away from it.
    """
    W = np.array(W, dtype=float)
    x1 = np.append(np.asarray(x, dtype=float), 1.0)
    predicted = int(np.argmax(W @ x1))
    if predicted != target:
        W[target] += lr * x1
        W[predicted] -= lr * x1
    return W


def swish_derivative(z):
    """Lecture 02: derivative of swish (SiLU) ``z σ(z)``: ``σ(z) + z σ(z) (1 − σ(z))``."""
    z = np.asarray(z, dtype=float)
    s = sigmoid(z)
    return s + z * s * (1.0 - s)


def tanh_layer_backward(d_out, x, W, b):
    """Lecture 02: backward pass of the layer ``out = tanh(x @ W + b)`` given ``d_out = ∂L/∂out``.

    Returns ``(dx, dW, db)``.
    """
    out = np.tanh(np.asarray(x, dtype=float) @ W + b)
    dz = np.asarray(d_out, dtype=float) * (1.0 - out ** 2)
    return dz @ np.asarray(W).T, np.asarray(x).T @ dz, dz.sum(axis=0)


def layer_stack_summary(input_shape, layers):
    """Lecture 03: output shape (without the batch axis) and parameter count of a Keras stack.

    ``layers`` holds ``("dense", units)``, ``("flatten",)``, ``("dropout", rate)`` or
    ``("batchnorm",)``. Dense acts on the last axis; batch normalization keeps 4 numbers per
    feature (γ, β, moving mean and variance).
    """
    shape, params = tuple(input_shape), 0
    for kind, *args in layers:
        if kind == "dense":
            params += (shape[-1] + 1) * args[0]
            shape = shape[:-1] + (args[0],)
        elif kind == "flatten":
            shape = (int(np.prod(shape)),)
        elif kind == "batchnorm":
            params += 4 * shape[-1]
    return shape, params


def adam_step(w, m, s, grad, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    """Lecture 04: one Adam update (the lecture's table); returns ``(w_new, m_new, s_new)``.

    ``m`` and ``s`` are the moving averages of ``grad`` and ``grad²``; ``t`` (from 1) is the step
    number used by the bias correction ``m / (1 − beta1^t)``, ``s / (1 − beta2^t)``.
    """
    grad = np.asarray(grad, dtype=float)
    m_new = beta1 * np.asarray(m) + (1 - beta1) * grad
    s_new = beta2 * np.asarray(s) + (1 - beta2) * grad ** 2
    m_hat, s_hat = m_new / (1 - beta1 ** t), s_new / (1 - beta2 ** t)
    return np.asarray(w) - lr * m_hat / (np.sqrt(s_hat) + eps), m_new, s_new


def conv2d_multichannel(image, kernels, bias):
    """Lecture 05: a 'valid', stride-1 convolution layer like Keras' ``Conv2D``.

    ``image`` is ``(H, W, C_in)``, ``kernels`` ``(f_h, f_w, C_in, C_out)`` and ``bias``
    ``(C_out,)``; each output channel sums the products over the window and all input channels.
    """
    image, kernels = np.asarray(image, dtype=float), np.asarray(kernels, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(image, kernels.shape[:2], axis=(0, 1))
    return np.einsum("ijckl,klco->ijo", windows, kernels) + np.asarray(bias, dtype=float)


# lectures 06-10

def birnn_forward(x, forward_params, backward_params):
    """Lecture 06: a bidirectional simple RNN over ``x`` (batch, time, inputs).

    Each of ``forward_params`` / ``backward_params`` is ``(W_x, W_h, b)``. The forward RNN reads
    t = 0..T-1, the backward RNN reads t = T-1..0 and its outputs are put back in time order;
    at each t the two hidden states are concatenated, forward first (like keras
    ``Bidirectional(SimpleRNN(..., return_sequences=True))``). Returns (batch, time, 2 units).
    """
    def run(x, W_x, W_h, b):
        h, states = np.zeros((x.shape[0], np.shape(W_h)[0])), []
        for t in range(x.shape[1]):
            h = np.tanh(x[:, t] @ W_x + h @ W_h + b)
            states.append(h)
        return np.stack(states, axis=1)

    x = np.asarray(x, dtype=float)
    forward = run(x, *forward_params)
    backward = run(x[:, ::-1], *backward_params)[:, ::-1]   # read backwards, then undo the reversal
    return np.concatenate([forward, backward], axis=-1)


def reconstruction_bce_logits(x, logits):
    """Lecture 07: per-image binary cross-entropy from the decoder's logits z (before the sigmoid).

    log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z), so a pixel's loss is
    softplus(z) − x z: exact for any z, with no clipping (``np.logaddexp(0, z)`` = softplus).
    """
    x, z = np.asarray(x, dtype=float), np.asarray(logits, dtype=float)
    return np.mean(np.logaddexp(0.0, z) - x * z, axis=-1)


def kl_sparsity_penalty(codes, target=0.1):
    """Lecture 07: the KL-divergence sparsity penalty of a batch of sigmoid codings (n, units).

    ``rho_hat`` is each unit's mean activation over the batch; the penalty is the sum over units
    of ``KL(target || rho_hat) = t log(t / rho_hat) + (1 - t) log((1 - t) / (1 - rho_hat))``.
    """
    rho_hat = np.asarray(codes, dtype=float).mean(axis=0)
    t = target
    return np.sum(t * np.log(t / rho_hat) + (1 - t) * np.log((1 - t) / (1 - rho_hat)))


def cdk_update(v0, W, b, c, k):
    """Lecture 08: mean-field CD-k gradient estimates ``(dW, db, dc)`` of an RBM on the batch ``v0``.

    Like :func:`cd1_update`, but the chain runs k up-down steps: h0 = p(h|v0), then k times
    v = p(v|h), h = p(h|v); the negative phase uses the last v_k and h_k = p(h|v_k).
    """
    v0 = np.asarray(v0, dtype=float)
    h0 = sigmoid(v0 @ W + c)
    vk, hk = v0, h0
    for _ in range(k):
        vk = sigmoid(hk @ W.T + b)
        hk = sigmoid(vk @ W + c)
    n = len(v0)
    return (v0.T @ h0 - vk.T @ hk) / n, (v0 - vk).mean(axis=0), (h0 - hk).mean(axis=0)


def smoothed_discriminator_loss(d_real, d_fake, smooth=0.1):
    """Lecture 09: the discriminator's binary cross-entropy with one-sided label smoothing.

    Real images get the target t = 1 − smooth, fakes keep 0: the loss is
    −mean(t log D(x) + (1 − t) log(1 − D(x))) − mean(log(1 − D(G(z)))); smooth = 0 gives
    :func:`discriminator_loss`.
    """
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    t = 1.0 - smooth
    return -np.mean(t * np.log(d_real) + (1.0 - t) * np.log(1.0 - d_real)) - np.mean(np.log(1.0 - d_fake))


def lsgan_losses(d_real, d_fake):
    """Lecture 09: least-squares GAN losses ``(d_loss, g_loss)`` from the discriminator's raw scores.

    D pulls real scores to 1 and fake scores to 0; G pulls fake scores to 1; each term is half
    a mean squared error: d_loss = ½ mean((D(x) − 1)²) + ½ mean(D(G(z))²), g_loss = ½ mean((D(G(z)) − 1)²).
    """
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    d_loss = 0.5 * np.mean((d_real - 1.0) ** 2) + 0.5 * np.mean(d_fake ** 2)
    return d_loss, 0.5 * np.mean((d_fake - 1.0) ** 2)


def expected_sarsa_target(rewards, next_q, terminated, epsilon, gamma=0.99):
    """Lecture 10: the Expected SARSA target of a batch under the ε-greedy policy.

    r + γ (1 − terminated) Σ_a' π(a'|s') Q(s', a') with π(a'|s') = ε / n_actions for every
    action plus 1 − ε on the greedy one; that sum is (1 − ε) max Q(s', ·) + ε mean Q(s', ·).
    """
    next_q = np.asarray(next_q, dtype=float)
    expected = (1.0 - epsilon) * next_q.max(axis=1) + epsilon * next_q.mean(axis=1)
    return np.asarray(rewards, dtype=float) + gamma * (1.0 - np.asarray(terminated, dtype=float)) * expected


def double_dqn_target(rewards, next_q_online, next_q_target, terminated, truncated, gamma=0.99):
    """Lecture 10: the Double DQN target of a batch (NumPy).

    The online network picks a' = argmax Q_online(s', ·); the target network evaluates it:
    y = r + γ (1 − terminated) Q_target(s', a'). A truncated transition (time ran out) still
    bootstraps, so ``truncated`` does not change the target.
    """
    best = np.asarray(next_q_online).argmax(axis=1)
    value = np.take_along_axis(np.asarray(next_q_target, dtype=float), best[:, None], axis=1)[:, 0]
    return np.asarray(rewards, dtype=float) + gamma * (1.0 - np.asarray(terminated, dtype=float)) * value


def cosine_alpha_bars(T, s=0.008):
    """Lecture 13: the cosine schedule's alpha_bar_t for t = 1..T (index t - 1), f(t) / f(0) with
    f(t) = cos^2(((t / T + s) / (1 + s)) * pi / 2) (Nichol & Dhariwal, 2021)."""
    def f(t):
        return np.cos((t / T + s) / (1 + s) * np.pi / 2) ** 2

    return f(np.arange(1, T + 1)) / f(0)


def ddim_step(x_t, eps_hat, alpha_bar_t, alpha_bar_prev):
    """Lecture 13: the deterministic DDIM step x_t -> x_t' from the predicted noise ``eps_hat``.

    x0_hat = (x_t - sqrt(1 - a_t) eps_hat) / sqrt(a_t); x_t' = sqrt(a_t') x0_hat + sqrt(1 - a_t') eps_hat.
    """
    x_t, eps_hat = np.asarray(x_t, dtype=float), np.asarray(eps_hat, dtype=float)
    x0_hat = (x_t - np.sqrt(1.0 - alpha_bar_t) * eps_hat) / np.sqrt(alpha_bar_t)
    return np.sqrt(alpha_bar_prev) * x0_hat + np.sqrt(1.0 - alpha_bar_prev) * eps_hat


def decoder_mask(token_ids, pad_id=0):
    """Lecture 11: the decoder self-attention mask (batch, T, T): True where query i may attend to key j,
    that is j <= i (causal) and token j is not padding."""
    ids = np.asarray(token_ids)
    causal = np.tril(np.ones((ids.shape[-1], ids.shape[-1]), dtype=bool))
    return causal[None, :, :] & (ids != pad_id)[:, None, :]


def pe_shift_matrix(k, d_model, base=10000.0):
    """Lecture 11: the (d_model, d_model) matrix M with PE[pos + k] = PE[pos] @ M for the sinusoidal
    positional encoding (sin in even columns 2i, cos in odd columns 2i + 1, frequency base^(-2i / d_model)).

    Each (sin, cos) pair turns by the angle ω_i k: a 2x2 rotation block [[cos, -sin], [sin, cos]].
    """
    i = np.arange(d_model // 2)
    angle = k * base ** (-2.0 * i / d_model)
    m = np.zeros((d_model, d_model))
    m[2 * i, 2 * i], m[2 * i, 2 * i + 1] = np.cos(angle), -np.sin(angle)
    m[2 * i + 1, 2 * i], m[2 * i + 1, 2 * i + 1] = np.sin(angle), np.cos(angle)
    return m


def separable_mult_adds(n, c_in, c_out, k, stride=1, padding="same"):
    """Lecture 12: multiply-adds of a depthwise-separable convolution (no bias) on an n x n x c_in input.

    The output side is ceil(n / stride) for ``"same"`` and (n - k) // stride + 1 for ``"valid"``; the
    depthwise k x k step costs out^2 k^2 c_in and the pointwise 1 x 1 step out^2 c_in c_out.
    """
    out = -(-n // stride) if padding == "same" else (n - k) // stride + 1
    return out * out * (k * k * c_in + c_in * c_out)


def receptive_field(layers):
    """Lecture 12: the receptive field of a stack of ``(kernel, stride, dilation)`` layers.

    r = 1 + sum_l d_l (k_l - 1) * prod_{m<l} s_m: each layer widens the field by its effective width
    minus one, measured in input pixels (the product of the strides before it).
    """
    field, jump = 1, 1
    for kernel, stride, dilation in layers:
        field += dilation * (kernel - 1) * jump
        jump *= stride
    return field
