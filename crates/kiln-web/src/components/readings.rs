//! The notices under an uploaded table, with a one-click undo beside every guess Kiln made
//! reading it ([`kiln_data::reading`]: a delimiter hint line, trailing delimiters, formatted
//! numbers, trimmed or case-merged labels…). Undoing sends the person's choices again with that
//! guess's [`ReadingId`] in `UploadOptions::undo`; the worker reads the data again without it,
//! and the notice then says "undone:" with a button to apply it again. Every notice is text,
//! never markup.

use kiln_data::reading::{Reading, ReadingId};
use kiln_protocol::UploadOptions;
use yew::prelude::*;

use crate::components::upload::reconfigure;
use crate::i18n::{Msg, t, tr, use_lang};
use crate::state::Action;

/// The short form of a reading's id the page puts in `data-reading` (`SepLine`, `Numbers:price`).
pub fn reading_key(id: &ReadingId) -> String {
    match id {
        ReadingId::SepLine => "SepLine".into(),
        ReadingId::CommentLines => "CommentLines".into(),
        ReadingId::SpacesAroundQuotes => "SpacesAroundQuotes".into(),
        ReadingId::TrailingDelimiters => "TrailingDelimiters".into(),
        ReadingId::NoHeader => "NoHeader".into(),
        ReadingId::Numbers { column } => format!("Numbers:{column}"),
        ReadingId::DecimalComma { column } => format!("DecimalComma:{column}"),
        ReadingId::TrimmedLabels { column } => format!("TrimmedLabels:{column}"),
        ReadingId::MergedCase { column } => format!("MergedCase:{column}"),
    }
}

/// `options` with `id` undone, or applied again when it was undone.
pub fn toggled(options: &UploadOptions, id: &ReadingId) -> UploadOptions {
    let mut o = options.clone();
    if o.undo.contains(id) {
        o.undo.retain(|u| u != id);
    } else {
        o.undo.push(id.clone());
    }
    o
}

/// The reading a notice states, if it is one (the notice is its rule, or `data-notice-undone`
/// around it).
fn reading_of<'a>(notice: &Msg, readings: &'a [Reading]) -> Option<&'a Reading> {
    let undone = |r: &Reading| {
        notice.id == "data-notice-undone" && matches!(notice.get("rule"), Some(kiln_i18n::Arg::Msg(m)) if **m == r.rule)
    };
    readings.iter().find(|r| *notice == r.rule || undone(r))
}

/// What the notices need: the notices, the preview's readings, the choices the worker applied
/// and the upload's name (`None` for a built-in table: no undo offered).
#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// The data set's notices, in order.
    pub notices: Vec<Msg>,
    /// The table preview's readings.
    pub readings: Vec<Reading>,
    /// The choices the worker applied last.
    pub applied: UploadOptions,
    /// The uploaded data set's name; `None`: not an upload.
    pub upload: Option<String>,
    /// True while a load or a run is in progress (buttons disabled).
    pub busy: bool,
    /// The page's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The notices list (`.notices`, always one element so yew's sibling positions stay valid);
/// each guess has its undo / apply-again button
/// (`data-testid="undo-reading"`, the item carries `data-reading`).
#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    crate::renders::rendered("Notices");
    let lang = use_lang();
    let item = |notice: &Msg| {
        let reading = reading_of(notice, &props.readings).filter(|_| props.upload.is_some());
        match reading {
            None => html! { <li>{ tr(lang, notice) }</li> },
            Some(r) => {
                let onclick = {
                    let options = toggled(&props.applied, &r.id);
                    let name = props.upload.clone().unwrap_or_default();
                    let d = props.dispatch.clone();
                    Callback::from(move |_: MouseEvent| reconfigure(options.clone(), &name, &d))
                };
                let id = if r.undone { "data-reading-apply" } else { "data-reading-undo" };
                let (label, title) = (t(lang, id), t(lang, &format!("{id}.title")));
                html! {
                    <li class={classes!("reading", r.undone.then_some("undone"))} data-testid="reading" data-reading={reading_key(&r.id)}>
                        { tr(lang, notice) }{ " " }
                        <button class="chip" data-testid="undo-reading" {title} {onclick} disabled={props.busy}>{ label }</button>
                    </li>
                }
            }
        }
    };
    html! { <ul class="notices" data-testid="notices">{ for props.notices.iter().map(item) }</ul> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_undoes_and_applies_again() {
        let id = ReadingId::Numbers { column: "price".into() };
        let once = toggled(&UploadOptions::default(), &id);
        assert_eq!(once.undo.as_slice(), std::slice::from_ref(&id));
        assert!(toggled(&once, &id).undo.is_empty());
        assert_eq!(reading_key(&id), "Numbers:price");
    }

    #[test]
    fn notices_find_their_reading_in_force_or_undone() {
        let r = Reading {
            id: ReadingId::SepLine,
            rule: Msg::new("data-reading-sep-line").arg("line", "sep=;").arg("delimiter", ";"),
            undone: false,
        };
        let rs = [r.clone()];
        assert_eq!(reading_of(&r.rule, &rs), Some(&r));
        assert_eq!(reading_of(&Msg::new("data-notice-undone").arg("rule", r.rule.clone()), &rs), Some(&r));
        assert_eq!(reading_of(&Msg::new("data-notice-empty-rows").arg("rows", 12), &rs), None);
    }
}
