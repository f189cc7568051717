//! Early stopping as an option of every guided run (step 3): on / off, patience, and whether the
//! best epoch's weights are put back (Keras' `EarlyStopping(patience, restore_best_weights)`;
//! the rule is `kiln_core::early_stopping`). The worker says in the status line when and why a
//! run stopped early.

use kiln_core::{EarlyStopping, TrainConfig};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::renders;
use crate::state::settings::SettingsAction;
use crate::state::{Action, Slice};

/// The row's text, in one place.
mod text {
    pub const LABEL: &str = "Early stopping";
    pub const HELP: &str = "Stop training when the validation loss has not improved for `patience` epochs in a row \
        (it needs a validation split). Saves time and catches over-fitting as it starts.";
    pub const PATIENCE: &str = "patience ";
    pub const PATIENCE_HELP: &str = "Epochs without a better validation loss before training stops (0 to 1000).";
    pub const RESTORE: &str = "restore best weights";
    pub const RESTORE_HELP: &str = "At the end, put back the weights of the epoch with the best validation loss \
        instead of keeping the last epoch's.";
    pub const BAD_PATIENCE: &str = "patience must be a whole number of epochs, 0 to 1000";
}

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
                    d.emit(Action::Fail(text::BAD_PATIENCE.into()));
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
            <label title={text::HELP}>
                <input type="checkbox" data-testid="early-stopping-on" checked={on} onchange={on_toggle} disabled={props.locked} />
                { text::LABEL }
            </label>
            <label title={text::PATIENCE_HELP}>{ text::PATIENCE }
                <input type="number" min="0" max="1000" data-testid="early-stopping-patience" value={shown.patience.to_string()}
                    onchange={on_patience} disabled={props.locked || !on} />
            </label>
            <label title={text::RESTORE_HELP}>
                <input type="checkbox" data-testid="early-stopping-restore" checked={shown.restore_best_weights}
                    onchange={on_restore} disabled={props.locked || !on} />
                { text::RESTORE }
            </label>
        </div>
    }
}
