"""Native peer for `kiln bench`: the benchmark workloads (shared/bench/WORKLOADS.md) trained with
Keras on TensorFlow's CPU build, the way the seed's own code trains its sentiment model
(`model.fit`, Adam 1e-3, batch 32 for `sentiment-seed`; the other three mirror the TensorFlow.js
peer's definitions: same layers, loss, optimizer, batch and samples per epoch). Random inputs and
labels of the stated shapes (speed, not learning); one warm-up epoch, then `epochs` timed epochs,
`repeats` times. Prints one JSON line per timed run.

Usage: python keras_bench.py [workloads=all|a,b] [epochs=auto] [repeats=1] [threads=0 (TF default)]
(epochs auto: 3, 100 for playground-mlp, as `kiln bench`.)
Needs: pip install tensorflow-cpu==2.21.0 (scripts/bench.sh makes the venv).
"""
import json
import os
import sys
import time

WORKLOADS = ["sentiment-seed", "mlp-784", "cnn-28", "playground-mlp"]
names = sys.argv[1] if len(sys.argv) > 1 else "all"
names = WORKLOADS if names == "all" else names.split(",")
epochs_arg = sys.argv[2] if len(sys.argv) > 2 else "auto"
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 0
if threads:
    os.environ["TF_NUM_INTRAOP_THREADS"] = str(threads)
    os.environ["TF_NUM_INTEROP_THREADS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

if threads:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
L = tf.keras.layers


def build(name):
    """(model, x, y, batch) for one workload, compiled as the seed compiles its model."""
    rng = np.random.default_rng(0)
    if name == "sentiment-seed":
        # The seed's code: Embedding(10000, 16, len 500) -> GAP1D -> Dense16 relu -> Dense1 sigmoid.
        m = tf.keras.Sequential([tf.keras.Input((500,), dtype="int32"), L.Embedding(10000, 16),
                                 L.GlobalAveragePooling1D(), L.Dense(16, activation="relu"),
                                 L.Dense(1, activation="sigmoid")])
        m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        x = rng.integers(1, 10000, size=(2048, 500), dtype=np.int32)
        y = rng.integers(0, 2, size=(2048, 1)).astype("float32")
        return m, x, y, 32
    if name == "mlp-784":
        m = tf.keras.Sequential([tf.keras.Input((784,)), L.Dense(256, activation="relu"),
                                 L.Dense(256, activation="relu"), L.Dense(10, activation="softmax")])
        m.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
        x = rng.random((4096, 784), dtype=np.float32)
        y = np.eye(10, dtype="float32")[rng.integers(0, 10, 4096)]
        return m, x, y, 128
    if name == "cnn-28":
        m = tf.keras.Sequential([tf.keras.Input((28, 28, 1)), L.Conv2D(8, 3, activation="relu"), L.MaxPooling2D(2),
                                 L.Flatten(), L.Dense(10, activation="softmax")])
        m.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
        x = rng.random((2048, 28, 28, 1), dtype=np.float32)
        y = np.eye(10, dtype="float32")[rng.integers(0, 10, 2048)]
        return m, x, y, 64
    if name == "playground-mlp":
        m = tf.keras.Sequential([tf.keras.Input((2,)), L.Dense(4, activation="tanh"), L.Dense(2, activation="tanh"),
                                 L.Dense(1, activation="sigmoid")])
        m.compile(optimizer=tf.keras.optimizers.SGD(0.03), loss="binary_crossentropy")
        x = rng.uniform(-6, 6, (250, 2)).astype("float32")
        y = rng.integers(0, 2, size=(250, 1)).astype("float32")
        return m, x, y, 10
    raise SystemExit(f"unknown workload {name!r}; available: {', '.join(WORKLOADS)}")


for name in names:
    epochs = int(epochs_arg) if epochs_arg != "auto" else (100 if name == "playground-mlp" else 3)
    m, x, y, batch = build(name)
    m.fit(x, y, epochs=1, batch_size=batch, verbose=0)  # warm-up: tracing, graph building
    for _ in range(repeats):
        t = time.perf_counter()
        h = m.fit(x, y, epochs=epochs, batch_size=batch, verbose=0)
        dt = time.perf_counter() - t
        steps = -(-len(x) // batch) * epochs
        print(json.dumps({"impl": "keras", "backend": "tf-cpu", "tf": tf.__version__,
                          "threads": threads or "default", "workload": name,
                          "samples_per_s": round(len(x) * epochs / dt, 1), "steps_per_s": round(steps / dt, 2),
                          "loss": round(float(h.history["loss"][-1]), 4)}), flush=True)
