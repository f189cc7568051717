### Kiln, English: the lab: experiments beyond the five steps.
### Every message id here starts with `lab-`; the same ids must exist in ../zh/lab.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

