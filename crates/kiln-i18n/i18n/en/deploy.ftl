### Kiln, English: step 5, Deploy: the model file, exports, running it elsewhere.
### Every message id here starts with `deploy-`; the same ids must exist in ../zh/deploy.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

deploy-title = Deploy
deploy-before = Download the spec in{" "}
deploy-link = step 2 (⤓ Download spec)
deploy-after = {" "}and train the same model natively on a bigger machine:
