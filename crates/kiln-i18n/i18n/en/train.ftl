### Kiln, English: step 3, Train: settings, engine choice, status lines, charts.
### Every message id here starts with `train-`; the same ids must exist in ../zh/train.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

