//! Lab → Federated: FedAvg / FedProx over clients simulated from the training split — the
//! settings (N, IID or Dirichlet α, C, E, B, R, μ), each client's class mix as a small stacked
//! bar, the global model's test accuracy and loss per round against the centralised baseline
//! (`fed-chart`, `data-rounds`), and the last round's clients' local accuracy.

use kiln_protocol::LabCommand;
use kiln_protocol::lab::{ClientInfo, ClientPartition, FederatedRequest, RoundReport};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{LabProps, number, stop_and_status};
use crate::components::chart::{Chart, Line};
use crate::i18n::{Lang, Msg, t, tr, use_lang};
use crate::renders;
use crate::state::Action;
use crate::state::lab::{LabAction, LabJob};

const GLOBAL_COLOR: &str = "#2563eb";
const BASELINE_COLOR: &str = "#64748b";
/// Class colours of the stacked bars (cycled).
const PALETTE: [&str; 10] =
    ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"];

/// One client's stacked bar of class counts.
fn mix_bar(lang: Lang, k: usize, c: &ClientInfo) -> Html {
    let total = c.class_counts.iter().sum::<usize>().max(1) as f64;
    let mut x = 0.0;
    html! {
        <div class="client" title={tr(lang, &Msg::new("lab-fed-client").arg("client", (k + 1).to_string()).arg("examples", c.examples.to_string()))}>
            <svg viewBox="0 0 100 10" preserveAspectRatio="none" class="mix">
                { for c.class_counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, &n)| {
                    let w = n as f64 / total * 100.0;
                    let rect = html! { <rect x={format!("{x:.2}")} y="0" width={format!("{w:.2}")} height="10" fill={PALETTE[i % PALETTE.len()]} /> };
                    x += w;
                    rect
                }) }
            </svg>
            <span>{ format!("{} · {}", k + 1, c.examples) }</span>
        </div>
    }
}

fn points(rounds: &[RoundReport], f: impl Fn(&RoundReport) -> Option<f64>) -> Vec<(f64, f64)> {
    rounds.iter().filter_map(|r| f(r).filter(|v| v.is_finite()).map(|v| (r.round as f64, v))).collect()
}

/// The federated panel (`data-testid="lab-federated"`).
#[component]
pub fn FederatedPanel(props: &LabProps) -> Html {
    renders::rendered("FederatedPanel");
    let lang = use_lang();
    let lab = &props.lab;
    let f = lab.federated;
    let d = &props.dispatch;
    let check = move |r: FederatedRequest| r.validate().map(|()| LabAction::SetFederated(r));
    let on_clients = number(d, f.clients.to_string(), move |n: usize| check(FederatedRequest { clients: n, ..f }));
    let on_split = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let partition =
                if v.value() == "iid" { ClientPartition::Iid } else { ClientPartition::Dirichlet { alpha: 0.5 } };
            d.emit(Action::Lab(LabAction::SetFederated(FederatedRequest { partition, ..f })));
        })
    };
    let alpha = match f.partition {
        ClientPartition::Dirichlet { alpha } => Some(alpha),
        ClientPartition::Iid => None,
    };
    let on_alpha = number(d, alpha.unwrap_or(0.5).to_string(), move |a: f64| {
        if a.is_finite() && (0.01..=10_000.0).contains(&a) {
            Ok(LabAction::SetFederated(FederatedRequest { partition: ClientPartition::Dirichlet { alpha: a }, ..f }))
        } else {
            Err(Msg::new("lab-fed-bad-alpha").arg("value", a.to_string()))
        }
    });
    let on_c =
        number(d, f.client_fraction.to_string(), move |c: f64| check(FederatedRequest { client_fraction: c, ..f }));
    let on_e = number(d, f.local_epochs.to_string(), move |n: usize| check(FederatedRequest { local_epochs: n, ..f }));
    let on_b = number(d, f.local_batch.to_string(), move |n: usize| check(FederatedRequest { local_batch: n, ..f }));
    let on_r = number(d, f.rounds.to_string(), move |n: usize| check(FederatedRequest { rounds: n, ..f }));
    let on_mu = number(d, f.prox_mu.to_string(), move |m: f64| check(FederatedRequest { prox_mu: m, ..f }));
    let on_run = {
        let p = props.clone();
        Callback::from(move |_| match p.train_request() {
            Ok(train) => p.start(LabCommand::Federated { train: Box::new(train), request: f }, LabJob::Federated),
            Err(e) => p.dispatch.emit(Action::Fail(e)),
        })
    };
    let rounds = &lab.rounds;
    let global_acc = points(rounds, |r| Some(r.global.accuracy));
    let base_acc = points(rounds, |r| r.baseline.map(|b| b.accuracy));
    let global_loss = points(rounds, |r| Some(r.global.loss));
    let base_loss = points(rounds, |r| r.baseline.map(|b| b.loss));
    let x_max = f.rounds as f64;
    let last = rounds.last();
    html! {
        <div class="lab-panel" data-testid="lab-federated">
            <p class="lab-intro">{ t(lang, "lab-fed-intro") }</p>
            { props.uses_current(lang, "lab-fed-uses") }
            <div class="row">
                <label>{ t(lang, "lab-fed-clients") }{ " " }<input type="number" min="1" max="100" data-testid="fed-clients" value={f.clients.to_string()} onchange={on_clients} /></label>
                <label>{ t(lang, "lab-fed-split") }{ " " }
                    <select data-testid="fed-split" onchange={on_split}>
                        <option value="iid" selected={alpha.is_none()}>{ t(lang, "lab-fed-iid") }</option>
                        <option value="dirichlet" selected={alpha.is_some()}>{ t(lang, "lab-fed-dirichlet") }</option>
                    </select>
                </label>
                if let Some(a) = alpha {
                    <label title={t(lang, "lab-fed-alpha.title")}>{ t(lang, "lab-fed-alpha") }{ " " }<input type="number" step="any" min="0.01" data-testid="fed-alpha" value={a.to_string()} onchange={on_alpha} /></label>
                }
                <label>{ t(lang, "lab-fed-fraction") }{ " " }<input type="number" step="0.1" min="0.01" max="1" value={f.client_fraction.to_string()} onchange={on_c} /></label>
                <label>{ t(lang, "lab-fed-local-epochs") }{ " " }<input type="number" min="1" max="50" value={f.local_epochs.to_string()} onchange={on_e} /></label>
                <label>{ t(lang, "lab-fed-local-batch") }{ " " }<input type="number" min="1" max="4096" value={f.local_batch.to_string()} onchange={on_b} /></label>
                <label>{ t(lang, "lab-fed-rounds") }{ " " }<input type="number" min="1" max="1000" data-testid="fed-rounds" value={f.rounds.to_string()} onchange={on_r} /></label>
                <label title={t(lang, "lab-fed-mu.title")}>{ t(lang, "lab-fed-mu") }{ " " }<input type="number" step="any" min="0" value={f.prox_mu.to_string()} onchange={on_mu} /></label>
            </div>
            <div class="row">
                <button class="primary" data-testid="fed-button" onclick={on_run} disabled={!props.can_start()}>{ t(lang, "lab-fed-run") }</button>
                { stop_and_status(lang, props, |j| j == LabJob::Federated) }
            </div>
            <p class="privacy">{ t(lang, "lab-fed-privacy") }</p>
            if let Some(setup) = &lab.setup {
                <h3>{ t(lang, "lab-fed-mix") }</h3>
                <div class="legend">
                    { for setup.class_names.iter().enumerate().map(|(i, n)| html! {
                        <span><i style={format!("background:{}", PALETTE[i % PALETTE.len()])}></i>{ n.clone() }</span>
                    }) }
                </div>
                <div class="clients" data-testid="fed-clients-mix" data-clients={setup.clients.len().to_string()}>
                    { for setup.clients.iter().enumerate().map(|(k, c)| mix_bar(lang, k, c)) }
                </div>
            }
            <div class="charts">
                <div data-testid="fed-chart" data-rounds={rounds.len().to_string()}>
                    <Chart title={t(lang, "lab-fed-accuracy-chart")} testid="fed-accuracy" x_max={x_max} x_label={t(lang, "lab-fed-round")} percent=true lines={vec![
                        Line { label: t(lang, "lab-fed-global"), color: GLOBAL_COLOR, points: global_acc, dots: true },
                        Line { label: t(lang, "lab-fed-centralised"), color: BASELINE_COLOR, points: base_acc, dots: true },
                    ]} />
                </div>
                <Chart title={t(lang, "lab-fed-loss-chart")} testid="fed-loss" x_max={x_max} x_label={t(lang, "lab-fed-round")} lines={vec![
                    Line { label: t(lang, "lab-fed-global"), color: GLOBAL_COLOR, points: global_loss, dots: true },
                    Line { label: t(lang, "lab-fed-centralised"), color: BASELINE_COLOR, points: base_loss, dots: true },
                ]} />
            </div>
            if let Some(r) = last {
                <h3>{ t(lang, "lab-fed-local") }</h3>
                <div class="local-acc" data-testid="fed-local">
                    { for r.clients.iter().map(|c| {
                        let acc = if c.local_accuracy.is_finite() { c.local_accuracy } else { 0.0 };
                        html! {
                            <div class="client" title={tr(lang, &Msg::new("lab-fed-client-loss").arg("client", (c.client + 1).to_string())
                                .arg("examples", c.examples.to_string()).arg("loss", format!("{:.3}", c.local_loss)))}>
                                <div class="bar"><div style={format!("width:{:.1}%", acc * 100.0)}></div></div>
                                <span>{ format!("{} · {:.0} %", c.client + 1, acc * 100.0) }</span>
                            </div>
                        }
                    }) }
                </div>
            }
        </div>
    }
}
