"""Prints Optuna's own view of a journal file as one JSON object (Python dialect: NaN/Infinity tokens).

Usage: python3 optuna_view.py JOURNAL...   (several journals: a JSON list, one object each)
Exit 3 when optuna cannot be imported, so a spec can skip with a clear message.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")
try:
    import optuna
    from optuna.distributions import distribution_to_json
except ImportError as e:  # pragma: no cover
    print("optuna is not importable: %s" % e, file=sys.stderr)
    sys.exit(3)

optuna.logging.set_verbosity(optuna.logging.ERROR)


def dt(d):
    return None if d is None else d.isoformat()


def open_storage(path):
    try:
        from optuna.storages import JournalStorage
        from optuna.storages import JournalFileStorage as Backend
    except ImportError:  # Optuna 4+
        from optuna.storages.journal import JournalFileBackend as Backend, JournalStorage
    return JournalStorage(Backend(path))


def view(path):
    storage = open_storage(path)
    out = {"optuna": optuna.__version__, "studies": []}
    for s in optuna.get_all_study_summaries(storage):
        study = optuna.load_study(study_name=s.study_name, storage=storage)
        trials = []
        for t in study.get_trials(deepcopy=False):
            trials.append(
                {
                    "number": t.number,
                    "state": t.state.name,
                    "params": t.params,
                    "distributions": {k: json.loads(distribution_to_json(v)) for k, v in t.distributions.items()},
                    "intermediate_values": [[k, v] for k, v in sorted(t.intermediate_values.items())],
                    "values": t.values,
                    "user_attrs": t.user_attrs,
                    "system_attrs": t.system_attrs,
                    "datetime_start": dt(t.datetime_start),
                    "datetime_complete": dt(t.datetime_complete),
                }
            )
        best = None
        if len(study.directions) == 1:
            try:
                b = study.best_trial
                best = {"number": b.number, "value": b.value, "params": b.params}
            except ValueError:
                best = None
        out["studies"].append(
            {
                "name": s.study_name,
                "directions": [d.name for d in study.directions],
                "system_attrs": study.system_attrs,
                "best": best,
                "trials": trials,
            }
        )
    return out


views = [view(p) for p in sys.argv[1:]]
print(json.dumps(views[0] if len(views) == 1 else views))
