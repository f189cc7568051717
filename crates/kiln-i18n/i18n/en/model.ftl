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
