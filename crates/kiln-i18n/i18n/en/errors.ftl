### Kiln, English: every error and warning of the pure crates and the worker (ids start with error-).
### Every message id here starts with `error-`; the same ids must exist in ../zh/errors.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

## kiln-data: DataError

error-data-empty = the file is empty
