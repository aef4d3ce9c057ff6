"""scikit-learn's fit times on the classic experiments' data, for the CT column of bench:classic.

    /usr/bin/python3 bench/sklearn_fit_times.py [--models rf,svm,knn,mlp] [--out bench/results/sklearn-fit-times.json]

Debian's python3-sklearn (the `python3` on some PATHs lacks it). For digits and Boston housing, each
model with its library defaults (RF, SVM, KNN, as the paper's "default HPs" row) is fitted on each of the
3 folds of the paper's protocol (StratifiedKFold / KFold, unshuffled); we record the CPU seconds
(time.process_time) of the fits, of fit + predict, and the cross-validated score. One thread
(n_jobs=1, and BLAS limited to one thread), as the JavaScript learners. The MLP (MLPClassifier /
MLPRegressor, defaults, random_state=0) sits behind a StandardScaler of the features, and for regression of
the target too (TransformedTargetRegressor), which is what rxhpo's mlp does inside its fit.
`npx tsx bench/learnerFitTimes.ts` measures rxhpo's learners the same way.
"""
import argparse
import json
import os
import platform
import time

import warnings

import numpy as np
import sklearn
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR
from threadpoolctl import threadpool_limits

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = [
    ("digits", "datasets/digits.csv", "target", "classification"),
    ("boston_housing", "datasets/boston_housing.csv", "MEDV", "regression"),
]


def load(path, target):
    with open(os.path.join(ROOT, path)) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(os.path.join(ROOT, path), delimiter=",", skiprows=1)
    t = header.index(target)
    return np.delete(data, t, axis=1), data[:, t]


def models(task):
    if task == "classification":
        return {
            "rf": RandomForestClassifier(random_state=0),
            "svm": SVC(),
            "knn": KNeighborsClassifier(),
            "mlp": make_pipeline(StandardScaler(), MLPClassifier(random_state=0)),
        }
    return {
        "rf": RandomForestRegressor(random_state=0),
        "svm": SVR(),
        "knn": KNeighborsRegressor(),
        "mlp": TransformedTargetRegressor(
            make_pipeline(StandardScaler(), MLPRegressor(random_state=0)), transformer=StandardScaler()
        ),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="rf,svm,knn,mlp")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/sklearn-fit-times.json"))
    args = ap.parse_args()
    # On Boston the MLP's 200 epochs can end before its loss stalls: scikit-learn warns; the fit is its default.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    runs = []
    for name, path, target, task in DATA:
        x, y = load(path, target)
        folds = (StratifiedKFold(3) if task == "classification" else KFold(3)).split(x, y)
        folds = list(folds)
        for model, est in models(task).items():
            if model not in args.models.split(","):
                continue
            fit = total = 0.0
            scores = []
            for train, test in folds:
                t0 = time.process_time()
                m = est.fit(x[train], y[train])
                t1 = time.process_time()
                p = m.predict(x[test])
                t2 = time.process_time()
                fit += t1 - t0
                total += t2 - t0
                scores.append(np.mean(p == y[test]) if task == "classification" else np.mean((p - y[test]) ** 2))
            runs.append(
                {"data": name, "model": model, "fit_cpu_seconds": fit, "cv_cpu_seconds": total, "score": float(np.mean(scores))}
            )
            print(f"{name:15s} {model:4s} fit {fit:8.3f} s  fit+predict {total:8.3f} s  score {np.mean(scores):.4f}")
    meta = {
        "description": "scikit-learn default models, 3-fold CV of the classic protocol, CPU seconds summed over the folds",
        "sklearn": sklearn.__version__,
        "python": platform.python_version(),
        "machine": platform.processor() or platform.machine(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "runs": runs}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
