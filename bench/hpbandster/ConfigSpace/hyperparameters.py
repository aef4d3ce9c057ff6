import math


class UniformFloatHyperparameter:
    def __init__(self, name, lower, upper, log=False, default_value=None):
        self.name, self.lower, self.upper, self.log = name, float(lower), float(upper), log
        self._lo = math.log(self.lower) if log else self.lower
        self._hi = math.log(self.upper) if log else self.upper

    def _to_vector(self, v):
        return ((math.log(v) if self.log else v) - self._lo) / (self._hi - self._lo)

    def _from_vector(self, u):
        x = self._lo + u * (self._hi - self._lo)
        return min(self.upper, max(self.lower, math.exp(x) if self.log else x))

    def _sample_vector(self, rs):
        return rs.uniform()


class UniformIntegerHyperparameter:
    def __init__(self, name, lower, upper, log=False, default_value=None):
        self.name, self.lower, self.upper, self.log = name, int(lower), int(upper), log
        self._lo, self._hi = self.lower - 0.49999, self.upper + 0.49999

    def _to_vector(self, v):
        return (v - self._lo) / (self._hi - self._lo)

    def _from_vector(self, u):
        return int(min(self.upper, max(self.lower, round(self._lo + u * (self._hi - self._lo)))))

    def _sample_vector(self, rs):
        return self._to_vector(rs.randint(self.lower, self.upper + 1))


class CategoricalHyperparameter:  # only for isinstance checks in HpBandSter
    def __init__(self, name, choices):
        self.name, self.choices = name, list(choices)
