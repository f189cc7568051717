### Kiln, English: step 2, Model: the layer builder, layer and activation help, presets.
### Every message id here starts with `model-`; the same ids must exist in ../zh/model.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

