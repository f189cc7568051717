### Kiln, English: step 4, Evaluate: test metrics, the evaluation report, Try it.
### Every message id here starts with `evaluate-`; the same ids must exist in ../zh/evaluate.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

