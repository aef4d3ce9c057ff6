"""A minimal stand-in for the ConfigSpace package (not installable here): just what HpBandSter's
BOHB, HyperBand and RandomSampling use, for float (optionally log) and integer hyper-parameters.
Vector encodings follow ConfigSpace: floats (log: in log space) map linearly to [0, 1]; integers are a
float on [lower - 0.49999, upper + 0.49999], rounded back."""
import math
import numpy as np
from . import hyperparameters, util  # noqa: F401
from .hyperparameters import UniformFloatHyperparameter, UniformIntegerHyperparameter, CategoricalHyperparameter  # noqa: F401


class ConfigurationSpace:
    def __init__(self, seed=None):
        self._hps = []
        self.random = np.random.RandomState(seed)

    def add_hyperparameter(self, hp):
        self._hps.append(hp)
        return hp

    def add_hyperparameters(self, hps):
        for h in hps:
            self.add_hyperparameter(h)

    def get_hyperparameters(self):
        return list(self._hps)

    def get_hyperparameter(self, name):
        return next(h for h in self._hps if h.name == name)

    def get_hyperparameter_by_idx(self, i):
        return self._hps[i].name

    def sample_configuration(self, size=1):
        vec = np.array([h._sample_vector(self.random) for h in self._hps])
        return Configuration(self, vector=vec)


class Configuration:
    def __init__(self, configuration_space, values=None, vector=None):
        self.configuration_space = configuration_space
        hps = configuration_space.get_hyperparameters()
        if vector is not None:
            self._vector = np.array(vector, dtype=float)
            self._values = {h.name: h._from_vector(v) for h, v in zip(hps, self._vector)}
        else:
            self._values = dict(values)
            self._vector = np.array([h._to_vector(self._values[h.name]) for h in hps])

    def get_dictionary(self):
        return dict(self._values)

    def get_array(self):
        return self._vector.copy()

    def __getitem__(self, k):
        return self._values[k]
