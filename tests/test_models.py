import numpy as np
import pytest

from dlcourse import models


def test_three_styles_are_the_same_model():
    built = {style: models.mlp(4, style=style) for style in models.STYLES}
    counts = {style: m.count_params() for style, m in built.items()}
    assert set(counts.values()) == {4 * 5 + 5 + 5 * 10 + 10 + 10 * 3 + 3}
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    reference = built["sequential"]
    for style in ("functional", "subclass"):
        models.copy_weights(reference, built[style])
        np.testing.assert_allclose(built[style](x), reference(x), rtol=1e-6)


def test_builder_rejects_bad_arguments():
    with pytest.raises(ValueError, match="style must be one of"):
        models.mlp(4, style="graph")
    with pytest.raises(ValueError, match="hidden must be a positive int"):
        models.mlp(4, hidden=(5, 0))
    with pytest.raises(ValueError, match="the models differ"):
        models.copy_weights(models.mlp(4), models.mlp(4, hidden=(6,)))
