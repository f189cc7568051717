//! The page's own slice: which page is shown, whether the training engine has loaded, and the
//! error banner.

use kiln_protocol::Msg;

/// Which page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The five steps: data → model → train → evaluate → deploy.
    #[default]
    Guided,
    /// Teaching mode: 2-D data sets, decision boundary, network diagram.
    Teach,
}

/// The page as a whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Guided steps or teaching mode.
    pub mode: Mode,
    /// The worker's wasm has loaded (its `Ready` arrived).
    pub engine_loaded: bool,
    /// The last error, shown in the banner until dismissed.
    pub error: Option<Msg>,
}
