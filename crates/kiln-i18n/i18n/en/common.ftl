### Kiln, English: the header, the language menu, the two modes and words every panel shares.
### Every message id here starts with `common-`; the same ids must exist in ../zh/common.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

common-tagline = Train a real neural network in your browser. Nothing is installed and nothing leaves your machine.
common-engine-loading = loading the training engine…
common-dismiss = Dismiss
common-mode-guided = Build & train (5 steps)
common-mode-teach = Teach: 2-D playground
common-language = Language
    .title = Language of the page (remembered on this computer; a link with ?lang=zh opens in Chinese)
# A message that is not translated because it comes from outside Kiln (the browser, a library).
common-verbatim = { $text }
# Joining a list of several items: a, b and c.
common-list-comma = { ", " }
common-list-and = { " and " }
