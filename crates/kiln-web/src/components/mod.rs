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

/// Formats an integer with thousands separators: `160289` → `160,289`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(160_289), "160,289");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
