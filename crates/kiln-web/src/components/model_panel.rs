//! Step 2, Model: the spec's summary table (layer, output shape, parameters), Keras style.

use yew::prelude::*;

use super::{PanelProps, thousands};

/// The model panel.
#[component]
pub fn ModelPanel(props: &PanelProps) -> Html {
    let spec = props.state.model();
    let table = match spec.summary() {
        Ok(sum) => html! {
            <table class="summary" data-testid="model-summary">
                <thead><tr><th>{ "Layer" }</th><th>{ "Output shape" }</th><th class="num">{ "Parameters" }</th></tr></thead>
                <tbody>
                    <tr class="muted"><td>{ "Input (token ids)" }</td><td>{ sum.input.to_string() }</td><td class="num">{ "0" }</td></tr>
                    { for sum.layers.iter().map(|l| html! {
                        <tr><td>{ &l.name }</td><td>{ l.output.to_string() }</td><td class="num">{ thousands(l.params) }</td></tr>
                    }) }
                </tbody>
                <tfoot><tr><td colspan="2">{ "Total" }</td><td class="num" data-testid="param-count">{ thousands(sum.total_params) }</td></tr></tfoot>
            </table>
        },
        Err(e) => html! { <p class="error-inline">{ e.to_string() }</p> },
    };
    html! {
        <section class="card" id="model">
            <h2><span class="step">{ "2" }</span>{ "Model" }</h2>
            <p class="muted">{ "Each word id looks up a learned 16-number vector; the vectors of a sentence are averaged (padding excluded), then two Dense layers turn the average into the probability that the review is positive. Loss: binary cross-entropy." }</p>
            { table }
        </section>
    }
}
