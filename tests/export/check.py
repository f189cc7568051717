"""Runs Kiln's exports in the real runtimes and writes what they predict.

Called by tests/native/export.rs with one directory holding what the Rust side wrote:

    inputs.safetensors            "x": the test inputs (int64 token ids or float32), "y": labels
    model.onnx                    the ONNX export
    model_keras.py + .safetensors the Keras export
    model_pytorch.py + .safetensors the PyTorch export (checked statically: torch is not installed)

and writes results.json there: {"onnx": [...], "keras": [...], "shape": [n, k], "notes": [...]}.
The Rust test compares those predictions with Kiln's own.

Checks made here:
  * ONNX: onnx.checker.check_model(full_check=True) (schema, types and shape inference), then
    onnxruntime's CPU provider runs it.
  * Keras: the generated script is imported as a module; the model is built inside its
    tf.distribute strategy's scope, the weights loaded and model.predict run; its command line
    (--predict, --fit for one epoch) is run too.
  * PyTorch: the script compiles, and every nn.Module attribute its __init__ declares has the
    state-dict entries, with the shapes torch.nn gives them, that the weights file holds (exactly
    the keys load_state_dict(strict=True) needs).

Exit status 3 (with a line naming them) when Python packages are missing.
"""
import ast
import contextlib
import importlib.util
import io
import json
import os
import sys

MISSING = 3


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_onnx(directory, x, notes):
    import onnx
    import onnxruntime as ort

    path = os.path.join(directory, "model.onnx")
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    assert opset <= 18, f"opset {opset} > 18"
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    feed = x.astype("int64") if x.dtype.kind in "iu" else x.astype("float32")
    out = session.run(None, {name: feed})[0]
    notes.append(f"onnx: opset {opset}, ir {model.ir_version}, input {name}, output {session.get_outputs()[0].name}, "
                 f"{len(model.graph.node)} nodes")
    return out


def check_keras(directory, x, y, notes):
    import numpy as np

    script = os.path.join(directory, "model_keras.py")
    module = load_module(script, "model_keras")
    with module.strategy("mirrored").scope():
        model = module.build_model()
        module.load_weights(model)
    out = model.predict(x, batch_size=256, verbose=0)
    # The script's own command line, as a person would run it.
    np.save(os.path.join(directory, "x.npy"), x)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        module.main(["--predict", os.path.join(directory, "x.npy")])
    lines = [json.loads(line) for line in printed.getvalue().splitlines() if line.startswith("{")]
    assert len(lines) == len(x), f"--predict printed {len(lines)} lines for {len(x)} inputs"
    n = min(len(x), 64)
    np.savez(os.path.join(directory, "fit.npz"), x=x[:n], y=y[:n])
    with contextlib.redirect_stdout(io.StringIO()):
        module.main(["--fit", os.path.join(directory, "fit.npz"), "--epochs", "1", "--batch-size", "16"])
    assert os.path.exists(os.path.join(directory, "model_keras.keras")), "--fit saved no model"
    notes.append(f"keras: {len(model.layers)} layers, --predict printed {len(lines)} lines, --fit ran one epoch")
    return out


def torch_shapes(call):
    """State-dict shapes torch.nn gives the module built by `call` (an ast.Call)."""
    kind = call.func.attr
    args = [ast.literal_eval(a) for a in call.args]
    if kind == "Embedding":
        return {"weight": [args[0], args[1]]}
    if kind == "Linear":
        return {"weight": [args[1], args[0]], "bias": [args[1]]}
    if kind in ("Conv1d", "Conv2d"):
        k = args[2] if isinstance(args[2], tuple) else (args[2],) * (1 if kind == "Conv1d" else 2)
        return {"weight": [args[1], args[0], *k], "bias": [args[1]]}
    if kind in ("BatchNorm1d", "BatchNorm2d"):
        c = args[0]
        return {"weight": [c], "bias": [c], "running_mean": [c], "running_var": [c], "num_batches_tracked": []}
    if kind == "LayerNorm":
        return {"weight": [args[0]], "bias": [args[0]]}
    if kind == "Dropout":
        return {}
    raise AssertionError(f"unexpected torch.nn.{kind} in the PyTorch script")


def check_pytorch(directory, notes):
    from safetensors import safe_open

    script = os.path.join(directory, "model_pytorch.py")
    source = open(script, encoding="utf-8").read()
    tree = ast.parse(source, script)
    compile(tree, script, "exec")
    expected = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute) and getattr(node.value.func.value, "id", "") == "nn"
                and isinstance(node.targets[0], ast.Attribute) and getattr(node.targets[0].value, "id", "") == "self"):
            for key, shape in torch_shapes(node.value).items():
                expected[f"{node.targets[0].attr}.{key}"] = shape
    with safe_open(os.path.join(directory, "model_pytorch.safetensors"), framework="numpy") as f:
        actual = {k: list(f.get_slice(k).get_shape()) for k in f.keys()}
    assert actual == expected, f"state dict {actual} != what the script's modules hold {expected}"
    notes.append(f"pytorch: script compiles; {len(actual)} state-dict entries match its modules")


def main():
    directory = sys.argv[1]
    try:
        import numpy as np  # noqa: F401
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
        import safetensors  # noqa: F401
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import keras  # noqa: F401
        import tensorflow  # noqa: F401
    except ImportError as e:
        print(f"missing Python package: {e.name} (scripts/setup-python.sh installs them)", file=sys.stderr)
        sys.exit(MISSING)
    from safetensors.numpy import load_file

    data = load_file(os.path.join(directory, "inputs.safetensors"))
    x, y = data["x"], data["y"]
    notes = []
    onnx_out = check_onnx(directory, x, notes)
    keras_out = check_keras(directory, x, y, notes)
    check_pytorch(directory, notes)
    result = {
        "onnx": onnx_out.astype("float64").reshape(-1).tolist(),
        "keras": keras_out.astype("float64").reshape(-1).tolist(),
        "shape": list(onnx_out.shape),
        "notes": notes,
    }
    with open(os.path.join(directory, "results.json"), "w", encoding="utf-8") as f:
        json.dump(result, f)
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
