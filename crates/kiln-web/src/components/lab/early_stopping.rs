//! Early stopping as an option of every guided run (step 3): on / off, patience, and whether the
//! best epoch's weights are put back (Keras' `EarlyStopping(patience, restore_best_weights)`;
//! the rule is `kiln_core::early_stopping`). The worker says in the status line when and why a
//! run stopped early.

use kiln_core::{EarlyStopping, TrainConfig};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Msg, t, use_lang};
use crate::renders;
use crate::state::settings::SettingsAction;
use crate::state::{Action, Slice};

/// What the row shows.
#[derive(Properties, PartialEq)]
pub struct EarlyStoppingProps {
    /// The training settings.
    pub settings: Slice<TrainConfig>,
    /// Locked while a run is in the worker.
    pub locked: bool,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The early-stopping row (`data-testid="early-stopping"`, `data-on`, `data-patience`).
#[component]
pub fn EarlyStoppingRow(props: &EarlyStoppingProps) -> Html {
    renders::rendered("EarlyStoppingRow");
    let lang = use_lang();
    let current = props.settings.early_stopping;
    let shown = current.unwrap_or_default();
    let set = {
        let d = props.dispatch.clone();
        move |e: Option<EarlyStopping>| d.emit(Action::Settings(SettingsAction::SetEarlyStopping(e)))
    };
    let on_toggle = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            set(v.checked().then_some(shown));
        })
    };
    let on_patience = {
        let (set, d) = (set.clone(), props.dispatch.clone());
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            let next = v.value().trim().parse::<usize>().ok().map(|patience| EarlyStopping { patience, ..shown });
            match next.filter(|n| n.validate().is_ok()) {
                Some(n) => set(Some(n)),
                None => {
                    v.set_value(&shown.patience.to_string());
                    d.emit(Action::Fail(Msg::new("lab-early-bad-patience")));
                }
            }
        })
    };
    let on_restore = Callback::from(move |e: Event| {
        let v: HtmlInputElement = e.target_unchecked_into();
        set(Some(EarlyStopping { restore_best_weights: v.checked(), ..shown }));
    });
    let on = current.is_some();
    html! {
        <div class="row early-stopping" data-testid="early-stopping" data-on={on.to_string()}
            data-patience={shown.patience.to_string()}>
            <label title={t(lang, "lab-early.title")}>
                <input type="checkbox" data-testid="early-stopping-on" checked={on} onchange={on_toggle} disabled={props.locked} />
                { t(lang, "lab-early") }
            </label>
            <label title={t(lang, "lab-early-patience.title")}>{ t(lang, "lab-early-patience") }{ " " }
                <input type="number" min="0" max="1000" data-testid="early-stopping-patience" value={shown.patience.to_string()}
                    onchange={on_patience} disabled={props.locked || !on} />
            </label>
            <label title={t(lang, "lab-early-restore.title")}>
                <input type="checkbox" data-testid="early-stopping-restore" checked={shown.restore_best_weights}
                    onchange={on_restore} disabled={props.locked || !on} />
                { t(lang, "lab-early-restore") }
            </label>
        </div>
    }
}
