### Kiln, English: teaching mode, the 2-D playground.
### Every message id here starts with `teach-`; the same ids must exist in ../zh/teach.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

