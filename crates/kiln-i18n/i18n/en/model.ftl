### Kiln, English: step 2, Model: the layer builder, layer and activation help, presets.
### Every message id here starts with `model-`; the same ids must exist in ../zh/model.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/


## Layer kinds (by Keras class name), activations, optimizers, losses

model-layer-Dense = Every output unit is a weighted sum of all inputs plus a bias: the basic building block.
model-layer-Embedding = Turns each word id into a learned list of numbers (a vector); similar words end up with similar vectors.
model-layer-GlobalAveragePooling1D = Averages the vectors of all words in a sentence into one vector (padding ignored).
model-layer-GlobalMaxPooling1D = Keeps, for each feature, its largest value over all words of a sentence.
model-layer-Conv1D = Slides small learned filters along a sequence to spot short patterns, like a two- or three-word phrase.
model-layer-Conv2D = Slides small learned filters over an image to spot local patterns such as edges and corners.
model-layer-MaxPool2D = Shrinks an image by keeping the largest value in each small window.
model-layer-AveragePool2D = Shrinks an image by averaging each small window.
model-layer-Flatten = Lays an image (or sequence) out as one long row of numbers so Dense layers can use it.
model-layer-Dropout = While training, randomly switches off some values so the network cannot rely on any one: less over-fitting.
model-layer-BatchNormalization = Rescales each channel to mean 0 and spread 1 over the batch, which makes training faster and steadier.
model-layer-LayerNormalization = Rescales each example's features to mean 0 and spread 1 (used in Transformers).
model-layer-MultiHeadSelfAttention = Lets every word look at every other word and mix in what matters: the heart of a Transformer.
model-layer-Activation = Applies a function to every value on its own, e.g. relu sets negatives to 0.
model-act-linear = linear: passes values through unchanged
model-act-relu = relu: negatives become 0, positives pass (the usual choice for hidden layers)
model-act-leaky_relu = leaky_relu: like relu, but negatives are multiplied by 0.2 instead of dropped
model-act-gelu = gelu: a smooth relu, used in Transformers
model-act-sigmoid = sigmoid: squeezes any value into 0…1 (a probability for two classes)
model-act-tanh = tanh: squeezes any value into −1…1
model-act-softmax = softmax: turns scores into probabilities that add up to 1 (several classes)
model-opt-sgd = SGD
    .help = SGD: a plain step down the slope.
model-opt-momentum = SGD with momentum
    .help = SGD with momentum: keeps rolling in the direction it was going.
model-opt-adam = Adam
    .help = Adam: a separate, self-tuning step size per weight (the usual default).
model-opt-adamw = AdamW
    .help = AdamW: Adam with weight decay done right.
model-opt-rmsprop = RMSprop
    .help = RMSprop: divides each step by a running size of that weight's gradients.
model-loss-binary_cross_entropy = binary cross-entropy
    .help = Binary cross-entropy: two classes with one sigmoid output.
model-loss-categorical_cross_entropy = categorical cross-entropy
    .help = Categorical cross-entropy: several classes with a softmax output.
model-loss-mean_squared_error = mean squared error
    .help = Mean squared error: predicting a number.

## Layer settings (the tooltips of the builder's fields)

model-help-input-dim = Rows in the table: one per word id. Must be at least the vocabulary size.
model-help-output-dim = How many numbers describe each word.
model-help-units = How many output values (neurons) this layer has.
model-help-activation = The function applied to each output value; hover the options to compare.
model-help-filters = How many different patterns (filters) this layer learns; each gives one output channel.
model-help-kernel-size = How many neighbouring positions each filter looks at.
model-help-strides = How far the window moves each step; 2 halves the length.
model-help-padding = valid: the window stays inside the input, so the output shrinks. same: the border is padded with zeros so the size stays (÷ stride).
model-help-kernel-size-2 = The filter's window, height × width in pixels (3 × 3 is usual).
model-help-strides-2 = How far the window moves each step, down × across; 2 halves the size.
model-help-pool-size = The window, height × width; 2 × 2 halves the image.
model-help-strides-3 = How far the window moves; empty = the window size (windows do not overlap).
model-help-rate = The fraction of values switched off at each training step, from 0 to below 1 (0.5 = half).
model-help-epsilon = A tiny number added before dividing, so we never divide by zero.
model-help-momentum = How slowly the remembered mean and spread (used after training) follow each batch; 0.99 = slowly.
model-help-num-heads = How many attention patterns run side by side; must divide the vector length.
model-help-key-dim = Size of each head's vectors; empty = vector length ÷ heads (the only size supported).
model-help-dropout = Fraction of attention weights switched off while training (0 = none).
model-error-int = { $key } must be a whole number, got "{ $value }"
model-error-float = { $key } must be a number such as 0.5, got "{ $value }"
model-error-activation = unknown activation "{ $value }"
model-error-padding = padding must be "valid" or "same", got "{ $value }"
model-error-no-setting = { $layer } has no setting { $key }

## The layer list

model-auto = auto
model-layer-up = Move this layer up
model-layer-down = Move this layer down
model-layer-remove = Remove this layer
model-layer-select = { $help } Click to select: new layers are added after the selected one.
model-layer-out = Output shape (None = any number of examples in the batch) and trainable parameters
model-layer-params = { $n } params

## Step 2 panel

model-title = Model
model-intro = Click a layer type to add it after the selected layer (or at the end). Hover any name or setting for a one-line explanation. Shapes and parameter counts update as you type; a layer that does not fit is marked in red with what to change.
model-preset = Preset
    .title = Start from a ready-made model. Its layers replace the list (Undo brings yours back); the input always comes from the data set.
model-preset-choose = choose…
model-preset-sentiment = Reference sentiment (Keras tutorial)
    .title = Embedding → average of the words → Dense(16, relu) → sigmoid: the Keras text-classification model
model-preset-mlp = Small MLP
model-preset-cnn = Small CNN (28×28 images)
model-preset-transformer = One-block Transformer
model-undo = ↶ Undo
    .title = Undo the last change to the model
model-redo = ↷ Redo
    .title = Redo the change you undid
model-clear = Clear
    .title = Remove every layer (Undo brings them back)
model-download = ⤓ Download spec
    .title = Save the model and the training settings as a JSON file: upload it here later, or train it natively with kiln-cli.
model-upload = ⤒ Upload spec
    .title = Load a model (and training settings) from a JSON spec file. A file that is not a valid spec changes nothing.
model-locked = Training is using this model: changes wait until the run ends (Stop or Reset).
model-input = Input
    .title = What one example looks like. It comes from the data set (step 1) and cannot be edited here.
model-input-tokens = (None, { $seq_len }): { $seq_len } word ids per example, { $vocab } distinct ids
model-input-features = (None, { $width }): { $width } numbers per example
model-input-images = (None, { $height }, { $width }, { $channels }): { $height }×{ $width } images, { $channels } channel(s)
model-empty = No layers yet: add some from the palette above.
model-loss = Loss
    .title = The loss is the number training makes small. Binary cross-entropy: two classes with one sigmoid output. Categorical cross-entropy: several classes with a softmax output. Mean squared error: predicting a number.
model-suggest = Suggest output
    .title = Set the last layer and the loss to what suits the data set: Dense(1, sigmoid) + binary cross-entropy for two classes, Dense(k, softmax) + categorical cross-entropy for k classes, Dense(1) + mean squared error for a number.
model-params = { $n } parameters
    .title = Trainable parameters: the numbers training adjusts (weights and biases).
model-params-frozen = { $n } parameters (+{ $frozen } non-trainable)
model-params-none = — parameters (fix the model first)
model-memory = training memory { $size } (batch { $batch })
    .title = Training memory ≈ weights + gradients + Adam's two moments (4 × parameters × 4 bytes) + activations and their gradients (batch size × values in all layer outputs × 4 bytes × 2).
model-memory-tiny = ≈ 0.1 MB or less
model-error-spec-size = the spec file { $name } is { $bytes } bytes; a spec file must be under 1 MB (a real one is a few hundred bytes). The model was not changed.
model-error-spec-read = could not read the file { $name }
model-error-spec = { $name }: { $detail }. The model was not changed.
