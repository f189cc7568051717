//! Small yew components, one per panel of the page, each given the state slices it shows
//! ([`crate::state`]) and a callback to dispatch actions; commands to the worker go through
//! [`crate::link`].
//!
//! A new panel is a module here with a `Properties` struct naming the slices (or the few values)
//! it needs — so it re-renders only when they change — and a `#[component]` that calls
//! [`crate::renders::rendered`] first; the App places it and passes the slices.

pub mod builder;
pub mod chart;
pub mod data_panel;
pub mod evaluate_panel;
pub mod readings;
pub mod teach;
pub mod train_panel;
pub mod train_settings;
pub mod upload;
