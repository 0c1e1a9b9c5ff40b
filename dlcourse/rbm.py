"""Restricted Boltzmann machines (RBM) with binary units, and their use in deep belief networks.

An RBM has visible units ``v`` (n_visible), hidden units ``h`` (n_hidden), weights ``W``
(n_visible x n_hidden), a visible bias ``b`` and a hidden bias ``c``. Its energy is

    E(v, h) = -b.v - c.h - v.W.h

and both conditionals factorise into sigmoids: ``p(h=1|v) = sigmoid(v W + c)`` and
``p(v=1|h) = sigmoid(h W^T + b)``. :class:`RBM` trains with contrastive divergence (CD-k) or
persistent CD (PCD), compiled with ``tf.function``; :func:`dbn_classifier` unrolls a stack
of trained RBMs into a Keras classifier for fine-tuning.

    rbm = RBM(n_visible=784, n_hidden=128, seed=0)
    history = rbm.fit(x_binary, epochs=10)        # {"reconstruction_error": [...]}
    features = rbm.transform(x_binary)             # p(h=1|v)
"""

import numpy as np
import tensorflow as tf


class RBM(tf.Module):
    """A Bernoulli-Bernoulli RBM trained with CD-k or persistent CD.

    Parameters
    ----------
    n_visible, n_hidden : number of visible and hidden units.
    learning_rate : step size of the CD update.
    k : Gibbs steps in the negative phase (CD-k).
    persistent : keep the negative chains between updates (PCD) instead of restarting them
        at the data.
    momentum : momentum of the parameter updates (0 for plain gradient steps).
    weight_decay : L2 penalty on ``W``.
    batch_size : mini-batch size of :meth:`fit` (and number of persistent chains).
    seed : seed of the initial weights, of the Gibbs sampler and of the shuffling.
    """

    def __init__(self, n_visible, n_hidden, learning_rate=0.05, k=1, persistent=False,
                 momentum=0.5, weight_decay=1e-4, batch_size=64, seed=0, name=None):
        super().__init__(name=name)
        for label, value in (("n_visible", n_visible), ("n_hidden", n_hidden), ("k", k),
                             ("batch_size", batch_size)):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{label} must be a positive int, got {value!r}")
        if not learning_rate > 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
        self.n_visible, self.n_hidden = int(n_visible), int(n_hidden)
        self.learning_rate, self.k, self.persistent = float(learning_rate), int(k), bool(persistent)
        self.momentum, self.weight_decay = float(momentum), float(weight_decay)
        self.batch_size, self.seed = int(batch_size), int(seed)
        init = np.random.default_rng(seed).normal(0.0, 0.01, (self.n_visible, self.n_hidden))
        self.W = tf.Variable(init.astype("float32"), name="W")
        self.b = tf.Variable(tf.zeros([self.n_visible]), name="b")  # visible bias
        self.c = tf.Variable(tf.zeros([self.n_hidden]), name="c")  # hidden bias
        self._velocity = [tf.Variable(tf.zeros_like(p)) for p in (self.W, self.b, self.c)]
        self._chain = tf.Variable(tf.zeros([self.batch_size, self.n_visible]), name="chain")
        self._chain_ready = False
        self._rng = tf.random.Generator.from_seed(seed)

    # --- the model -------------------------------------------------------------------------
    def hidden_probs(self, v):
        """p(h_j = 1 | v) = sigmoid(v W + c), shape (n, n_hidden)."""
        return tf.sigmoid(tf.matmul(tf.cast(v, tf.float32), self.W) + self.c)

    def visible_probs(self, h):
        """p(v_i = 1 | h) = sigmoid(h W^T + b), shape (n, n_visible)."""
        return tf.sigmoid(tf.matmul(tf.cast(h, tf.float32), self.W, transpose_b=True) + self.b)

    def _bernoulli(self, p):
        return tf.cast(self._rng.uniform(tf.shape(p)) < p, tf.float32)

    def sample_hidden(self, v):
        """A binary sample of h given v."""
        return self._bernoulli(self.hidden_probs(v))

    def sample_visible(self, h):
        """A binary sample of v given h."""
        return self._bernoulli(self.visible_probs(h))

    def energy(self, v, h):
        """E(v, h) = -b.v - c.h - v.W.h for each row, shape (n,)."""
        v, h = tf.cast(v, tf.float32), tf.cast(h, tf.float32)
        return (-tf.linalg.matvec(v, self.b) - tf.linalg.matvec(h, self.c)
                - tf.reduce_sum(tf.matmul(v, self.W) * h, axis=1))

    def free_energy(self, v):
        """F(v) = -log sum_h exp(-E(v, h)) = -b.v - sum_j softplus(c_j + v.W_j), shape (n,)."""
        v = self._check(v)
        return -tf.linalg.matvec(v, self.b) - tf.reduce_sum(
            tf.nn.softplus(tf.matmul(v, self.W) + self.c), axis=1)

    # --- sampling --------------------------------------------------------------------------
    @tf.function
    def _gibbs(self, v, steps):
        p_v = v
        for _ in tf.range(steps):
            h = self.sample_hidden(v)
            p_v = self.visible_probs(h)
            v = self._bernoulli(p_v)
        return v, p_v

    def gibbs(self, v, steps=1):
        """Run ``steps`` rounds of block Gibbs sampling v -> h -> v from ``v``.

        Returns ``(v_sample, v_probs)`` of the last step as NumPy arrays.
        """
        if not isinstance(steps, (int, np.integer)) or steps < 1:
            raise ValueError(f"steps must be a positive int, got {steps!r}")
        v_sample, p_v = self._gibbs(self._check(v), tf.constant(int(steps)))
        return v_sample.numpy(), p_v.numpy()

    def sample(self, n, steps=1000, init=None):
        """``n`` fantasy samples after ``steps`` Gibbs steps from random (or ``init``) visibles.

        Returns the visible probabilities of the last step, shape (n, n_visible).
        """
        if init is None:
            init = (np.random.default_rng(self.seed).random((n, self.n_visible)) < 0.5)
        init = np.asarray(init, dtype="float32")
        if len(init) != n:
            raise ValueError(f"init has {len(init)} rows but n={n} samples were asked for")
        return self.gibbs(init, steps)[1]

    # --- measures --------------------------------------------------------------------------
    def transform(self, v):
        """Hidden features p(h=1|v) as a NumPy array (n, n_hidden)."""
        return self.hidden_probs(self._check(v)).numpy()

    def reconstruct(self, v):
        """Mean-field reconstruction p(v|h) with h = p(h|v), shape (n, n_visible)."""
        return self.visible_probs(self.hidden_probs(self._check(v))).numpy()

    def reconstruction_error(self, v):
        """Mean squared difference per pixel between ``v`` and :meth:`reconstruct` (a float)."""
        v = self._check(v)
        return float(tf.reduce_mean(tf.square(v - self.visible_probs(self.hidden_probs(v)))))

    def pseudo_likelihood(self, v, exact=False):
        """Mean log pseudo-likelihood sum_i log p(v_i | v_-i) per sample (higher is better).

        With ``exact=False`` one random unit per sample is flipped and the sum is estimated as
        ``n_visible * log sigmoid(F(v_flipped) - F(v))`` (as scikit-learn's ``score_samples``);
        ``exact=True`` flips every unit in turn (costs n_visible free energies).
        """
        v = self._check(v)
        f_v = self.free_energy(v)
        n = tf.shape(v)[0]
        if exact:
            total = tf.zeros([n])
            for i in range(self.n_visible):
                flip = tf.one_hot(tf.fill([n], i), self.n_visible)
                total += tf.math.log_sigmoid(self.free_energy(tf.abs(v - flip)) - f_v)
            return float(tf.reduce_mean(total))
        idx = self._rng.uniform([n], 0, self.n_visible, dtype=tf.int64)
        flip = tf.one_hot(idx, self.n_visible)
        logp = tf.math.log_sigmoid(self.free_energy(tf.abs(v - flip)) - f_v)
        return float(self.n_visible * tf.reduce_mean(logp))

    # --- learning --------------------------------------------------------------------------
    @tf.function
    def _cd_step(self, v0):
        """One CD-k (or PCD-k) update on the batch ``v0``; returns its reconstruction error."""
        n = tf.cast(tf.shape(v0)[0], tf.float32)
        h0 = self.hidden_probs(v0)                      # positive phase (data)
        v = self._chain if self.persistent else v0      # negative chain start
        h = self._bernoulli(self.hidden_probs(v))
        for _ in range(self.k):                         # k Gibbs steps
            v = self._bernoulli(self.visible_probs(h))
            hk = self.hidden_probs(v)
            h = self._bernoulli(hk)
        m = tf.cast(tf.shape(v)[0], tf.float32)
        grads = (
            tf.matmul(v0, h0, transpose_a=True) / n - tf.matmul(v, hk, transpose_a=True) / m
            - self.weight_decay * self.W,
            tf.reduce_mean(v0, axis=0) - tf.reduce_mean(v, axis=0),
            tf.reduce_mean(h0, axis=0) - tf.reduce_mean(hk, axis=0),
        )
        for param, vel, grad in zip((self.W, self.b, self.c), self._velocity, grads):
            vel.assign(self.momentum * vel + self.learning_rate * grad)
            param.assign_add(vel)
        if self.persistent:
            self._chain.assign(v)
        return tf.reduce_mean(tf.square(v0 - self.visible_probs(h0)))

    def partial_fit(self, v):
        """One CD-k / PCD-k update on one mini-batch; returns the batch's reconstruction error."""
        v = self._check(v)
        self._start_chain(v)
        return float(self._cd_step(v))

    def fit(self, x, epochs=10, validation_data=None, verbose=False):
        """Train on the rows of ``x`` (values in [0, 1]) for ``epochs`` passes of mini-batches.

        Returns a history dict: ``reconstruction_error`` per epoch (mean over the batches) and,
        with ``validation_data``, ``val_reconstruction_error``.
        """
        x = self._check(x).numpy()
        if not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be a positive int, got {epochs!r}")
        history = {"reconstruction_error": []}
        if validation_data is not None:
            validation_data = self._check(validation_data)
            history["val_reconstruction_error"] = []
        rng = np.random.default_rng(self.seed)
        self._start_chain(x)
        for epoch in range(epochs):
            order = rng.permutation(len(x))
            errors = [float(self._cd_step(tf.constant(x[order[i:i + self.batch_size]])))
                      for i in range(0, len(x), self.batch_size)]
            history["reconstruction_error"].append(float(np.mean(errors)))
            if validation_data is not None:
                history["val_reconstruction_error"].append(self.reconstruction_error(validation_data))
            if verbose:
                print(f"epoch {epoch + 1}/{epochs}: reconstruction error {history['reconstruction_error'][-1]:.4f}")
        return history

    def _start_chain(self, x):
        if self.persistent and not self._chain_ready:
            rows = np.random.default_rng(self.seed).integers(0, len(x), self.batch_size)
            self._chain.assign(tf.gather(tf.convert_to_tensor(x, tf.float32), rows))
            self._chain_ready = True

    def _check(self, v):
        array = np.asarray(v, dtype="float32") if not isinstance(v, tf.Tensor) else v.numpy()
        if array.ndim != 2 or array.shape[1] != self.n_visible:
            raise ValueError(f"expected a 2-D array of shape (n, {self.n_visible}) (one row per "
                             f"example, flatten images first), got shape {array.shape}")
        if array.size and (array.min() < 0 or array.max() > 1):
            raise ValueError("RBM inputs must lie in [0, 1]: scale or binarize them first "
                             f"(got values from {array.min():g} to {array.max():g})")
        return tf.constant(array, tf.float32)


def dbn_classifier(n_inputs, hidden_sizes, n_classes, rbms=None, seed=0):
    """A Keras MLP with sigmoid hidden layers ``hidden_sizes`` and a softmax output.

    With ``rbms`` (a list of trained :class:`RBM`, bottom first, one per hidden layer) the hidden
    layers start from the RBMs' ``W`` and hidden biases ``c``: the DBN unrolled for
    fine-tuning. Without it, the same network starts from Keras' random initialisation.
    """
    import keras

    hidden_sizes = list(hidden_sizes)
    if rbms is not None:
        sizes = [(r.n_visible, r.n_hidden) for r in rbms]
        expected = list(zip([n_inputs] + hidden_sizes[:-1], hidden_sizes))
        if sizes != expected:
            raise ValueError(f"the RBMs have (visible, hidden) sizes {sizes} but the network needs "
                             f"{expected}; train one RBM per hidden layer, bottom first")
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=(n_inputs,))]
    layers += [keras.layers.Dense(n, activation="sigmoid", name=f"hidden{i + 1}")
               for i, n in enumerate(hidden_sizes)]
    layers.append(keras.layers.Dense(n_classes, activation="softmax", name="output"))
    model = keras.Sequential(layers)
    if rbms is not None:
        for layer, rbm in zip(model.layers, rbms):
            layer.set_weights([rbm.W.numpy(), rbm.c.numpy()])
    return model
