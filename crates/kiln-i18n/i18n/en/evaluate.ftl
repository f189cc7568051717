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
