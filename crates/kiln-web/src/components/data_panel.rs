//! Step 1, Data: the built-in data set, its size, class balance, source, licence and citation,
//! and the text preparation settings.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{PanelProps, thousands};
use crate::state::{Action, Phase};

/// Sequence lengths offered: the reference 500, and shorter ones that suit one-sentence reviews.
pub const SEQ_LENS: [usize; 4] = [500, 100, 50, 25];

/// The data panel.
#[component]
pub fn DataPanel(props: &PanelProps) -> Html {
    let s = &props.state;
    let running = s.phase == Phase::Running;
    // Settings unlock once the engine and the data set are ready (and stay locked while training),
    // so nothing typed during loading can be lost to the first render with loaded data.
    let locked = running || !s.engine_loaded || s.dataset.is_none();
    let on_seq = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = v.value().parse() {
                d.emit(Action::SetSeqLen(n));
            }
        })
    };
    let on_vocab = {
        let d = props.dispatch.clone();
        let current = s.prep.vocab_size.to_string();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            match v.value().trim().parse::<usize>() {
                Ok(n) if (3..=100_000).contains(&n) => d.emit(Action::SetVocab(n)),
                _ => {
                    v.set_value(&current);
                    d.emit(Action::Fail("vocabulary size must be a whole number between 3 and 100000".into()));
                }
            }
        })
    };
    let body = match &s.dataset {
        None => html! { <p class="muted">{ "Loading the data set…" }</p> },
        Some(d) => {
            let st = &d.stats;
            let pos_pct = st.positive as f64 / st.total.max(1) as f64 * 100.0;
            html! {
                <>
                    <p>{ d.info.description }</p>
                    <p class="stat" data-testid="dataset-size">
                        <b>{ thousands(st.total) }</b>{ " sentences · " }
                        { for st.by_origin.iter().map(|(o, n)| html! { <span class="chip">{ format!("{o} {}", thousands(*n)) }</span> }) }
                    </p>
                    <div class="balance" data-testid="class-balance" title="class balance">
                        <div class="pos" style={format!("width:{pos_pct:.1}%")}>{ format!("positive {} ({pos_pct:.0}%)", thousands(st.positive)) }</div>
                        <div class="neg" style={format!("width:{:.1}%", 100.0 - pos_pct)}>{ format!("negative {} ({:.0}%)", thousands(st.negative), 100.0 - pos_pct) }</div>
                    </div>
                    <details class="provenance" open=true>
                        <summary>{ "Source, licence and citation" }</summary>
                        <p><b>{ "Source: " }</b>{ d.info.source }</p>
                        <p><b>{ "Licence: " }</b>{ d.info.licence }</p>
                        <p><b>{ "Cite: " }</b>{ d.info.citation }</p>
                    </details>
                </>
            }
        }
    };
    html! {
        <section class="card" id="data">
            <h2><span class="step">{ "1" }</span>{ "Data" }</h2>
            <label>{ "Data set " }
                <select data-testid="dataset-select" disabled={locked}>
                    <option value="review-sentences" selected=true>{ "Review sentences (sentiment, 3,000)" }</option>
                </select>
            </label>
            { body }
            <div class="row">
                <label title="Words are lower-cased and split on punctuation. The vocabulary holds the most frequent words of the training split only; id 0 is padding, id 1 any other word.">
                    { "Vocabulary size " }
                    <input type="number" min="3" max="100000" value={s.prep.vocab_size.to_string()} onchange={on_vocab} disabled={locked} />
                </label>
                <label title="Each sentence is padded with 0 or cut to this many tokens. The reference model uses 500; these sentences average about 12 words, so 100 trains 5× faster with the same result.">
                    { "Sequence length " }
                    <select onchange={on_seq} disabled={locked}>
                        { for SEQ_LENS.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == s.prep.seq_len}>{ if *n == 500 { "500 (reference)".to_string() } else { n.to_string() } }</option>
                        }) }
                    </select>
                </label>
                <span class="muted">{ format!("Split {:.0} / {:.0} / {:.0} (train / validation / test), stratified, seeded",
                    s.split.train * 100.0, s.split.validation * 100.0, s.split.test * 100.0) }</span>
            </div>
            if let Some((tr, va, te, vocab)) = s.data_ready {
                <p class="muted" data-testid="data-ready">{ format!("Prepared: {} train · {} validation · {} test · {} words in vocabulary", thousands(tr), thousands(va), thousands(te), thousands(vocab)) }</p>
            }
        </section>
    }
}
