### Kiln, English: step 1, Data: built-in data sets, uploads, previews, notices and readings.
### Every message id here starts with `data-`; the same ids must exist in ../zh/data.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/


## Notices: what loading or preparing a data set did

data-notice-constant-numeric = `{ $column }` has one value in the training rows: kept unscaled (divided by 1); it carries no information
data-notice-constant-category = `{ $column }` has one value in the training rows: it carries no information
data-notice-fill-mean = the training mean ({ $mean })
data-notice-fill-mode = the training mode (`{ $mode }`)
data-notice-filled = `{ $column }`: { $missing ->
        [one] 1 missing or non-finite value
       *[other] { $missing } missing or non-finite values
    } filled with { $how }
data-notice-no-target = left out { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    } whose target `{ $column }` is missing or not finite
# $why is empty-text or missing-inputs.
data-notice-no-input = left out { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    } with { $why ->
        [empty-text] empty text
       *[missing-inputs] missing or non-finite inputs (policy: drop rows)
    }
data-notice-free-text = `{ $column }` is free text: left out (choose it alone for a text model)
data-notice-too-many-levels = `{ $column }` has more than { $max } distinct values: left out (too many to one-hot encode)
data-notice-not-images = skipped { $files ->
        [one] 1 file that is
       *[other] { $files } files that are
    } not .png / .jpg images
data-notice-broken-images = skipped { $files ->
        [one] 1 image that
       *[other] { $files } images that
    } did not decode: { $first }
data-notice-loose-files = skipped { $files ->
        [one] 1 file
       *[other] { $files } files
    } outside the class folders
data-notice-not-text-files = skipped { $files ->
        [one] 1 file that is
       *[other] { $files } files that are
    } not text (.txt): { $list }
data-notice-empty-files = skipped { $files ->
        [one] 1 empty file
       *[other] { $files } empty files
    }
data-notice-latin1-files = { $files ->
        [one] 1 file is
       *[other] { $files } files are
    } not UTF-8 and were read as Windows-1252: { $list }
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

data-reading-trimmed-labels = `{ $column }`: spaces around { $labels ->
        [one] 1 label
       *[other] { $labels } labels
    } removed, so they join the labels written without them ({ $examples })
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
data-notice-missing = `{ $column }` has { $missing ->
        [one] 1 missing value
       *[other] { $missing } missing values
    }
data-notice-at-line = line { $line } (`{ $value }`)
data-notice-non-finite = `{ $column }` has { $count ->
        [one] 1 non-finite value
       *[other] { $count } non-finite values
    }: { $at }; they are treated as missing
data-notice-constant = `{ $column }` has the same value in every row: it carries no information
data-notice-latin1 = the file is not UTF-8 (first at line { $line }); it was read as Windows-1252 / Latin-1 (é, ï, £…). If letters look wrong, save it as "CSV UTF-8" and upload it again
data-notice-duplicate-names = duplicate column names were made unique: { $renamed }
data-notice-ragged = skipped { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    } whose field count differs from the header's { $width } (first: line { $line } with { $fields } fields)
data-notice-empty-rows = skipped { $rows ->
        [one] 1 empty row
       *[other] { $rows } empty rows
    } (only delimiters, as spreadsheets write a blank row)
data-reading-no-header = the first line holds numbers, so it was read as data and the columns were named column_1, column_2…
data-reading-empty-columns = { $columns ->
        [one] 1 empty column
       *[other] { $columns } empty columns
    } at the end dropped
data-reading-extra-field = the extra empty field on { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    } ignored
data-reading-trailing = lines end with a delimiter (as Excel and LibreOffice write an empty last column): { $what }
# $delimiter is one character, or "tab".
data-reading-sep-line = the first line `{ $line }` is Excel's delimiter hint: `{ $delimiter }` is the delimiter and the line is not data
data-reading-comment-header = { $lines ->
        [one] 1 line
       *[other] { $lines } lines
    } starting with `#` before the table skipped, the last one (`{ $header }`) read as the column names (numpy's savetxt writes its header so)
data-reading-comments = { $lines ->
        [one] 1 line
       *[other] { $lines } lines
    } starting with `#` before the table skipped as comments
data-reading-spaces-quotes = spaces between delimiters and quotes were ignored (`a, "b"` read as `a` and `b`, as spreadsheets read them)
data-notice-sample = only the first { $read } MB of the { $size } MB file were read ({ $rows } rows): a sample, not the whole file
data-failed = { $name }: { $message }
