//! The `kiln` binary end to end on the real built-in data sets and on uploaded files: train →
//! `.kiln` → predict / evaluate / continue / serve, for text, tables and images.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn assets() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    assert!(dir.join("iris.csv").exists(), "{}: run scripts/fetch-datasets.sh first", dir.display());
    dir
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs `kiln args…` with `stdin`; returns (success, stdout, stderr).
fn kiln(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs kiln");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("writes stdin");
    let out = child.wait_with_output().expect("waits");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn ok(args: &[&str], stdin: &str) -> String {
    let (success, out, err) = kiln(args, stdin);
    assert!(success, "kiln {args:?} failed:\n{out}\n{err}");
    out
}

fn json_lines(out: &str) -> Vec<Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

/// The `test: …` figures a training run printed, and the ones `evaluate` repeats.
fn metrics_of(out: &str, prefix: &str) -> String {
    let line = out.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no `{prefix}` in\n{out}"));
    line.split_once(": ").map(|(_, m)| m.to_owned()).unwrap_or_default()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn text_train_predict_evaluate_and_continue() {
    let (dir, assets) = (scratch("text"), assets());
    let model = dir.join("reviews.kiln");
    let train = [
        "train",
        "--data",
        "review-sentences",
        "--epochs",
        "3",
        "--seq-len",
        "40",
        "--vocab-size",
        "3000",
        "--out",
        s(&model),
        "--assets",
        s(&assets),
        "--engine",
        "cpu",
    ];
    let out = ok(&train, "");
    assert!(out.contains("epoch   1  loss") && out.contains("epoch   3  loss"), "{out}");
    assert!(out.contains("engine: asked for: burn's CPU backend"), "{out}");
    let trained = metrics_of(&out, "test: ");
    let predictions =
        json_lines(&ok(&["predict", s(&model)], "What a wonderful, lovely phone.\n\nTerrible. Broke after a day.\n"));
    assert_eq!(predictions.len(), 2, "blank lines are skipped");
    assert_eq!(predictions[0]["class"], "positive", "{:?}", predictions);
    assert_eq!(predictions[1]["class"], "negative", "{:?}", predictions);
    let p = predictions[0]["probability"].as_f64().expect("two classes: probability");
    assert!((p - predictions[0]["probabilities"]["positive"].as_f64().expect("by name")).abs() < 1e-12);
    let eval = ok(&["evaluate", s(&model), "--data", "review-sentences", "--assets", s(&assets)], "");
    assert_eq!(metrics_of(&eval, "review-sentences (test split): "), trained, "the same test rows, the same figures");
    // The test report: per-class table, confusion matrix whose counts add up to the test split, AUC.
    assert!(eval.contains("precision  recall  f1-score  support") && eval.contains("ROC AUC 0."), "{eval}");
    let matrix: u64 = eval
        .lines()
        .skip_while(|l| !l.starts_with("confusion matrix"))
        .skip(2)
        .take(2)
        .flat_map(|l| l.split_whitespace().skip(1).map(|n| n.parse::<u64>().expect("a count")).collect::<Vec<_>>())
        .sum();
    let examples: u64 = eval
        .lines()
        .find(|l| l.starts_with("    accuracy"))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .expect("support");
    assert_eq!(matrix, examples, "{eval}");
    let more = dir.join("more.kiln");
    let out = ok(
        &[
            "train",
            "--spec",
            s(&model),
            "--data",
            "review-sentences",
            "--epochs",
            "1",
            "--out",
            s(&more),
            "--assets",
            s(&assets),
        ],
        "",
    );
    assert!(out.contains("continuing from the weights in") && out.contains("epoch   1"), "{out}");
    let spec = dir.join("spec.json");
    let page_download = r#"{"model": {"input": {"type": "Tokens", "seq_len": 20, "vocab_size": 500}, "layers": [
        {"type": "Embedding", "input_dim": 500, "output_dim": 8}, {"type": "GlobalAveragePooling1D"},
        {"type": "Dense", "units": 1, "activation": "sigmoid"}], "loss": "binary_crossentropy"},
        "config": {"epochs": 2, "batch_size": 16, "optimizer": {"type": "Adam", "learning_rate": 0.01}, "seed": 7, "engine": "auto"}}"#;
    std::fs::write(&spec, page_download).expect("writes spec");
    let out = ok(
        &[
            "train",
            "--spec",
            s(&spec),
            "--data",
            "review-sentences",
            "--devices",
            "2",
            "--engine",
            "cpu",
            "--out",
            s(&more),
            "--assets",
            s(&assets),
        ],
        "",
    );
    assert!(
        out.contains("2 devices on burn's CPU backend") && out.contains("epoch   2") && !out.contains("epoch   3"),
        "{out}"
    );
}

#[test]
fn table_train_predict_evaluate_from_builtin_and_upload() {
    let (dir, assets) = (scratch("table"), assets());
    let model = dir.join("iris.kiln");
    let out = ok(
        &[
            "train",
            "--data",
            "iris",
            "--epochs",
            "40",
            "--batch-size",
            "16",
            "--learning-rate",
            "0.01",
            "--out",
            s(&model),
            "--assets",
            s(&assets),
        ],
        "",
    );
    assert!(out.contains("data: iris (table): 120 train / 15 validation / 15 test"), "{out}");
    let csv =
        "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n";
    let rows = json_lines(&ok(&["predict", s(&model)], csv));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["class"], "setosa", "{rows:?}");
    assert_eq!(rows[1]["class"], "virginica", "{rows:?}");
    assert_eq!(rows[0]["probabilities"].as_object().map(|o| o.len()), Some(3));
    assert!(rows[0].get("probability").is_none());
    let eval = ok(&["evaluate", s(&model), "--data", "iris", "--assets", s(&assets)], "");
    assert_eq!(metrics_of(&eval, "iris (test split): "), metrics_of(&out, "test: "));
    assert!(eval.contains("macro avg") && eval.contains("confusion matrix") && !eval.contains("ROC AUC"), "{eval}");
    let (success, _, err) = kiln(&["predict", s(&model)], "sepal length (cm)\n5.1\n");
    assert!(!success && err.contains("there is no column `sepal width (cm)`"), "{err}");
    // An uploaded CSV with a chosen target and a regression task.
    let upload = dir.join("houses.csv");
    let mut text = String::from("rooms,area,city,price\n");
    for i in 0..80 {
        let (rooms, area) = (1 + i % 5, 40 + (i * 7) % 90);
        text.push_str(&format!("{rooms},{area},{},{}\n", ["Lyon", "Oslo"][i % 2], rooms * 30 + area + 100 * (i % 2)));
    }
    std::fs::write(&upload, text).expect("writes csv");
    let priced = dir.join("price.kiln");
    let out = ok(
        &[
            "train",
            "--data",
            s(&upload),
            "--target",
            "price",
            "--task",
            "regression",
            "--epochs",
            "5",
            "--out",
            s(&priced),
        ],
        "",
    );
    assert!(out.contains("data: ") && out.contains("(table)") && out.contains("accuracy -"), "{out}");
    let values = json_lines(&ok(&["predict", s(&priced)], "rooms,area,city\n3,60,Oslo\n"));
    assert!(values[0]["value"].is_f64() && values[0].get("class").is_none(), "{values:?}");
}

fn png(bright_top: bool, size: u32) -> Vec<u8> {
    let img = image::GrayImage::from_fn(size, size, |x, y| {
        image::Luma([if (y < size / 2) == bright_top { 200 + (x % 3) as u8 * 10 } else { 20 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

#[test]
fn image_train_predict_from_builtin_and_folder() {
    let (dir, assets) = (scratch("images"), assets());
    let digits = dir.join("digits.kiln");
    let out = ok(&["train", "--data", "digits-8x8", "--epochs", "3", "--out", s(&digits), "--assets", s(&assets)], "");
    assert!(out.contains("digits-8x8 (images)") && out.contains("epoch   3"), "{out}");
    let folder = dir.join("shapes");
    for (class, top) in [("top", true), ("bottom", false)] {
        std::fs::create_dir_all(folder.join(class)).expect("class folder");
        for i in 0..12 {
            std::fs::write(folder.join(class).join(format!("{i}.png")), png(top, 12 + i)).expect("png");
        }
    }
    std::fs::write(folder.join("README.txt"), "loose file").expect("loose");
    let model = dir.join("shapes.kiln");
    let out = ok(
        &[
            "train",
            "--data",
            s(&folder),
            "--image-size",
            "10x10x1",
            "--epochs",
            "15",
            "--learning-rate",
            "0.01",
            "--out",
            s(&model),
        ],
        "",
    );
    assert!(out.contains("(images): "), "{out}");
    let query = dir.join("query");
    std::fs::create_dir_all(&query).expect("query dir");
    std::fs::write(query.join("a.png"), png(true, 30)).expect("png");
    std::fs::write(query.join("b.png"), png(false, 7)).expect("png");
    let p = json_lines(&ok(&["predict", s(&model), s(&query)], ""));
    assert_eq!(p.len(), 2);
    assert_eq!((p[0]["class"].as_str(), p[1]["class"].as_str()), (Some("top"), Some("bottom")), "{p:?}");
    assert!(p[0]["probability"].is_f64());
    let (success, _, err) = kiln(&["predict", s(&model), s(&folder.join("README.txt"))], "");
    assert!(!success && err.contains("not a readable PNG or JPEG"), "{err}");
}

#[test]
fn hostile_model_files_and_bad_arguments_are_messages() {
    let dir = scratch("hostile");
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.kiln", b"", "too short to hold a header"),
        (
            "spec.kiln",
            br#"{"input": {"type": "Features", "width": 2}, "layers": [{"type": "Dense", "units": 1}], "loss": "mse"}"#,
            "format version 0",
        ),
        ("zip.kiln", b"PK\x03\x04....", "zip archive"),
        ("huge.kiln", &[0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, b'{'], "header claims"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("writes");
        let (success, _, err) = kiln(&["predict", s(&path)], "hello\n");
        assert!(!success && err.contains(says), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (success, _, err) = kiln(&["train", "--data", "no-such-thing", "--epochs", "1"], "");
    assert!(!success && err.contains("not a built-in data set"), "{err}");
    let (success, _, err) = kiln(&["train", "--data", "iris", "--assets", s(&dir)], "");
    assert!(!success && err.contains("run scripts/fetch-datasets.sh first"), "{err}");
    let (success, _, err) =
        kiln(&["train", "--engine", "wgpu", "--data", "iris", "--assets", s(&assets()), "--epochs", "1"], "");
    assert!(success || err.contains("wgpu"), "{err}");
}

#[test]
fn serve_answers_over_http() {
    let (dir, assets) = (scratch("serve"), assets());
    let model = dir.join("iris.kiln");
    ok(&["train", "--data", "iris", "--epochs", "2", "--out", s(&model), "--assets", s(&assets)], "");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["serve", s(&model), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serves");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    let addr = first.split("http://").nth(1).and_then(|r| r.split_whitespace().next()).expect("address").to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{first}");
    let post = |body: &str| {
        let mut stream = TcpStream::connect(&addr).expect("connects");
        let req = format!(
            "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(req.as_bytes()).expect("sends");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("reads");
        answer
    };
    let answer = post(
        r#"{"rows": [{"sepal length (cm)": 5.0, "sepal width (cm)": 3.4, "petal length (cm)": 1.5, "petal width (cm)": 0.2}]}"#,
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"predictions\"") && answer.contains("setosa"), "{answer}");
    let bad = post("{\"texts\": [\"hi\"]}");
    assert!(bad.starts_with("HTTP/1.1 400") && bad.contains("takes table rows"), "{bad}");
    let _ = child.kill();
    let _ = child.wait();
}
