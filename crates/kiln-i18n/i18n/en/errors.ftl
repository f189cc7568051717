### Kiln, English: every error and warning of the pure crates and the worker (ids start with error-).
### Every message id here starts with `error-`; the same ids must exist in ../zh/errors.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

## kiln-data: DataError

error-data-empty = the file is empty
error-data-json = not a sentiment fixture (JSON array of {"{"}"text", "class"{"}"}): { $detail }
error-data-row = row { $row }: { $message }
error-data-no-rows = no data rows
error-data-not-text = not a text/CSV file (looks binary): save it as CSV (comma- or tab-separated text) and try again
error-data-utf16 = the file is saved as UTF-16 ("Unicode") text, which this page does not read: save it as UTF-8 (in Excel: Save As → "CSV UTF-8"; in a text editor: encoding UTF-8) and load it again
error-data-ragged = line { $line } has { $fields } fields but the header has { $expected } ({ $count } such row(s) in all): fix the file, or turn on "skip malformed rows"
error-data-class-not-binary = class must be 0 or 1, got { $value }
error-data-fields = expected { $expected } fields, found { $found }
error-data-label-not-binary = label must be 0 or 1, got "{ $value }"
error-data-no-numbers = `{ $column }` has no numeric values in the training rows: leave it out or fix the file
error-data-target-left-out = `{ $column }` is the column to predict: it cannot be left out
error-data-target-not-numeric = `{ $column }` is not numeric, so it cannot be a regression target: choose classification
error-data-one-class-rows = classification needs at least 2 classes; only `{ $class }` found in the usable rows: fix the missing inputs or add rows of other classes
error-data-no-training-rows = no rows left for training ({ $usable } usable of { $rows }): use more data or a larger training fraction
# $split is training, validation or test.
error-data-split-check = { $split ->
        [training] training split
        [validation] validation split
       *[test] test split
    }: { $problem }; check the values of that column
error-data-rows-targets = { $rows } input rows but { $targets } targets
error-data-not-finite = row { $row } column { $column } is not a finite number
error-data-target-not-finite = target of row { $row } is not a finite number
error-data-class-id = row { $row } has class id { $id } but there are { $classes } classes
# $unit is rows, images, texts or sentences; $pct is a percentage with its sign (10 %).
error-data-train-empty = the training split is empty: { $n } { $unit ->
        [rows] rows
        [images] images
        [texts] texts
       *[sentences] sentences
    } with { $pct } for training give none; add { $unit ->
        [rows] rows
        [images] images
        [texts] texts
       *[sentences] sentences
    } or raise the training fraction
# $split is validation or test.
error-data-split-empty = the { $split } split is empty: { $n } { $unit ->
        [rows] rows
        [images] images
        [texts] texts
       *[sentences] sentences
    } with { $pct } for { $split } give none; add { $unit ->
        [rows] rows
        [images] images
        [texts] texts
       *[sentences] sentences
    } (at least { $per_class } per class) or set { $split } to 0 %
error-data-class-not-in-train = class `{ $class }` has { $total } of the { $n } { $unit ->
        [rows] rows
        [images] images
        [texts] texts
       *[sentences] sentences
    }, none of them in the training split, so the model could never learn it: add { $unit ->
        [rows] rows
        [images] images
        [texts] texts
       *[sentences] sentences
    } of `{ $class }`, or lower the validation and test fractions
error-data-target-as-input = `{ $column }` is the target: it cannot also be an input
error-data-too-many-levels = `{ $column }` has more than { $max } distinct values, too many to one-hot encode: leave it out or treat it as numeric or text
error-data-no-inputs = no input columns: choose at least one column besides the target
error-data-text-not-alone = a text column can only be the sole input (a text model): choose just the text column, or treat it as categorical
error-data-zip = not a readable .zip file ({ $detail })
error-data-zip-entries = the .zip has { $entries } entries, more than the { $max } allowed: use fewer images
error-data-zip-size = the .zip expands to more than { $mb } MB: use fewer or smaller images
error-data-zip-entry = `{ $path }` in the .zip could not be read ({ $detail })
error-data-zip-no-folders = the .zip has no files inside folders: put each class's images in a folder named after the class
error-data-gzip = the .gz file could not be decompressed ({ $detail })
error-data-idx = not an IDX (MNIST-format) file: { $why }
error-data-idx-write-dims = cannot write IDX dimensions { $dims }
error-data-idx-write-size = IDX dimensions { $dims } need { $need } bytes, got { $got }
error-data-idx-write-dim = IDX dimension { $dim } is too large
error-data-idx-shapes = expected images of shape [n, height, width] and labels of shape [n], got { $images } and { $labels }: check which file is which
error-data-idx-counts = { $images } images but { $labels } labels: use matching files
error-data-one-class = classification needs at least 2 classes; only `{ $class }` found
error-data-idx-magic = it must start with two zero bytes
error-data-idx-type = element type { $code } is not supported (only unsigned bytes, 0x08)
error-data-idx-header = the header is cut short
error-data-idx-size = dimensions { $dims } need { $need } bytes but the file has { $got }
error-data-idx-too-large = dimensions { $dims } are too large
error-data-image-size = image size must be 1 to 512 pixels a side with 1 (grey) or 3 (RGB) channels, got { $size }
# $unit is rows, images, texts or sentences.
error-data-train-split-empty = the training split is empty: { $unit ->
        [images] add images
        [texts] add files
       *[other] use more data
    } or raise the training fraction
error-data-image = { $file } is not a readable PNG or JPEG image ({ $detail })
# $detail of error-data-image and error-data-image-read: why the image did not decode.
error-image-format-unknown = its format is not recognised
error-image-unsupported = it uses a feature of its format that this decoder does not support
error-image-damaged = it is damaged or cut short
error-image-too-large = it is larger than { $side } pixels a side, or too large to decode
error-image-io = its bytes could not be read
error-image-other = the decoder refused it
error-data-folder-no-images = class folder `{ $class }` has no images that could be read (PNG or JPEG): add some or remove the folder
# $unit is images or texts.
error-data-one-class-folder = classification needs at least 2 classes; only `{ $class }` found: put each class{ $unit ->
        [images] 's images
       *[other] {""}
    } in its own folder
error-data-no-file = no file was chosen
error-data-one-image = `{ $file }` is one image: to train on images, put them in one folder per class (e.g. `cats/`, `dogs/`) and choose the folder that holds those folders, or a .zip of it
error-data-many-files = { $files } files were chosen: choose one table file, one .zip, two IDX files (images and labels), or use "Choose a folder" for a folder of class folders
error-data-files-too-big = the files are { $size }, more than the { $max } this page reads: use fewer files or a sample
error-data-no-class-folders = the chosen folder has no folders inside: choose the folder that holds one folder per class (e.g. `pets/` holding `cats/` and `dogs/`)
error-data-no-images = no PNG or JPEG images (and no .txt files) were found in the class folders
error-data-file-too-big = the file is { $size }, more than the { $max } this page reads: load a sample of its rows instead
error-data-too-many-columns = the first line has { $fields } fields, more than the { $max } columns this page reads: is it a table with one row per line? Save it as CSV with a header row and load it again
error-data-ragged-upload = line { $line } has { $fields } fields but the header has { $expected } ({ $count } such row(s) in all): fix that row (a missing quote or an extra delimiter) and load the file again
error-data-folder-no-texts = class folder `{ $class }` has no non-empty .txt files: add some or remove the folder
error-data-seq-len = sequence length must be between { $min } and { $max }, got { $value }
error-data-vocab-size = vocabulary size must be between { $min } and { $max }, got { $value }
error-data-no-labels-file = the labels file is missing
error-data-too-many-classes = `{ $column }` has more than { $max } distinct values, too many classes: choose regression (if it is a number) or another target
error-data-target-empty = `{ $column }` has no values: choose another target
error-data-one-class-in = classification needs at least 2 classes; only `{ $class }` found in `{ $column }`: choose another target or add rows of other classes
error-data-csv-syntax = line { $line } could not be read as CSV ({ $detail }); check its quotes

## kiln-data: drawings, the Chinese word dictionary, column look-ups

error-data-draw-channels = a drawing has 1 (grey), 3 (RGB) or 4 (RGBA) channels, not { $channels }
error-data-draw-side = a drawing must be 1 to 8192 pixels a side, got { $width }×{ $height }
error-data-draw-bytes = a { $width }×{ $height } drawing with { $channels } channels has { $expected } bytes, got { $got }
error-data-draw-style = this model takes { $takes } images, but the digit style makes { $side }×{ $side }×1
error-data-draw-empty = the drawing is empty: draw a digit first
error-data-draw-size = the drawing's size does not match its pixels
error-try-not-images = this model does not take images: "Try it" gives it what it was trained on
error-try-not-digits = drawing works for models of the handwritten digit sets (MNIST, 8×8 digits); for this model, drop an image file
error-try-not-table = this model does not take table rows: "Try it" gives it what it was trained on
error-try-no-prediction = the model gave no prediction for this input
error-try-no-encoder = this model's preprocessing is not known here, so "Try it" cannot make its input: train it again
error-try-file-too-big = { $name } is { $mb } MB: "Try it" reads image files up to { $max } MB
error-data-image-read = { $name } could not be read ({ $detail })
error-data-not-numeric-override = column `{ $column }` cannot be numeric: line { $line } has `{ $value }`; fix the value or treat the column as categorical
error-data-dictionary = the Chinese word dictionary ({ $asset }) cannot be read: { $why }; rebuild it with scripts/fetch-datasets.sh
error-data-dictionary-missing = jieba word segmentation needs its dictionary ({ $asset }), which is not loaded yet: wait for it, or choose the character tokenizer
error-data-no-vocabulary = the text folders gave no vocabulary
error-data-column-too-large = column `{ $column }` holds more than 4 GB of text: the file is too large to load in a browser tab; use a sample
error-data-no-column = there is no column `{ $column }`; the columns are: { $columns }

## The training worker (kiln-web's worker)

error-worker-weight-not-finite = a weight must be a finite number, got { $value }
error-worker-busy-data = a run is using the training engine: stop it before choosing another data set
error-worker-busy = a run is already in progress: press Stop first
error-worker-not-training = nothing is training: press Train first
error-worker-model-gone = that model is no longer in the training engine: train again
error-worker-try-needs-text = "Try it" takes a sentence: it works for models trained on a sentence data set
error-worker-no-model = train a model first, then try a sentence
error-worker-nothing-to-restore = there are no saved weights to restore: train again
error-worker-no-last-good = no weights from before the divergence were saved: lower the learning rate and train again
error-worker-other-data = the worker holds { $held }, not { $wanted }: choose the data set again
error-worker-no-data = no data set is loaded yet: wait for it, or choose one
error-worker-prepare = { $dataset }: { $message }
error-worker-dictionary-fetch = the Chinese word dictionary ({ $asset }) could not be loaded ({ $detail }): check that the page's assets were built (scripts/fetch-datasets.sh), or choose the character tokenizer
error-worker-fetch = could not fetch { $url }: { $detail }
error-worker-http = { $url }: HTTP { $status } (was the data set built? run scripts/fetch-datasets.sh)
error-worker-files-lost = the chosen files did not reach the training engine: choose them again
error-worker-file-read = { $path }: the browser could not read the file ({ $detail })
error-worker-no-builtin = there is no built-in data set "{ $id }"
error-worker-no-upload = there is no uploaded data set to change: choose a file again
error-worker-files-gone = the files are no longer at hand: choose them again
error-worker-report = the test report could not be made: { $message }
error-worker-evaluate = the opened model cannot be evaluated on this data set: { $message }
error-worker-evaluate-empty = the data set has no test examples for this model (its split leaves none).
error-worker-word-map = the word map could not be made: { $message }
error-worker-explain-needs-text = word contributions are for models trained on texts
error-worker-explain-no-model = train a model first, then ask why it scored a text so
error-worker-busy-lab = the training engine is busy with another run: stop it, then start this one

## Model files in the worker (Deploy: download, exports, open a .kiln file)

error-worker-not-text-model = this model does not take text
error-worker-opened-gone = the opened model is no longer in the training engine: open the file again
error-worker-unsaveable = this model cannot be saved (its preprocessing was not recorded): train it again
error-worker-attachment-lost = { $name }: the file did not reach the training engine; open it again
error-worker-not-a-file = { $name }: not a file
error-worker-model-too-big = it is { $mb } MB, more than the { $max } MB a model file may be
error-worker-model-read = could not read it: { $detail }

## kiln-ml: a .kiln model file that cannot be read or written (ModelFileError)

error-model-not-kiln = not a Kiln model file: { $reason }
error-model-damaged = the model file is damaged or too large: { $reason }
error-model-inconsistent = the model file does not fit together: { $reason }
error-model-save = the model could not be saved: { $detail }
error-model-too-big = it is { $mb } MB, more than the { $max } MB a model file may be
error-model-spec-only = this is a model spec (layers only, no weights: format version 0, what Kiln's Deploy step downloaded before model files existed): open it in the builder, or train it with `kiln train --spec FILE`
error-model-json = it is JSON, not a .kiln file (a .kiln file is a safetensors file with Kiln's description)
error-model-zip = it is a zip archive; a .kiln file is a safetensors file
error-model-too-short = it is { $bytes } bytes long, too short to hold a header
error-model-header-length = unreadable header length
error-model-header-huge = its header claims { $claimed } bytes, more than the { $max } MB allowed (is it a .kiln file?)
error-model-cut-short = it is cut short: the header claims { $claimed } bytes but only { $follow } follow
error-model-sizes = it is cut short or has bytes after the weights (the sizes do not add up)
error-model-not-safetensors = its header is not valid safetensors ({ $detail })
error-model-no-description = a safetensors file without Kiln's description (made by another tool?)
error-model-description = its description: { $detail }
error-model-format = its description does not say `"format": "{ $format }"`
# $why is error-model-version-newer or error-model-version-older.
error-model-version = this model file is format version { $version } (written by Kiln { $made }); this Kiln reads version { $reads }: { $why }
error-model-version-newer = update Kiln to open it
error-model-version-older = re-save it with that Kiln
error-model-encoding = this model stores its weights as `{ $encoding }`; this Kiln reads f32 weights only: update Kiln to open it
error-model-dtype = the weight `{ $name }` is { $dtype }, not F32
error-model-not-finite = the weight `{ $name }` holds NaN or infinite values
error-model-spec-values = the weights hold { $values } values but the spec has { $needed } parameters
error-model-network-values = the weights hold { $values } values but the network has { $params }
error-model-weights-misfit = the weights do not fit the network: { $detail }
error-model-unused-weights = the file has weights the network does not use: { $names }
error-model-spec = the model spec: { $detail }
error-model-preprocessing = the preprocessing: { $detail }

## The lab (compression, federated learning, search)

error-lab-no-model = train a model first (step 3), then compress it
error-lab-compression-gone = that compression is no longer in the training engine: compress again
error-lab-sparsity = sparsity must be between 0 and 95 %, got { $value }
error-lab-fine-tune = fine-tuning takes 0 to 20 epochs, got { $value }
error-lab-bins = histograms take 3 to 101 bins, got { $value }
error-lab-clients = the number of clients must be 1 to 100, got { $value }
error-lab-fraction = the client fraction C must be in (0, 1], got { $value }
error-lab-local-epochs = local epochs E must be 1 to 50, got { $value }
error-lab-local-batch = the local batch size B must be 1 to 4096, got { $value }
error-lab-rounds = rounds R must be 1 to 1000, got { $value }
error-lab-mu = the FedProx μ must be between 0 and 100, got { $value }
