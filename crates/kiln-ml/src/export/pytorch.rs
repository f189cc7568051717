//! "Export as PyTorch code": a script with an `nn.Module` made of `torch.nn`'s standard layers,
//! and its weights as a safetensors state dict in PyTorch layouts (keys `<layer>.<param>`, e.g.
//! `dense_1.weight`), loaded with `load_state_dict(strict=True)`.
//!
//! Layouts: `nn.Linear.weight` is `[out, in]`, the transpose of burn's `[in, units]`; Embedding,
//! convolution kernels (`[filters, c_in, k…]`) and normalisation vectors are burn's as they are;
//! BatchNorm's γ, β become `weight`, `bias` (what burn-store's `BurnToPyTorchAdapter` does too;
//! the values are read asynchronously here rather than through burn-store, whose reads are
//! synchronous and panic on WebGPU), plus the `num_batches_tracked` counter PyTorch expects.
//!
//! `forward` returns logits, as Kiln's `Network::forward` (the loss folds the sigmoid / softmax
//! in: `BCEWithLogits`, `cross_entropy`), and `predict` applies the head. Images arrive
//! channels-last (Kiln's, Keras') and are permuted once to channels-first; Flatten permutes back,
//! so a following Linear sees Keras' order. "same" padding is TensorFlow's (the odd pixel after):
//! symmetric cases use the layers' `padding=`, uneven ones an explicit `F.pad`.
//!
//! The script's `main` runs as a plain script or unchanged under `torchrun` (it reads
//! `LOCAL_RANK`, joins the process group and wraps the model in DistributedDataParallel, with a
//! DistributedSampler over the training data).

use kiln_core::{Activation, InputSpec, LayerSpec, LossSpec, Padding, Shape};

use super::plan::{HostTensor, Plan, Step, same_pads};
use super::python::{QUOTES, Script, input_doc, output_doc, print_predictions, py_float, py_list, safetensors};
use super::{ExportError, PythonExport};

const SCRIPT_NAME: &str = "model_pytorch.py";
const WEIGHTS_NAME: &str = "model_pytorch.safetensors";

/// The activation applied to `x`; softmax over `dim`.
fn act(a: Activation, x: &str, dim: usize) -> String {
    match a {
        Activation::Linear => x.to_string(),
        Activation::Relu => format!("F.relu({x})"),
        Activation::LeakyRelu => format!("F.leaky_relu({x}, {})", py_float(kiln_core::LEAKY_RELU_ALPHA)),
        Activation::Gelu => format!("F.gelu({x})"),
        Activation::Sigmoid => format!("torch.sigmoid({x})"),
        Activation::Tanh => format!("torch.tanh({x})"),
        Activation::Softmax => format!("F.softmax({x}, dim={dim})"),
    }
}

/// A shape in the layout the tensor has inside the module: `[batch, c, h, w]` for images
/// (channels-first), `[batch, n, f]`, `[batch, f]`.
fn torch_shape(shape: Shape) -> String {
    match shape {
        Shape::Tokens { seq_len, .. } => format!("[batch, {seq_len}]"),
        Shape::Sequence { seq_len, features } => format!("[batch, {seq_len}, {features}]"),
        Shape::Vector { features } => format!("[batch, {features}]"),
        Shape::Image { height, width, channels } => format!("[batch, {channels}, {height}, {width}]"),
    }
}

/// `(before, after)` per axis for a window layer; `None` for inputs without those axes.
fn pads(s: &Step, k: &[usize], st: &[usize], padding: Padding) -> Vec<(usize, usize)> {
    let dims: Vec<usize> = match s.input {
        Shape::Sequence { seq_len, .. } => vec![seq_len],
        Shape::Image { height, width, .. } => vec![height, width],
        _ => Vec::new(),
    };
    dims.iter().zip(k).zip(st).map(|((&n, &k), &st)| same_pads(n, k, st, padding)).collect()
}

fn symmetric(p: &[(usize, usize)]) -> bool {
    p.iter().all(|(a, b)| a == b)
}

/// `F.pad`'s argument: last axis first, `(left, right, top, bottom)`.
fn pad_arg(p: &[(usize, usize)]) -> String {
    let parts: Vec<String> = p.iter().rev().flat_map(|(a, b)| [a.to_string(), b.to_string()]).collect();
    format!("({})", parts.join(", "))
}

fn tuple(v: &[usize]) -> String {
    if v.len() == 1 {
        v[0].to_string()
    } else {
        format!("({})", v.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))
    }
}

/// A step's `nn` constructor (when it has parameters) and its lines in `forward`.
type LayerCode = (Option<String>, Vec<String>);

/// `(constructor, forward lines)` for one step; `fold`: the head's activation is left to `predict`.
fn layer_code(s: &Step, fold: bool) -> LayerCode {
    let n = &s.name;
    let c_in = s.input.last_axis();
    let image = matches!(s.input, Shape::Image { .. });
    let seq = matches!(s.input, Shape::Sequence { .. });
    let dim = if seq { 2 } else { 1 };
    let out = torch_shape(s.output);
    match &s.layer {
        LayerSpec::Embedding { input_dim, output_dim } => (
            Some(format!("nn.Embedding({input_dim}, {output_dim})")),
            vec![
                "mask = (x != 0).float()  # [batch, seq_len]: 1 for real tokens, 0 for padding".into(),
                format!("x = self.{n}(x)  # {out}"),
            ],
        ),
        LayerSpec::GlobalAveragePooling1D => {
            let e = if s.mask_in { "masked_mean(x, mask)" } else { "x.mean(dim=1)" };
            (None, vec![format!("x = {e}  # {n}: {out}")])
        }
        LayerSpec::GlobalMaxPooling1D => {
            let e = if s.mask_in { "masked_max(x, mask)" } else { "x.amax(dim=1)" };
            (None, vec![format!("x = {e}  # {n}: {out}")])
        }
        LayerSpec::Dense { units, activation } => {
            let a = if fold { Activation::Linear } else { *activation };
            let note = if fold { " (logits: predict() applies the head)" } else { "" };
            (
                Some(format!("nn.Linear({c_in}, {units})")),
                vec![format!("x = {}  # {out}{note}", act(a, &format!("self.{n}(x)"), 1))],
            )
        }
        LayerSpec::Conv1D { filters, kernel_size, strides, padding, activation } => {
            let p = pads(s, &[*kernel_size], &[*strides], *padding);
            let (arg, input) = if symmetric(&p) {
                (p.first().map_or(0, |q| q.0), "x.transpose(1, 2)".to_string())
            } else {
                (0, format!("F.pad(x.transpose(1, 2), {})", pad_arg(&p)))
            };
            let ctor = format!("nn.Conv1d({c_in}, {filters}, {kernel_size}, stride={strides}, padding={arg})");
            let conv = format!("self.{n}({input}).transpose(1, 2)");
            let mut lines = vec![format!("x = {}  # {out}", act(*activation, &conv, 2))];
            if s.mask_in && !s.mask_out {
                lines.push("# (positions changed: the padding mask stops here, as in Kiln)".into());
            }
            (Some(ctor), lines)
        }
        LayerSpec::Conv2D { filters, kernel_size, strides, padding, activation } => {
            let p = pads(s, kernel_size, strides, *padding);
            let (arg, input) = if symmetric(&p) {
                (tuple(&p.iter().map(|q| q.0).collect::<Vec<_>>()), "x".to_string())
            } else {
                ("0".into(), format!("F.pad(x, {})", pad_arg(&p)))
            };
            let ctor = format!(
                "nn.Conv2d({c_in}, {filters}, {}, stride={}, padding={arg})",
                tuple(kernel_size),
                tuple(strides)
            );
            (Some(ctor), vec![format!("x = {}  # {out}", act(*activation, &format!("self.{n}({input})"), 1))])
        }
        LayerSpec::MaxPool2D { pool_size, strides, padding } => {
            let st = strides.unwrap_or(*pool_size);
            let p = pads(s, pool_size, &st, *padding);
            let line = if symmetric(&p) {
                let pad = tuple(&p.iter().map(|q| q.0).collect::<Vec<_>>());
                format!("x = F.max_pool2d(x, {}, stride={}, padding={pad})  # {n}: {out}", tuple(pool_size), tuple(&st))
            } else {
                format!(
                    "x = F.max_pool2d(F.pad(x, {}, value=float(\"-inf\")), {}, stride={})  # {n}: {out}",
                    pad_arg(&p),
                    tuple(pool_size),
                    tuple(&st)
                )
            };
            (None, vec![line])
        }
        LayerSpec::AveragePool2D { pool_size, strides, padding } => {
            let st = strides.unwrap_or(*pool_size);
            let p = pads(s, pool_size, &st, *padding);
            let line = if symmetric(&p) {
                let pad = tuple(&p.iter().map(|q| q.0).collect::<Vec<_>>());
                format!(
                    "x = F.avg_pool2d(x, {}, stride={}, padding={pad}, count_include_pad=False)  # {n}: {out}",
                    tuple(pool_size),
                    tuple(&st)
                )
            } else {
                format!(
                    "x = avg_pool_exclude_pad(x, {}, {}, {})  # {n}: {out}",
                    tuple(pool_size),
                    tuple(&st),
                    pad_arg(&p)
                )
            };
            (None, vec![line])
        }
        LayerSpec::Flatten => {
            let e = if image { "x.permute(0, 2, 3, 1).flatten(1)" } else { "x.flatten(1)" };
            let note = if image { " (channels-last order, as Keras)" } else { "" };
            (None, vec![format!("x = {e}  # {n}: {out}{note}")])
        }
        LayerSpec::Dropout { rate } => {
            (Some(format!("nn.Dropout({})", py_float(*rate))), vec![format!("x = self.{n}(x)  # {out}")])
        }
        LayerSpec::BatchNormalization { epsilon, momentum } => {
            let class = if image { "BatchNorm2d" } else { "BatchNorm1d" };
            // Keras' momentum weighs the running value; PyTorch's weighs the batch.
            let ctor = format!(
                "nn.{class}({c_in}, eps={}, momentum={})",
                py_float(*epsilon),
                py_float(((1.0 - momentum) * 1e9).round() / 1e9)
            );
            let e = if seq { format!("self.{n}(x.transpose(1, 2)).transpose(1, 2)") } else { format!("self.{n}(x)") };
            (Some(ctor), vec![format!("x = {e}  # {out}")])
        }
        LayerSpec::LayerNormalization { epsilon } => {
            let ctor = format!("nn.LayerNorm({c_in}, eps={})", py_float(*epsilon));
            let (e, note) = if image {
                (format!("self.{n}(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)"), " (over channels, as Keras)")
            } else {
                (format!("self.{n}(x)"), "")
            };
            (Some(ctor), vec![format!("x = {e}  # {out}{note}")])
        }
        LayerSpec::Activation { activation } => {
            let a = if fold { Activation::Linear } else { *activation };
            let note = if fold { " (logits: predict() applies the head)" } else { "" };
            (None, vec![format!("x = {}  # {n}: {out}{note}", act(a, "x", dim))])
        }
        // Refused by `Plan::refuse_unsupported` before the script is written.
        LayerSpec::MultiHeadSelfAttention { .. } => (None, Vec::new()),
    }
}

/// The state dict in PyTorch layouts, and the BatchNorm counters.
fn torch_weights(plan: &Plan) -> (Vec<(String, HostTensor)>, Vec<String>) {
    let mut out = Vec::new();
    let mut counters = Vec::new();
    for s in &plan.steps {
        for (role, t) in &s.weights {
            let (key, t) = match (&s.layer, *role) {
                (LayerSpec::Dense { .. }, "kernel") => ("weight", t.transpose2()),
                (_, "kernel" | "embeddings" | "gamma") => ("weight", t.clone()),
                (_, "bias" | "beta") => ("bias", t.clone()),
                (_, "moving_mean") => ("running_mean", t.clone()),
                (_, other) => (if other == "moving_variance" { "running_var" } else { other }, t.clone()),
            };
            out.push((format!("{}.{key}", s.name), t));
        }
        if matches!(s.layer, LayerSpec::BatchNormalization { .. }) {
            counters.push(format!("{}.num_batches_tracked", s.name));
        }
    }
    (out, counters)
}

const HELPERS_MEAN: &str = r#"
def masked_mean(x, mask):
    """GlobalAveragePooling1D over the real tokens: padding never dilutes the mean."""
    return (x * mask.unsqueeze(2)).sum(dim=1) / mask.sum(dim=1, keepdim=True).clamp(min=1.0)
"#;

const HELPERS_MAX: &str = r#"
def masked_max(x, mask):
    """GlobalMaxPooling1D over the real tokens (a sentence of only padding gives 0)."""
    m = mask.unsqueeze(2)
    pushed = x * m + (m - 1.0) * 1e9
    return pushed.amax(dim=1) * mask.sum(dim=1, keepdim=True).clamp(max=1.0)
"#;

const HELPERS_AVG: &str = r#"
def avg_pool_exclude_pad(x, kernel, stride, pads):
    """AveragePooling2D with uneven "same" padding: each window's mean over its real pixels."""
    summed = F.avg_pool2d(F.pad(x, pads), kernel, stride, divisor_override=1)
    counts = F.avg_pool2d(F.pad(torch.ones_like(x[:, :1]), pads), kernel, stride, divisor_override=1)
    return summed / counts
"#;

/// Writes the script and the state dict for a plan.
pub(crate) fn write(plan: &Plan) -> Result<PythonExport, ExportError> {
    plan.refuse_unsupported("PyTorch")?;
    let (tensors, counters) = torch_weights(plan);
    let weights = safetensors(plan, &tensors, &counters)?;
    let folds = plan.spec.loss != LossSpec::MeanSquaredError;
    let last = plan.steps.len().saturating_sub(1);
    let code: Vec<(&Step, LayerCode)> =
        plan.steps.iter().enumerate().map(|(i, s)| (s, layer_code(s, folds && i == last))).collect();

    let mut py = Script::default();
    py.line(QUOTES);
    py.line("Kiln model, exported for PyTorch.");
    py.line("");
    py.line(format!("Layers: {}", plan.layer_line()));
    py.line(format!("Input: {}.", input_doc(plan)));
    py.line(format!("Output of predict(): {}.", output_doc(plan)));
    py.line("");
    py.line("Usage (pip install torch safetensors numpy):");
    py.line(format!("    python {SCRIPT_NAME}                      # rebuild, load the weights, print the model"));
    py.line(format!("    python {SCRIPT_NAME} --predict x.npy      # one JSON line per example of x (numpy.save)"));
    py.line(format!("    torchrun --nproc_per_node=4 {SCRIPT_NAME} --fit data.npz   # DistributedDataParallel"));
    py.line(format!("Weights: {WEIGHTS_NAME} next to this file (a state dict, PyTorch layouts)."));
    py.line(QUOTES);
    py.block(
        "import argparse\nimport json\nimport os\n\nimport numpy as np\nimport torch\nimport torch.distributed as dist\n\
         import torch.nn as nn\nimport torch.nn.functional as F\nfrom safetensors.torch import load_file, save_file\n\
         from torch.nn.parallel import DistributedDataParallel\nfrom torch.utils.data import DataLoader, TensorDataset\n\
         from torch.utils.data.distributed import DistributedSampler\n",
    );
    py.line("");
    py.line(format!("CLASS_NAMES = {}", py_list(&plan.classes)));
    py.line(r#"WEIGHTS = os.path.splitext(os.path.abspath(__file__))[0] + ".safetensors""#);
    let uses = |f: &str| code.iter().any(|(_, (_, lines))| lines.iter().any(|l| l.contains(f)));
    for (f, text) in
        [("masked_mean(", HELPERS_MEAN), ("masked_max(", HELPERS_MAX), ("avg_pool_exclude_pad(", HELPERS_AVG)]
    {
        if uses(f) {
            py.line("");
            py.block(text);
        }
    }
    py.line("");
    py.line("");
    py.line("class KilnModel(nn.Module):");
    py.doc("    ", &plan.layer_line());
    py.line("");
    py.line("    def __init__(self):");
    py.line("        super().__init__()");
    for (s, (ctor, _)) in &code {
        if let Some(c) = ctor {
            py.line(format!("        self.{} = {c}", s.name));
        }
    }
    py.line("");
    py.line("    def forward(self, x):");
    py.line(format!("        # x: {}", input_doc(plan)));
    if matches!(plan.spec.input, InputSpec::Images { .. }) {
        py.line("        x = x.permute(0, 3, 1, 2)  # channels-first inside, as torch.nn's convolutions");
    }
    for (_, (_, lines)) in &code {
        for l in lines {
            py.line(format!("        {l}"));
        }
    }
    py.line("        return x");
    py.line("");
    py.line("    def predict(self, x):");
    py.line(match plan.spec.loss {
        LossSpec::BinaryCrossEntropy => {
            r#"        """Probability of the positive class [batch, 1]."""
        return torch.sigmoid(self(x))"#
        }
        LossSpec::CategoricalCrossEntropy => {
            r#"        """Class probabilities [batch, classes]."""
        return F.softmax(self(x), dim=1)"#
        }
        LossSpec::MeanSquaredError => {
            r#"        """The predicted value [batch, 1]."""
        return self(x)"#
        }
    });
    py.line("");
    py.line("");
    let input_dtype = if matches!(plan.spec.input, InputSpec::Tokens { .. }) { "torch.long" } else { "torch.float32" };
    py.line("def as_input(array):");
    py.line(format!("    return torch.as_tensor(np.asarray(array), dtype={input_dtype})"));
    py.line("");
    py.line("");
    py.line("def loss_fn(outputs, y):");
    py.line(match plan.spec.loss {
        LossSpec::BinaryCrossEntropy => {
            "    return F.binary_cross_entropy_with_logits(outputs.squeeze(1), y.float())  # Kiln's BCE on logits"
        }
        LossSpec::CategoricalCrossEntropy => {
            "    return F.cross_entropy(outputs, y.long())  # Kiln's categorical cross-entropy, integer labels"
        }
        LossSpec::MeanSquaredError => "    return F.mse_loss(outputs.squeeze(1), y.float())",
    });
    py.line("");
    py.line("");
    py.block(
        r#"def build_model(path=WEIGHTS):
    """The network with Kiln's weights loaded (strict: every parameter must be in the file)."""
    model = KilnModel()
    model.load_state_dict(load_file(path), strict=True)
    return model.eval()
"#,
    );
    py.line("");
    py.line("");
    py.block(print_predictions(plan));
    py.line("");
    py.line("");
    py.block(MAIN);
    Ok(PythonExport { script: py.0, weights, script_name: SCRIPT_NAME, weights_name: WEIGHTS_NAME })
}

const MAIN: &str = r#"def main(argv=None):
    parser = argparse.ArgumentParser(description="Kiln model in PyTorch")
    parser.add_argument("--weights", default=WEIGHTS, help="safetensors state dict exported by Kiln")
    parser.add_argument("--predict", help=".npy file of inputs: print one JSON line per example")
    parser.add_argument("--fit", help=".npz file with arrays x, y: continue training")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32, help="per process")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    args = parser.parse_args(argv)

    # torchrun sets LOCAL_RANK (and RANK, WORLD_SIZE, MASTER_ADDR): one process per device.
    distributed = "LOCAL_RANK" in os.environ
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
        local_rank = int(os.environ["LOCAL_RANK"])
        device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
        if cuda:
            torch.cuda.set_device(device)
    else:
        device = torch.device("cuda" if cuda else "cpu")
    main_process = not distributed or dist.get_rank() == 0

    model = build_model(args.weights).to(device)
    if args.fit:
        data = np.load(args.fit)
        dataset = TensorDataset(as_input(data["x"]), torch.as_tensor(data["y"]))
        sampler = DistributedSampler(dataset) if distributed else None
        loader = DataLoader(dataset, batch_size=args.batch_size, sampler=sampler, shuffle=sampler is None)
        net = model
        if distributed:
            net = DistributedDataParallel(model, device_ids=[device.index] if cuda else None)
        optimizer = torch.optim.Adam(net.parameters(), lr=args.learning_rate, eps=1e-7)
        for epoch in range(args.epochs):
            if sampler is not None:
                sampler.set_epoch(epoch)
            net.train()
            total, count = 0.0, 0
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                loss = loss_fn(net(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.item() * len(y)
                count += len(y)
            if main_process:
                print(json.dumps({"epoch": epoch + 1, "loss": total / max(count, 1)}))
        model.eval()
        if main_process:
            save_file(model.state_dict(), os.path.splitext(args.weights)[0] + ".trained.safetensors")
    if args.predict and main_process:
        with torch.no_grad():
            print_predictions(model.predict(as_input(np.load(args.predict)).to(device)).cpu().numpy())
    if not args.fit and not args.predict and main_process:
        print(model)
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()"#;
