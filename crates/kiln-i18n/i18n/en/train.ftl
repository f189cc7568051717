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

train-status-idle = {""}
train-status-starting = starting…
train-status-pausing = pausing…
train-status-reset = reset: the next Train starts from new initial weights (same seed)
train-status-paused = paused before batch { $batch } of epoch { $epoch }
train-status-diverged = diverged
train-status-restored = restored the weights from epoch { $epoch } batch { $batch }
train-status-stopped = stopped
train-status-finished = finished
train-status-failed = failed
