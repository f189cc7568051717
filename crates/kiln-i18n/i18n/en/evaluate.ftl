### Kiln, English: step 4, Evaluate: test metrics, the evaluation report, Try it.
### Every message id here starts with `evaluate-`; the same ids must exist in ../zh/evaluate.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

evaluate-title = Evaluate
evaluate-test-accuracy = test accuracy
evaluate-test-loss = test loss
# $unit is images, rows, texts or sentences.
evaluate-test-examples = { $unit ->
        [images] test images
        [rows] test rows
        [texts] test texts
       *[sentences] test sentences
    } (never trained on)
evaluate-untrained = Train a model to see how it does on { $unit ->
        [images] images
        [rows] rows
        [texts] texts
       *[sentences] sentences
    } it has never seen.
evaluate-train-first = train a model first
evaluate-type = type a sentence
evaluate-probability = { $pct }% { $class }
evaluate-class-negative = negative
evaluate-class-positive = positive
evaluate-try = Try it
evaluate-try-upload = Type a text like the ones in your data, to see if the model says { $neg } or { $pos }
evaluate-try-review = Type a review, e.g. “The food was great and the staff were friendly”
evaluate-try-not-text = Try it takes a sentence typed here, so it works with text data sets of two classes. For this data set, the test accuracy above says how well the model does on examples it has never seen.
evaluate-draw-label = Drawing area: draw a digit with the mouse, a finger or a pen
evaluate-draw-clear = Clear
evaluate-draw-hint = Draw a digit in the box: the model answers after each stroke. Or drop a PNG or JPEG image here.
evaluate-image-hint = Drop a PNG or JPEG image here, or pick one: it is resized as the training images were.
evaluate-image-pick = Pick an image…
evaluate-draw-seen = What the model saw: { $height }×{ $width }, centred and scaled as the training images were
evaluate-try-class = Prediction: { $class }
evaluate-try-value = Predicted value: { $value }
evaluate-try-probabilities = Probability of each class
evaluate-row-mean = Training mean: { $mean }
evaluate-row-unseen = { $value } (not seen in training)
evaluate-row-random = Random test row
evaluate-row-invalid = { $column } is empty or not a number: type a number to get a prediction
evaluate-row-out-of-range = { $column } = { $value } is outside the training range ({ $min } to { $max }): the model extrapolates, so this prediction says little

## The test set in depth (the report after a run)

evaluate-report-title = The test set in depth
evaluate-report-none = After a run, the test set is evaluated here in depth: where the model is wrong, and how sure it was.
evaluate-accuracy-chip = accuracy { $pct }
evaluate-threshold = Decision threshold
evaluate-threshold-help = an example counts as positive when its probability is at least this
evaluate-threshold-marker = threshold { $value }
evaluate-roc = ROC curve · AUC { $auc }
evaluate-pr = Precision–recall curve · AP { $ap }
evaluate-fpr = false-positive rate
evaluate-tpr = true-positive rate
evaluate-recall = recall
evaluate-precision = precision
evaluate-mae = MAE (mean absolute error)
evaluate-rmse = RMSE (root mean squared error)
evaluate-r2 = R² (1 is a perfect fit, 0 the mean)
evaluate-scatter = Predicted vs true (test set)
    .aria-label = predicted against true values
evaluate-scatter-true = true value
evaluate-scatter-predicted = predicted
evaluate-cell = { $count } test examples of “{ $truth }” predicted as “{ $predicted }”
evaluate-cell-asking = Listing the examples of this cell…
evaluate-close = close
evaluate-confident-errors = Most confidently wrong
evaluate-biggest-errors = Largest errors
evaluate-no-errors = No test example is wrong at this threshold.
evaluate-left-out = { $count } more test examples are counted in the metrics but not listed (the list keeps the errors first).
evaluate-class-n = class { $class }

## Confusion matrix and per-class metrics

evaluate-matrix-caption = Confusion matrix: rows are the true class, columns the predicted class. Click a cell to list its examples.
evaluate-matrix-corner = true ↓ · predicted →
evaluate-matrix-cell = { $count } of { $truth } predicted as { $predicted }
evaluate-class = class
evaluate-support = support
evaluate-macro = macro average
evaluate-weighted = weighted average
evaluate-accuracy = accuracy
evaluate-zero-division = A class never predicted has precision 0 (scikit-learn's zero_division=0), never NaN.

## Listed test examples and word contributions

evaluate-outcome = true: { $truth } · predicted: { $predicted } ({ $sure } sure)
evaluate-outcome-value = true: { $truth } · predicted: { $predicted } (off by { $off })
evaluate-why = why?
evaluate-method-occlusion = occlusion: how much the score drops when this word is deleted from the text (the model run again without it)
evaluate-method-integrated-gradients = gradient × input on the word's embedding, integrated exactly from the empty text: the words' contributions add up to the score minus the empty text's score
evaluate-word-oov = not in the vocabulary: treated as unknown
evaluate-word-unseen = { $word }: after the sequence length: the model never saw it
evaluate-word-oov-towards = { $word }: not in the vocabulary: treated as unknown ({ $logits } logits towards “{ $class }”) — { $how }
evaluate-word-towards = { $word }: { $logits } logits towards “{ $class }” — { $how }
evaluate-words-towards = green: towards “{ $class }”, red: away from it
evaluate-words-sum = sum { $total } logits (score { $score }, empty text { $empty })
evaluate-words-dashed = dashed

## Runs side by side

evaluate-runs-title = Runs side by side
evaluate-runs-empty = Each finished run is kept here with its settings and results, to compare.
evaluate-runs-loss-chart = Validation loss per epoch
evaluate-runs-accuracy-chart = Validation accuracy per epoch
evaluate-runs-sort = click a column to sort
evaluate-runs-epoch-tick = epoch { $epoch }
evaluate-runs-legend = run #{ $run } · lr { $lr }
evaluate-runs-stopped = { $epochs } (stopped)
evaluate-runs-run = run
evaluate-runs-dataset = data set
evaluate-runs-layers = layers
evaluate-runs-lr = learning rate
evaluate-runs-batch = batch
evaluate-runs-epochs = epochs
evaluate-runs-train-loss = train loss
evaluate-runs-val-loss = val loss
evaluate-runs-test-loss = test loss
evaluate-runs-test-accuracy = test accuracy
evaluate-runs-macro-f1 = macro F1
evaluate-runs-roc-auc = ROC AUC
evaluate-runs-r2 = R²

## Word map

evaluate-map-title = Word map
evaluate-map-help = The { $count } most frequent words’ learned vectors (Embedding), projected to 2-D by PCA. Colour: mean contribution towards “{ $class }” — green towards it, red away from it, grey not in the training sentences.
evaluate-map-help-value = The { $count } most frequent words’ learned vectors (Embedding), projected to 2-D by PCA. Colour: mean contribution to the predicted value — green raises it, red lowers it, grey not in the training sentences.
evaluate-map-variance = PCA: axis 1 explains { $x } of the variance, axis 2 { $y }
evaluate-map-pick = Hover, focus or click a word to see its nearest neighbours. A dot is a word whose label would cover a more frequent one: hover it, or zoom in (+).
evaluate-map-zoom-in = Zoom in (around the picked word)
evaluate-map-zoom-out = Zoom out
evaluate-map-zoom = zoom ×{ $zoom }
evaluate-map-neighbours = Nearest neighbours of “{ $word }” (cosine similarity)
evaluate-map-word-title = { $word }: mean contribution { $value } logits over { $count } occurrences
evaluate-map-word-unseen = { $word }: not in the training sentences
evaluate-map-aria = Word map: { $count } words
evaluate-runs-restore-column = settings
evaluate-restore = Restore
    .title = Put this run's model and training settings back into the builder and the settings
evaluate-restore-missing-title = Trained on the upload { $name }, which is no longer loaded
evaluate-restore-loading = Loading the data set of run #{ $run }; its settings follow.
evaluate-restore-missing = Run #{ $run } was trained on the upload { $name }, which is no longer loaded: pick its files again (step 1), then restore.
evaluate-restore-failed = The data set of run #{ $run } did not load: its settings were not restored.
evaluate-restored = Run #{ $run }'s model spec and training settings are back in the builder. Its trained weights are not kept: train to get them again (Evaluate and Try it still show the model trained last).
evaluate-opened-button = Evaluate on { $dataset }
    .title = The test report of the opened model on this data set's test split (its own split and seed, encoded with the file's preprocessing)
evaluate-opened-intro = { $name } was opened from a file: its test report is made on demand.
evaluate-opened-running = Evaluating on the test split…
evaluate-opened-no-data = Load a data set to evaluate the opened model on it.
evaluate-opened-loading = The data set is still loading.
evaluate-opened-kind = The opened model takes { $model }, but { $dataset } holds { $data }: it cannot be evaluated on it.
evaluate-opened-shape = The opened model takes { $model } images, but the images of { $dataset } are { $data }.
evaluate-opened-width = The opened model takes { $model } features per row, but { $dataset } gives { $data }.
evaluate-opened-classes = The opened model knows the classes { $model }, but { $dataset } has { $data }.
evaluate-opened-regression = The opened model predicts a number, but { $dataset } has classes.
evaluate-opened-classifier = The opened model predicts classes, but { $dataset } has a numeric target.
evaluate-kind-text = texts
evaluate-kind-table = table rows
evaluate-kind-images = images
