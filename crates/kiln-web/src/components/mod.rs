//! Small yew components, one per panel of the page.

pub mod builder;
pub mod chart;
pub mod data_panel;
pub mod evaluate_panel;
pub mod model_panel;
pub mod teach;
pub mod train_panel;

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{Action, State};

/// Props shared by the panels: the state and a way to change it or talk to the worker.
#[derive(Properties, Clone, PartialEq)]
pub struct PanelProps {
    /// The page state.
    pub state: Rc<State>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
    /// Sends a command to the training worker.
    pub send: Callback<kiln_protocol::Command>,
}

pub use kiln_core::format::thousands;
