def deactivate_inactive_hyperparameters(configuration=None, configuration_space=None, vector=None):
    # No conditions in the spaces used here: nothing is inactive.
    from . import Configuration
    if configuration is None:
        return Configuration(configuration_space, vector=vector)
    return Configuration(configuration_space, values=configuration)
