### Kiln, English: step 5, Deploy: the model file, exports, running it elsewhere, the kept session.
### Every message id here starts with `deploy-`; the same ids must exist in ../zh/deploy.ftl
### (the coverage test in crates/kiln-i18n/tests fails otherwise). Syntax: https://projectfluent.org/fluent/guide/

deploy-title = Deploy
deploy-intro = Take the trained model with you. The .kiln file holds the network, its weights and everything needed to score new raw input (vocabulary, column statistics, image size, class names); open it here again, or natively:
deploy-download = ⤓ Download model
    .title = Save the trained model as one .kiln file (safetensors with Kiln's description).
deploy-exports = Export for other tools:
deploy-export-onnx = ONNX
    .title = An .onnx file (opset 17) for onnxruntime and other ONNX tools.
deploy-export-keras = Keras code
    .title = A Keras 3 script that rebuilds this network, and its weights (.safetensors).
deploy-export-pytorch = PyTorch code
    .title = A PyTorch script (nn.Module, runs under torchrun) and its state dict (.safetensors).
deploy-no-model = Train a model (step 3) or open a model file to download it.
deploy-writing = writing the files…
deploy-file = { $name } ({ $size })
deploy-downloaded = downloaded { $files }
deploy-download-failed = { $name } could not be downloaded: { $detail }
deploy-size-bytes = { $bytes } bytes
deploy-size-kb = { $kb } KB

## The session kept in this browser

deploy-session = This session
deploy-keep = This session (data set choice, model, settings, charts and trained weights) is kept in this browser, never uploaded.
deploy-fresh = Start fresh
    .title = Forget the kept session and reload the page with the defaults.
deploy-session-restored = Restored your last session (kept in this browser only).
deploy-session-unreadable = The last session could not be read ({ $error }); starting fresh.
deploy-session-upload = Your last session used your file(s) "{ $name }", which this page does not keep: pick them again in step 1 to train or evaluate on them. Until then the default data set is loaded.
deploy-status-restored = restored from your last visit
deploy-quota = Could not keep { $what } ({ $size }) for the next visit: { $why }. Kept instead: { $kept }.
deploy-quota-full = the browser's storage quota for this page is used up
deploy-quota-refused = the browser refused it ({ $error })
deploy-kept-weights = the trained weights
deploy-kept-settings = the session settings
deploy-kept-instead-no-weights = the data set choice, the model's layers, the settings and the charts; the trained weights are lost on reload, so use "Download model" to keep them
deploy-kept-instead-previous = the session saved before this change

## Open a model file

deploy-open-title = Open a model file
deploy-open-intro = Continue with a model downloaded from Kiln (a .kiln file): Try it and Evaluate use it at once, and Train continues from its weights. Drop it here or
deploy-open-pick = ⤒ Choose a .kiln file
deploy-opening = opening…
deploy-last-visit-model = the model from your last visit
# $kind is text, table or images; $accuracy is deploy-opened-accuracy or nothing.
deploy-opened = Opened { $name } ({ $size }): a { $kind } model trained on { $dataset }, { $classes } classes{ $accuracy }.
deploy-opened-accuracy = , test accuracy { $pct }%
deploy-open-failed = { $name } could not be opened: { $message }. The current model is kept.
deploy-open-failed-restore = The model kept from your last visit could not be opened ({ $message }); train it again.
deploy-status-opened = opened { $name }: trained on { $dataset }
deploy-status-restored-model = model restored from your last session (trained on { $dataset })
# The model kept in this browser, put back on reload ($name is deploy-last-visit-model); as deploy-opened.
deploy-restored = Restored { $name } ({ $size }): a { $kind } model trained on { $dataset }, { $classes } classes{ $accuracy }.
