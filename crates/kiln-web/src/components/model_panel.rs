//! Step 2, Model: the visual model builder ([`super::builder`]); this thin wrapper keeps the
//! page's layout code unchanged.

use yew::prelude::*;

use super::PanelProps;
use super::builder::ModelBuilder;

/// The model panel: the builder.
#[component]
pub fn ModelPanel(props: &PanelProps) -> Html {
    html! { <ModelBuilder ..props.clone() /> }
}
