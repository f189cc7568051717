### Kiln, English: step 3, Train: settings, engine choice, status lines, charts.
### Every message id here starts with `train-`; the same ids must exist in ../zh/train.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/


## Status lines from the training loop (kiln-ml)

train-status-settings-applied = settings applied from epoch { $epoch } batch { $batch }: learning rate { $lr }, L1 { $l1 }, L2 { $l2 }, weight decay { $decay }
train-status-early-no-validation = early stopping needs a validation split; this run trains every epoch
train-status-early-stop = early stopping after epoch { $epoch }: { $monitor } has not improved for { $wait } epoch(s) ({ $best })
train-status-early-best = best { $monitor } { $value } at epoch { $epoch }
train-status-early-no-finite = no finite { $monitor }
train-status-early-restored = restored the weights of epoch { $epoch } ({ $monitor } { $value })

## Status lines from the worker

train-status-preparing = preparing data: encoding, splitting…
train-status-compiling = compiling GPU kernels… (the first batch takes a few seconds)
train-status-training = training…
train-status-measuring = measuring WebGPU and CPU on this model (compiling GPU kernels)…
train-status-dictionary = loading the Chinese word dictionary (jieba, about 2 MB)…

## Status lines of the page

train-status-idle = idle
train-status-starting = starting…
train-status-pausing = pausing…
train-status-reset = reset: the next Train starts from new initial weights (same seed)
train-status-paused = paused before batch { $batch } of epoch { $epoch }
train-status-diverged = diverged
train-status-restored = restored the weights from epoch { $epoch } batch { $batch }
train-status-stopped = stopped
train-status-finished = finished
train-status-failed = failed

## Step 3 panel

train-title = Train
train-not-started = not started
train-button = Train
train-button-loading = Loading engine…
train-button-fix = Fix the model first (step 2): { $detail }
train-pause = Pause
    .title = Hold training before the next batch; the weights are kept.
train-resume = Resume
    .title = Go on from where it paused, with the learning rate and regularisation now set.
train-step = Step
    .title = Train exactly one batch, then pause again.
train-stop = Stop
train-reset = Reset
    .title = Forget the trained weights and the charts; the next Train starts from new initial weights drawn from the seed.
train-engine-later = engine: chosen when you press Train
train-diverged = Training stopped:{" "}
train-restore = Restore last good weights
train-progress = epoch { $epoch }/{ $epochs } · batch { $batch }/{ $batches } · { $speed } samples/s · { $status }
train-chart-loss = Loss ({ $loss })
train-chart-accuracy = Accuracy
train-chart-epoch = epoch
train-chart-batches = batches
train-chart-train = train
train-chart-validation = validation
train-error-no-data = the data set has not loaded yet
train-error-model = the model cannot be trained yet: { $detail }

## Step 3 settings

train-engine = Engine
    .title = Auto measures what is fastest for this model on this machine. WebGPU runs burn's wgpu backend on your graphics card; CPU runs burn's CPU backend compiled to WebAssembly.
train-engine-auto = Auto
train-epochs = Epochs
    .title = One epoch is one full pass over the training sentences.
train-lr = Learning rate
    .title = Adam's step size. 0.001 is the reference's (Keras') default and reaches about 80 % test accuracy in 10 epochs on these 2,400 training sentences. 0.005 learns in 3 epochs but over-fits: watch the validation loss climb while the training loss falls to zero.
train-optimizer = Optimizer
    .title = How the weights follow the gradient.
train-schedule = Schedule
    .title = How the learning rate changes during the run. Constant: never. Step decay: halves every 3 epochs. Cosine: glides smoothly down to zero by the last epoch.
train-schedule-constant = constant
train-schedule-step = step decay (×0.5 every 3 epochs)
train-schedule-cosine = cosine
train-batch = Batch size
    .title = Sentences per gradient step.
train-seed = Seed
    .title = Seeds the split, the initial weights and the shuffling: the same seed gives the same run.
train-l1 = L1
    .title = L1 regularisation: adds λ·Σ|w| to the loss, pushing unhelpful weights to exactly zero. 0 = off.
train-l2 = L2
    .title = L2 regularisation: adds λ·Σw² to the loss, keeping weights small so the model over-fits less. 0 = off.
train-wd = Weight decay
    .title = Weight decay: shrinks every weight a little at each step (AdamW does this apart from the gradient). 0 = off.
train-clip = Clip gradient norm
    .title = Gradient clipping: if the gradient's overall length is above this, scale it down to it. Stops one bad batch from throwing the weights far away. Empty or 0 = off.
train-clip-off = off
train-error-epochs = epochs must be a whole number
train-error-batch = batch size must be a whole number
train-error-lr = learning rate must be a number above 0, e.g. 0.001
train-error-l1 = L1 must be a number
train-error-l2 = L2 must be a number
train-error-wd = weight decay must be a number
train-error-clip = gradient clipping must be a positive number (0 turns it off)
train-error-seed = seed must be a whole number ≥ 0

## Range messages (kiln-core's limits, in words)

train-error-range-int = { $name } must be a whole number from { $min } to { $max }, got { $value }
train-error-range-float = { $name } must be a number { $range }, got { $value }
train-range-above = above { $min }
train-range-at-least = at least { $min }
train-range-from-to = from { $min } to { $max }
train-range-above-below = above { $min } and below { $max }
train-range-at-least-below = at least { $min } and below { $max }
train-range-above-at-most = above { $min } and at most { $max }
train-name-epochs = epochs
train-name-batch = batch size
train-name-lr = learning rate
train-name-wd = weight decay
train-name-clip = gradient clipping norm (0 turns it off)
train-from-weights = Train continues from the weights of the opened model file (Reset starts from new weights).
train-from-restored = Train continues from the weights restored from your last session (Reset starts from new weights).

## The engine chosen for a run, and why (crates/kiln-web/src/engine.rs)

train-engine-cpu-selected = CPU: selected (burn's CPU backend compiled to WebAssembly)
train-engine-webgpu-selected = WebGPU: selected ({ $adapter })
train-engine-webgpu-selected-software = WebGPU: selected ({ $adapter }, software adapter)
train-engine-cpu-tiny = CPU: a { $params }-parameter network is tiny, so per-step GPU dispatch overhead would dominate
train-engine-cpu-unavailable = CPU: WebGPU unavailable: { $why }
train-engine-cpu-software = CPU: the WebGPU adapter is a software renderer ({ $adapter }), slower than the CPU engine for a model this size
train-engine-webgpu-faster = WebGPU: faster for this model ({ $gpu } vs { $cpu } ms/step on { $adapter })
train-engine-cpu-faster = CPU: faster for this model ({ $cpu } vs { $gpu } ms/step on WebGPU)
