### Kiln, English: step 1, Data: built-in data sets, uploads, previews, notices and readings.
### Every message id here starts with `data-`; the same ids must exist in ../zh/data.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

