//! Teaching mode: TensorFlow Playground's classroom view, on Kiln's engine. Data sets and
//! features on the left, the network in the middle ([`diagram`]: every neuron a heatmap of its
//! output over the input plane, every connection's width and colour its weight), the decision
//! boundary with the points on the right ([`paint`]); play / pause / step / reset on top. The
//! set-up lives in the URL ([`crate::teach_config`]); the page waits only for its own run's
//! frames (the teaching slice, [`crate::state::teach`]).

pub mod diagram;
pub mod paint;

use std::rc::Rc;

use kiln_core::{Activation, Engine, LiveSettings, OptimizerKind};
use kiln_data::teach::Dataset2d;
use kiln_protocol::Command;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::chart::{Chart, Line};
use crate::i18n::{Msg, optimizer_label, t as text, tr, use_lang};
use crate::state::teach::{TeachAction, TeachView};
use crate::state::{Action, Slice};
use crate::teach_config::{
    ACTIVATIONS, BATCH_SIZE, LEARNING_RATES, NOISE, REG_RATES, Regularization, TRAIN_RATIO, TeachConfig,
};
use crate::{link, renders, url};
use paint::{VIEW, draw_boundary};

/// The values of the problem menu: classification, regression.
const PROBLEMS: [&str; 2] = ["classification", "regression"];
/// An edit of the set-up from a control's value.
type EditWith<T> = dyn Fn(&mut TeachConfig, T);

/// What the teaching page shows.
#[derive(Properties, PartialEq)]
pub struct TeachProps {
    /// Teaching mode's slice.
    pub teach: Slice<TeachView>,
    /// Dispatches an [`Action`].
    pub dispatch: Callback<Action>,
}

/// The teaching page.
#[component]
pub fn TeachPage(props: &TeachProps) -> Html {
    renders::rendered("TeachPage");
    let t = &props.teach;
    let c = &t.config;
    let boundary = use_node_ref();
    {
        let boundary = boundary.clone();
        let frame = t.frame.clone();
        let data = t.data.clone();
        use_effect_with((frame, data, c.discretize), move |(frame, data, discrete)| {
            if let (Some(canvas), Some(frame)) = (boundary.cast::<HtmlCanvasElement>(), frame) {
                draw_boundary(&canvas, frame, data.as_deref(), *discrete, true);
            }
        });
    }
    // (Re)start the run in the worker: keeps playing if it was playing.
    let restart = {
        let d = props.dispatch.clone();
        move |cfg: TeachConfig, playing: bool| {
            url::set_query(&cfg.to_query());
            // A new run: the worker stops the old one, and the page waits only for the new one.
            let run = link::start(Command::Teach(Box::new(cfg.request(!playing))));
            d.emit(Action::Teach(TeachAction::Set(cfg)));
            d.emit(Action::Teach(TeachAction::Started { run, playing }));
        }
    };
    // A control of the current run.
    let run = t.run;
    let control = move |command: Command| {
        if let Some(run) = run {
            link::send(run, command);
        }
    };
    let playing = t.playing;
    let lang = use_lang();
    let (classification, regression) = (text(lang, "teach-classification"), text(lang, "teach-regression"));
    let engine_label =
        |e: Engine| if e == Engine::Auto { text(lang, "train-engine-auto") } else { e.label().to_string() };
    // A change that rebuilds the network or the data (as in TensorFlow Playground).
    let change = {
        let cfg = c.clone();
        let restart = restart.clone();
        move |f: Rc<dyn Fn(&mut TeachConfig)>| {
            let cfg = cfg.clone();
            let restart = restart.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = cfg.clone();
                f(&mut next);
                restart(next, playing);
            })
        }
    };
    // A change of a live setting: applied to the running network from its next batch.
    let live = {
        let d = props.dispatch.clone();
        move |next: TeachConfig| {
            let tc = next.train_config();
            url::set_query(&next.to_query());
            control(Command::UpdateSettings(LiveSettings {
                learning_rate: tc.optimizer.learning_rate(),
                l1: tc.l1,
                l2: tc.l2,
                weight_decay: 0.0,
            }));
            d.emit(Action::Teach(TeachAction::Set(next)));
        }
    };
    let on_play = {
        let d = props.dispatch.clone();
        let started = t.run.is_some();
        let cfg = c.clone();
        let restart = restart.clone();
        Callback::from(move |_: MouseEvent| {
            if !started {
                restart(cfg.clone(), true);
            } else if playing {
                control(Command::Pause);
                d.emit(Action::Teach(TeachAction::Playing(false)));
            } else {
                control(Command::Resume);
                d.emit(Action::Teach(TeachAction::Playing(true)));
            }
        })
    };
    let on_step = {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            control(Command::Step);
            d.emit(Action::Teach(TeachAction::Playing(false)));
        })
    };
    let on_reset = {
        let cfg = c.clone();
        let restart = restart.clone();
        Callback::from(move |_: MouseEvent| restart(cfg.clone(), false))
    };
    let select = |f: Rc<EditWith<String>>, rebuild: bool| {
        let cfg = c.clone();
        let restart = restart.clone();
        let live = live.clone();
        Callback::from(move |e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            let mut next = cfg.clone();
            f(&mut next, v.value());
            if rebuild { restart(next, playing) } else { live(next) }
        })
    };
    let slider = |f: Rc<EditWith<f64>>| {
        let cfg = c.clone();
        let restart = restart.clone();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            if let Ok(x) = v.value().parse::<f64>() {
                let mut next = cfg.clone();
                f(&mut next, x);
                restart(next, playing);
            }
        })
    };

    // --- Left column: data and features --------------------------------------------------
    let data_buttons = Dataset2d::ALL.iter().map(|&ds| {
        let name = ds.name();
        let testid = format!("dataset-{name}");
        let selected = std::mem::discriminant(&ds) == std::mem::discriminant(&c.dataset);
        let onclick = change(Rc::new(move |n: &mut TeachConfig| {
            n.dataset = ds;
            if ds.is_regression() {
                n.regression = true;
            } else if n.regression && !n.dataset.is_regression() {
                n.regression = ds.classes() == 2 && n.regression;
            }
        }));
        html! { <button class={classes!("ds", selected.then_some("on"))} data-testid={testid} {onclick}>{ text(lang, &format!("teach-ds-{name}")) }</button> }
    });
    let frame = t.frame.clone();
    // --- Right: output ------------------------------------------------------------------
    let pct = |x: f64| if x.is_finite() { format!("{:.1} %", x * 100.0) } else { "—".into() };
    let num = |x: f64| if x.is_finite() { format!("{x:.3}") } else { "—".into() };
    let (train_loss, test_loss, test_acc, train_acc, epoch) = match &frame {
        Some(f) => (num(f.train_loss), num(f.test_loss), pct(f.test_accuracy), pct(f.train_accuracy), f.epoch),
        None => ("—".into(), "—".into(), "—".into(), "—".into(), 0),
    };
    let d = props.dispatch.clone();
    let on_discrete = {
        let cfg = c.clone();
        Callback::from(move |e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            let mut next = cfg.clone();
            next.discretize = v.checked();
            url::set_query(&next.to_query());
            d.emit(Action::Teach(TeachAction::Set(next)));
        })
    };
    let on_lr = select(Rc::new(|n, v| n.learning_rate = v.parse().unwrap_or(n.learning_rate)), false);
    let on_rate = select(Rc::new(|n, v| n.reg_rate = v.parse().unwrap_or(n.reg_rate)), false);
    let on_reg =
        select(Rc::new(|n, v| n.regularization = Regularization::parse(&v).unwrap_or(Regularization::None)), false);
    let on_act = select(Rc::new(|n, v| n.activation = Activation::parse(&v).unwrap_or(Activation::Tanh)), true);
    let on_opt = select(Rc::new(|n, v| n.optimizer = OptimizerKind::parse(&v).unwrap_or(OptimizerKind::Sgd)), true);
    let on_problem = select(Rc::new(|n, v| n.regression = v == "regression"), true);
    let on_engine = select(Rc::new(|n, v| n.engine = Engine::parse(&v).unwrap_or(Engine::Auto)), true);
    let on_batch = slider(Rc::new(|n, x| n.batch_size = (x as usize).clamp(BATCH_SIZE.min, BATCH_SIZE.max)));
    let on_noise = slider(Rc::new(|n, x| n.noise = (x / 100.0).clamp(NOISE.min, NOISE.max)));
    let on_ratio = slider(Rc::new(|n, x| n.train_ratio = (x / 100.0).clamp(TRAIN_RATIO.min, TRAIN_RATIO.max)));
    let regenerate = change(Rc::new(|n: &mut TeachConfig| n.data_seed = n.data_seed.wrapping_add(1)));
    let pct_attr = |x: f64| format!("{:.0}", x * 100.0);
    let reg_label = |id: &str| text(lang, &format!("teach-reg-{}", id.to_lowercase()));
    let opt = |v: &str, label: &str, cur: bool| html! { <option value={v.to_string()} selected={cur}>{ label.to_string() }</option> };

    html! {
        <div class="teach" data-testid="teach">
            <div class="teach-bar">
                <button class="play" data-testid="play-button" onclick={on_play} aria-label={text(lang, if playing { "teach-pause" } else { "teach-play" })}
                    title={text(lang, "teach-play.title")}>{ if playing { "❚❚" } else { "▶" } }</button>
                <button data-testid="teach-step" onclick={on_step} disabled={playing} title={text(lang, "teach-step.title")}>{ text(lang, "teach-step") }</button>
                <button data-testid="teach-reset" onclick={on_reset} title={text(lang, "teach-reset.title")}>{ text(lang, "teach-reset") }</button>
                <div class="epoch"><span>{ text(lang, "teach-epoch") }</span><b data-testid="epoch">{ format!("{epoch:06}") }</b></div>
                <label title={text(lang, "teach-lr.title")}>{ text(lang, "teach-lr") }
                    <select onchange={on_lr}>{ for LEARNING_RATES.iter().map(|&x| opt(&x.to_string(), &x.to_string(), (x - c.learning_rate).abs() < 1e-12)) }</select></label>
                <label title={text(lang, "teach-activation.title")}>{ text(lang, "teach-activation") }
                    <select onchange={on_act}>{ for ACTIVATIONS.iter().map(|a| opt(a.id(), a.label(), c.activation == *a)) }</select></label>
                <label title={text(lang, "teach-reg.title")}>{ text(lang, "teach-reg") }
                    <select onchange={on_reg}>{ for Regularization::ALL.iter().map(|r| opt(r.id(), &reg_label(r.id()), c.regularization == *r)) }</select></label>
                <label title={text(lang, "teach-reg-rate.title")}>{ text(lang, "teach-reg-rate") }
                    <select onchange={on_rate}>{ for REG_RATES.iter().map(|&x| opt(&x.to_string(), &x.to_string(), (x - c.reg_rate).abs() < 1e-12)) }</select></label>
                <label title={text(lang, "teach-optimizer.title")}>{ text(lang, "teach-optimizer") }
                    <select onchange={on_opt}>{ for OptimizerKind::ALL.iter().map(|k| opt(k.id(), &optimizer_label(lang, *k), c.optimizer == *k)) }</select></label>

            </div>
            if let Some(msg) = &t.diverged {
                <div class="error" data-testid="nan-explanation" role="alert">{ tr(lang, msg) }{ text(lang, "teach-diverged") }</div>
            }
            if !t.notes.is_empty() {
                <div class="notice">{ t.notes.iter().map(|n| tr(lang, n)).collect::<Vec<_>>().join("; ") }</div>
            }
            <div class="teach-main">
                <section class="teach-data">
                    <h3>{ text(lang, "teach-data") }</h3>
                    <div class="ds-grid">{ for data_buttons }</div>
                    <label>{ tr(lang, &Msg::new("teach-ratio").arg("pct", format!("{:.0}", c.train_ratio * 100.0))) }
                        <input type="range" min={pct_attr(TRAIN_RATIO.min)} max={pct_attr(TRAIN_RATIO.max)} step="10" value={pct_attr(c.train_ratio)} onchange={on_ratio} /></label>
                    <label>{ tr(lang, &Msg::new("teach-noise").arg("noise", format!("{:.0}", c.noise * 100.0))) }
                        <input type="range" min={pct_attr(NOISE.min)} max={pct_attr(NOISE.max)} step="5" value={pct_attr(c.noise)} onchange={on_noise} /></label>
                    <label>{ tr(lang, &Msg::new("teach-batch").arg("n", c.batch_size)) }
                        <input type="range" min={BATCH_SIZE.min.to_string()} max={BATCH_SIZE.max.to_string()} step="1" value={c.batch_size.to_string()} onchange={on_batch} /></label>
                    <button onclick={regenerate} data-testid="regenerate">{ text(lang, "teach-regenerate") }</button>
                <label class="col" title={text(lang, "teach-problem.title")}>{ text(lang, "teach-problem") }
                    <select onchange={on_problem} disabled={c.dataset.is_regression() || c.dataset.classes() > 2}>
                        { opt(PROBLEMS[0], &classification, !c.is_regression()) }
                        { opt(PROBLEMS[1], &regression, c.is_regression()) }
                    </select></label>
                <label class="col" title={text(lang, "teach-engine.title")}>{ text(lang, "teach-engine") }
                    <select onchange={on_engine}>{ for Engine::ALL.iter().map(|e| opt(e.as_str(), &engine_label(*e), c.engine == *e)) }</select></label>

                </section>
                { diagram::network(lang, t, &change, &props.dispatch) }
                <section class="teach-out">
                    <h3>{ text(lang, "teach-output") }</h3>
                    <div class="out-metrics">
                        <div><span>{ text(lang, "teach-test-loss") }</span><b data-testid="test-loss">{ test_loss }</b></div>
                        <div><span>{ text(lang, "teach-train-loss") }</span><b>{ train_loss }</b></div>
                        <div><span>{ text(lang, "teach-test-accuracy") }</span><b data-testid="test-accuracy">{ test_acc }</b></div>
                        <div><span>{ text(lang, "teach-train-accuracy") }</span><b>{ train_acc }</b></div>
                    </div>
                    <canvas ref={boundary} data-testid="boundary" data-frames={t.frames.to_string()} width={VIEW.to_string()} height={VIEW.to_string()} class="boundary" />
                    <label class="check"><input type="checkbox" checked={c.discretize} onchange={on_discrete} />{ " " }{ text(lang, "teach-discretize") }</label>
                    <Chart title={text(lang, "teach-loss")} testid="teach-loss-chart" x_max={1.0} x_label={text(lang, "train-chart-epoch")} lines={vec![
                        Line { label: text(lang, "teach-chart-training"), color: "#2563eb", points: t.train_loss.points().to_vec(), dots: false },
                        Line { label: text(lang, "teach-chart-test"), color: "#ea580c", points: t.test_loss.points().to_vec(), dots: false },
                    ]} />
                    <p class="backend" data-testid="backend">{ t.engine.as_ref().map(|m| tr(lang, m)).unwrap_or_default() }</p>
                </section>
            </div>
        </div>
    }
}
