# A training script in another language, tuned by rxhpo through commandTrainer. It knows nothing of
# rxhpo beyond the protocol: the config as JSON in RXHPO_CONFIG, one JSON report per line on stdout.
import json
import math
import os
import random
import time

config = json.loads(os.environ["RXHPO_CONFIG"])
random.seed(int(os.environ["RXHPO_SEED"]))
lr, width = config["lr"], config["width"]
last = int(os.environ.get("RXHPO_BUDGET", "9"))

for epoch in range(int(os.environ["RXHPO_START_STEP"]) + 1, last + 1):
    time.sleep(0.02)  # an epoch of "training"
    loss = 1 / width + math.exp(-lr * 30 * epoch) + random.uniform(0, 0.01)
    print(f"epoch {epoch}: lr={lr:.4f} width={width}")  # the script's own output
    print(json.dumps({"step": epoch, "metrics": {"loss": loss}}))
