### Kiln, English: teaching mode, the 2-D playground.
### Every message id here starts with `teach-`; the same ids must exist in ../zh/teach.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

teach-play = Play
    .title = Play / pause training
teach-pause = Pause
teach-step = Step
    .title = Train one epoch
teach-reset = Reset
    .title = New initial weights (same seed) and epoch 0
teach-epoch = Epoch
teach-lr = Learning rate
    .title = How big each step down the loss is. Too small: slow. Too big: the loss jumps around or becomes NaN.
teach-activation = Activation
    .title = What each hidden neuron applies to its weighted sum.
teach-reg = Regularization
    .title = A penalty on large weights added to the loss: L1 pushes weights to exactly zero, L2 keeps them small.
teach-reg-none = None
teach-reg-l1 = L1
teach-reg-l2 = L2
teach-reg-rate = Reg. rate
    .title = How strong the regularization penalty is.
teach-optimizer = Optimizer
    .title = How the weights are updated from the gradient.
teach-diverged = {" "}— press Reset to start again.
teach-data = Data
teach-ratio = Training data: { $pct } %
teach-noise = Noise: { $noise }
teach-batch = Batch size: { $n }
teach-regenerate = Regenerate
teach-problem = Problem
    .title = Classification predicts the colour; regression predicts a number from −1 to 1.
teach-classification = Classification
teach-regression = Regression
teach-engine = Engine
    .title = Tiny networks train fastest on the CPU: each GPU dispatch costs more than the whole step.
teach-output = Output
teach-test-loss = Test loss
teach-train-loss = Training loss
teach-test-accuracy = Test accuracy
teach-train-accuracy = Training accuracy
teach-discretize = Discretize output
teach-loss = Loss
teach-chart-training = training
teach-chart-test = test
teach-note-ignored = ignored { $key }={ $value } from the link (not a valid value)
teach-ds-circle = circle
teach-ds-xor = xor
teach-ds-gauss = gauss
teach-ds-spiral = spiral
teach-ds-moons = moons
teach-ds-checkerboard = checkerboard
teach-ds-plane = plane
teach-ds-multi-gauss = multi-gauss
teach-ds-blobs-k = blobs-k
teach-ds-spiral-k = spiral-k

## The network diagram

teach-feature-add = { $feature }: click to add this input
teach-feature-remove = { $feature }: click to remove this input
teach-weight = weight { $weight }
teach-output-node = output
teach-node = layer { $layer }, neuron { $neuron }
teach-neuron-fewer = one neuron fewer
teach-neuron-more = one neuron more
teach-neuron-of = neuron { $neuron } of layer { $layer }
teach-the-output = the output
teach-weight-from = Weight from { $from } to { $to }:{" "}
teach-hover = Hover a connection to see its weight and edit it.
teach-features = Features
teach-add-layer = add a hidden layer
teach-remove-layer = remove the last hidden layer
teach-hidden-layers = { $n ->
        [one] 1 hidden layer
       *[other] { $n } hidden layers
    }
