### Kiln, English: the lab: experiments beyond the five steps.
### Every message id here starts with `lab-`; the same ids must exist in ../zh/lab.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/


lab-title = Lab
lab-intro = Three things the field is moving toward, tried on the model you trained above: make it smaller, train it without collecting the data in one place, and let Kiln search the settings for you.
lab-tab-compress = Compress
lab-tab-federated = Federated
lab-tab-search = Search
lab-stop = Stop
lab-not-a-number = { $value } is not a number

## What the worker is doing (the status line of a lab job)

lab-status-starting = starting…
lab-status-stopping = stopping after the batch in flight…
lab-status-compressing = compressing: quantising, measuring both models on the test split…
lab-status-federated = training: clients train locally, the server averages their weights…
lab-status-searching = searching: each trial trains on the training split and is scored on validation…
lab-status-round = round { $round } of { $rounds }
lab-status-trial = trial { $trial } (rung { $rung }) done
lab-status-stopped = stopped
lab-status-done = done

## Early stopping (a row of step 3's settings)

lab-early = Early stopping
    .title = Stop training when the validation loss has not improved for `patience` epochs in a row (it needs a validation split). Saves time and catches over-fitting as it starts.
lab-early-patience = patience
    .title = Epochs without a better validation loss before training stops (0 to 1000).
lab-early-restore = restore best weights
    .title = At the end, put back the weights of the epoch with the best validation loss instead of keeping the last epoch's.
lab-early-bad-patience = patience must be a whole number of epochs, 0 to 1000

## Compress: quantisation and pruning

lab-compress-intro = A trained model is mostly numbers, and most of them need not be 32-bit floats. Quantisation stores each weight as an 8-bit integer times a scale per output channel; pruning sets the smallest weights to exactly zero. Look at the size column against the test accuracy and the agreement: how much smaller can the model get before it starts answering differently?
lab-compress-no-model = Train a model in step 3 first: compression works on the trained weights.
lab-compress-uses = Uses the model trained in step 3, on { $dataset }: its weights are compressed and measured on that data set's test split.
lab-compress-other-data = The model trained in step 3 was trained on { $model }, but the data set chosen now is { $current }: compression measures a model on its own data, so choose { $model } again in step 1, or train on { $current } first.
lab-compress-opened = The model now in use was opened from a file or restored from your last session (trained on { $model }): compression needs the data it was trained on, so train it in step 3 first (Train continues from its weights), then compress.
lab-compress-format = Weights stored as
lab-format-int8 = int8 (per output channel)
lab-format-float16 = float16
lab-format-float32 = float32 (pruning only)
lab-compress-sparsity = Prune
    .title = Magnitude pruning: this fraction of each kernel's weights, the smallest first, is set to zero (biases are kept).
lab-compress-fine-tune = Fine-tune after pruning
    .title = Train a little more with the pruned weights held at zero, to win back accuracy (0 to 20 epochs).
lab-compress-fine-tune-unit = epochs
lab-compress-run = Compress
lab-compress-keep = Keep as current model
lab-compress-kept = Kept: "Try it" and evaluation now use the compressed model (test accuracy { $pct }).
lab-compress-note = Test figures after compression use the dequantised weights (int8 × scale, computed in f32): they show what storing fewer bits loses, not int8 arithmetic.
lab-compress-histograms = Weights of each layer: before (grey) and after (blue)
lab-compress-bad-fine-tune = fine-tuning takes 0 to 20 epochs
lab-before = before
lab-after = after
lab-change = change
lab-row-size = size (bytes, exported weights)
lab-row-gzip = size gzipped (bytes)
lab-row-params = parameters kept (non-zero)
lab-row-accuracy = test accuracy
lab-row-loss = test loss
lab-row-agreement = same prediction as the original
lab-of = { $part } of { $whole }
lab-smaller = { $ratio }× smaller
lab-pp = { $delta } pp
lab-histogram = weights of { $layer }
lab-tensor-line = { $stored } · { $kept } of { $total } kept · max |w − ŵ| { $error }
lab-stored-int8-row = int8, one scale per row
lab-stored-int8-channel = int8, one scale per output channel

## Federated learning

lab-fed-intro = Federated learning trains one model on data that never leaves its owners. Here the training split is dealt to simulated clients (phones, hospitals); each round, some clients train a copy on their own examples and send back only their weights, which the server averages (FedAvg). Watch the global model's curve against a centralised run of the same budget, and how a skewed split (small α) slows it down.
lab-fed-uses = Trains the model of step 2 from new weights on { $dataset }, the data set chosen now (the model trained in step 3 is not used).
lab-fed-privacy = Only weight updates are averaged: no client's examples are ever seen by another client or by the server.
lab-fed-clients = Clients N
lab-fed-split = Split
lab-fed-iid = IID (shuffled, equal shares)
lab-fed-dirichlet = non-IID by label (Dirichlet)
lab-fed-alpha = Dirichlet α
    .title = How skewed each client's labels are: 0.1 = nearly one class per client, 100 = close to IID.
lab-fed-bad-alpha = α must be between 0.01 and 10000, got { $value }
lab-fed-fraction = Fraction per round C
lab-fed-local-epochs = Local epochs E
lab-fed-local-batch = Local batch B
lab-fed-rounds = Rounds R
lab-fed-mu = FedProx μ
    .title = FedProx adds μ/2·‖w − w_global‖² to each client's loss, keeping local models near the global one on skewed data. 0 = plain FedAvg.
lab-fed-run = Train federated
lab-fed-mix = Each client's class mix
lab-fed-local = Last round's clients: accuracy on their own data
lab-fed-client = client { $client }: { $examples } examples
lab-fed-client-loss = client { $client }: { $examples } examples, local loss { $loss }
lab-fed-accuracy-chart = Global model: test accuracy per round
lab-fed-loss-chart = Global model: test loss per round
lab-fed-round = round
lab-fed-global = federated (global model)
lab-fed-centralised = centralised, same steps

## Hyper-parameter search

lab-search-intro = Choosing a learning rate, a batch size or a layer's width by hand takes many runs. A search does those runs for you: each trial trains the model with settings drawn from the ranges you tick and is scored on the validation split. Successive halving gives every trial a few epochs and only the best third more. Look at how much the validation loss varies from trial to trial, then load the best.
lab-search-uses = Each trial trains the model of step 2 from new weights on { $dataset }, the data set chosen now, and is scored on its validation split (the model trained in step 3 is not used).
lab-search-space = Search over:
lab-search-lr = learning rate from
lab-search-lr-to = to
lab-search-batch = batch size (16, 32, 64, 128)
lab-search-units = units of the first hidden layer (8–64)
lab-search-dropout = dropout rate (0–0.5)
lab-search-optimizers = optimizer (SGD, Adam, RMSprop)
lab-search-strategy = Strategy
lab-search-random = random search
lab-search-halving = successive halving (η = 3)
lab-search-trials = Trials
lab-search-epochs = Epochs per trial (at most)
lab-search-patience = Early-stopping patience
lab-search-run = Search
lab-search-use-best = Use the best settings
lab-search-no-space = tick at least one setting to search over
lab-search-no-units = the model has no hidden Dense or convolution layer whose units could vary
lab-search-no-dropout = the model has no Dropout layer: add one in step 2 to search its rate
lab-search-bad-lr = the learning-rate range must satisfy 0 < low ≤ high ≤ 10, got [{ $low }, { $high }]
lab-search-out-of-range = { $what } must be { $lo } to { $hi }, got { $value }
lab-search-what-trials = trials
lab-search-what-epochs = epochs per trial
lab-search-what-patience = patience
lab-search-col-trial = #
lab-search-col-lr = learning rate
lab-search-col-batch = batch
lab-search-col-optimizer = optimizer
lab-search-col-units = units
lab-search-col-dropout = dropout
lab-search-col-epochs = epochs
lab-search-col-val-loss = val loss
lab-search-col-val-accuracy = val accuracy
lab-search-trial-rung = { $trial } · rung { $rung }
lab-search-epochs-of = { $epochs }/{ $budget }
lab-search-epochs-early = { $epochs }/{ $budget } (early)
lab-search-failed = failed
lab-search-chart = Validation loss per trial
lab-search-chart-ranked = Validation loss per trial (ranked by accuracy)
lab-search-chart-x = trial (in the order run)
lab-search-chart-loss = validation loss
lab-search-chart-best = best so far
