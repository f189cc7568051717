//! The builder's pure parts on the host: every palette kind's settings round-trip, typed values
//! edit or are refused, the memory estimate, spec files (and hostile ones), where errors go.

use kiln_core::{Activation, InputSpec, LayerKind, LayerSpec, SpecError, TrainConfig, presets};

use super::error_layer;
use super::fields::{FieldValue, fields, set_field};
use super::spec_file::{SpecFile, format_mb, parse_spec_file, training_memory_bytes};

const TOKENS: InputSpec = InputSpec::Tokens { seq_len: 100, vocab_size: 5_000 };

#[test]
fn every_palette_kind_has_settings_that_round_trip() {
    for &kind in LayerKind::ALL {
        let layer = kind.default_layer(&TOKENS);
        let kind = kind.id();
        for f in fields(&layer) {
            assert!(kiln_i18n::has(kiln_i18n::Lang::Zh, f.help), "{kind}.{}: {}", f.key, f.help);
            // Writing back the shown value changes nothing.
            let text = match f.value {
                FieldValue::Int(n) | FieldValue::Pair([n, _]) => n.to_string(),
                FieldValue::OptInt(n) => n.map(|n| n.to_string()).unwrap_or_default(),
                FieldValue::OptPair(p) => p.map(|p| p[0].to_string()).unwrap_or_default(),
                FieldValue::Float(x) => x.to_string(),
                FieldValue::Act(a) => a.id().to_string(),
                FieldValue::Pad(p) => p.id().to_string(),
            };
            assert_eq!(set_field(&layer, f.key, 0, &text), Ok(layer.clone()), "{kind}.{}", f.key);
        }
    }
}

#[test]
fn set_field_edits_and_rejects() {
    let conv = LayerKind::Conv2D.default_layer(&TOKENS);
    let LayerSpec::Conv2D { kernel_size, .. } = set_field(&conv, "kernel_size", 1, "5").expect("number") else {
        panic!("kind kept")
    };
    assert_eq!(kernel_size, [3, 5]);
    let edited = set_field(&conv, "activation", 0, "softmax").expect("name");
    assert_eq!(edited.activation(), Some(Activation::Softmax));
    assert!(set_field(&conv, "filters", 0, "-1").is_err());
    assert!(set_field(&conv, "filters", 0, "eight").is_err());
    assert!(kiln_i18n::english(&set_field(&conv, "units", 0, "8").expect_err("no such")).contains("no setting units"));
    assert!(set_field(&conv, "padding", 0, "full").is_err());
    // Out-of-range values are accepted here; validation names them on the layer.
    assert!(set_field(&conv, "filters", 0, "0").is_ok());
    let drop = LayerKind::Dropout.default_layer(&TOKENS);
    assert!(set_field(&drop, "rate", 0, "NaN").is_err());
    assert_eq!(set_field(&drop, "rate", 0, "0.25"), Ok(LayerSpec::Dropout { rate: 0.25 }));
    let pool = LayerKind::MaxPool2D.default_layer(&TOKENS);
    let LayerSpec::MaxPool2D { strides, .. } = set_field(&pool, "strides", 1, "1").expect("number") else {
        panic!("kind kept")
    };
    assert_eq!(strides, Some([1, 1]));
    let mha = LayerKind::MultiHeadSelfAttention.default_layer(&TOKENS);
    let with_key = set_field(&mha, "key_dim", 0, "8").expect("number");
    assert_eq!(set_field(&with_key, "key_dim", 0, " "), Ok(mha));
}

#[test]
fn memory_estimate_follows_the_documented_formula() {
    let s = presets::small_cnn().spec.summary().expect("valid");
    // 4·13,610·4 bytes + 32·(26·26·8 + 13·13·8 + 1,352 + 10)·4·2 bytes.
    let expected = 4.0 * 13_610.0 * 4.0 + 32.0 * (5_408.0 + 1_352.0 + 1_352.0 + 10.0) * 8.0;
    assert_eq!(training_memory_bytes(&s, 32), expected);
    assert_eq!(format_mb(expected), crate::i18n::Msg::verbatim("≈ 2.2 MB"), "2,296,992 bytes of 2^20");
    assert_eq!(format_mb(12_345_678.0), crate::i18n::Msg::verbatim("≈ 12 MB"));
    assert_eq!(format_mb(1_000.0), crate::i18n::Msg::new("model-memory-tiny"));
}

#[test]
fn spec_files_round_trip_and_hostile_ones_are_refused() {
    let file = SpecFile { model: presets::small_cnn().spec, config: Some(TrainConfig::default()) };
    let text = serde_json::to_string_pretty(&file).expect("serialises");
    assert_eq!(parse_spec_file(&text), Ok(file.clone()));
    // A bare ModelSpec is accepted too.
    assert_eq!(parse_spec_file(&file.model.to_json()).map(|f| f.model), Ok(file.model.clone()));
    let bad = [
        ("not json at all", "not JSON"),
        ("{\"model\": 3}", "not a Kiln spec"),
        ("[1, 2, 3]", "not a model spec"),
        (
            r#"{"model": {"input": {"type": "Features", "width": 4}, "layers": [{"type": "Dense", "units": 1000000000000, "activation": "sigmoid"}], "loss": "binary_cross_entropy"}}"#,
            "not valid",
        ),
        (
            r#"{"input": {"type": "Features", "width": 4}, "layers": [{"type": "Dense", "units": 3, "activation": "sigmoid"}], "loss": "binary_cross_entropy"}"#,
            "not valid",
        ),
    ];
    for (text, says) in bad {
        let e = parse_spec_file(text).expect_err(text);
        assert!(e.contains(says), "{text}: {e}");
    }
    let config = TrainConfig { epochs: 0, ..TrainConfig::default() };
    let text = serde_json::to_string(&SpecFile { model: file.model, config: Some(config) }).expect("serialises");
    assert!(parse_spec_file(&text).expect_err("epochs 0").contains("training settings"));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_spec_file(&deep).is_err());
}

#[test]
fn errors_are_placed_on_their_layer_or_at_the_end() {
    let mut spec = presets::small_cnn().spec;
    spec.layers.swap(2, 3);
    let e = spec.summary().expect_err("Dense before Flatten");
    assert_eq!(error_layer(&e), Some(2));
    assert_eq!(error_layer(&SpecError::OutputMismatch("x".into())), None);
    assert_eq!(error_layer(&SpecError::BadSetting { index: 0, kind: "Input", message: "x".into() }), None);
}
