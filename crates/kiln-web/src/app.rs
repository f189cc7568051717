//! The page: spawns the training worker once, loads the built-in data set, and lays out the five
//! steps (data → model → train → evaluate → deploy).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_worker::{HandlerId, Spawnable, Worker, WorkerBridge, WorkerScope};
use kiln_data::builtin::REVIEW_SENTENCES;
use kiln_data::id::DataId;
use kiln_protocol::{Command, DataSource, Event};
use yew::prelude::*;

use crate::bench_api;
use crate::codec::Json;
use crate::components::PanelProps;
use crate::components::data_panel::DataPanel;
use crate::components::evaluate_panel::EvaluatePanel;
use crate::components::model_panel::ModelPanel;
use crate::components::teach::TeachPage;
use crate::components::train_panel::TrainPanel;
use crate::i18n::{self, Lang, LangSelect, t};
use crate::state::{Action, Mode, State};
use crate::teach_config::TeachConfig;

/// The page's handle on the training worker: the same messages as
/// `worker::TrainingWorker`, none of its code, so the page's wasm does not
/// link burn. The worker binary registers the real one.
pub struct WorkerProxy;

impl Worker for WorkerProxy {
    type Message = ();
    type Input = Command;
    type Output = Event;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        WorkerProxy
    }
    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}
    fn received(&mut self, _scope: &WorkerScope<Self>, _msg: Command, _id: HandlerId) {}
}

thread_local! {
    static BRIDGE: RefCell<Option<WorkerBridge<WorkerProxy>>> = const { RefCell::new(None) };
    /// Commands sent before the worker was spawned (e.g. `window.kiln.bench` right after load).
    static QUEUED: RefCell<Vec<Command>> = const { RefCell::new(Vec::new()) };
}

/// Sends a command to the worker; commands sent before it is spawned are queued and sent then.
pub fn send(cmd: Command) {
    BRIDGE.with(|b| match b.borrow().as_ref() {
        Some(bridge) => bridge.send(cmd),
        None => QUEUED.with(|q| q.borrow_mut().push(cmd)),
    });
}

/// Replaces the page URL's query (no reload, no history entry): the shareable link, which
/// always names the page's language (`lang=zh`).
pub fn set_url_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = format!("?{}", i18n::query_with_lang(query, i18n::current()));
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Absolute URL of the page's `assets/` folder (for the worker, which cannot resolve `./`).
pub fn assets_url() -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    web_sys::Url::new_with_base("assets/", &base).map(|u| u.href()).unwrap_or_else(|_| "./assets/".into())
}

fn url_query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Mounts the app on `<body>` and registers `window.kiln`.
pub fn start() {
    console_error_panic_hook::set_once();
    bench_api::install();
    yew::Renderer::<App>::new().render();
}

/// The root component.
#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let lang = use_state(|| {
        let lang = i18n::initial();
        i18n::apply(lang, i18n::url_names_lang());
        lang
    });
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| {
            i18n::apply(l, true);
            set_url_query(&url_query());
            lang.set(l);
        })
    };
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let query = url_query();
            if query.contains("mode=teach") {
                let (config, notes) = TeachConfig::from_query(&query);
                dispatcher.dispatch(Action::OpenTeach(config, notes));
            }
            let d = dispatcher.clone();
            let bridge = WorkerProxy::spawner()
                .encoding::<Json>()
                .as_module(false)
                .callback(move |event: Event| {
                    bench_api::on_event(&event);
                    d.dispatch(Action::Worker(event));
                })
                .spawn("./worker.js");
            for cmd in QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut())) {
                bridge.send(cmd);
            }
            BRIDGE.with(|b| *b.borrow_mut() = Some(bridge));
            // The worker fetches and reads the default data set; the page paints meanwhile.
            dispatcher.dispatch(Action::DataLoading(DataId::Builtin(REVIEW_SENTENCES.id.to_string())));
            send(Command::LoadData(DataSource::Builtin {
                id: REVIEW_SENTENCES.id.to_string(),
                base_url: assets_url(),
            }));
            || ()
        });
    }
    // Teaching mode shows the untrained network as soon as the engine is there.
    {
        let dispatcher = state.dispatcher();
        let ready = state.mode == Mode::Teach && state.engine_loaded && !state.teach.started;
        let config = state.teach.config.clone();
        use_effect_with(ready, move |ready| {
            if *ready {
                set_url_query(&config.to_query());
                send(Command::Teach(Box::new(config.request(true))));
                dispatcher.dispatch(Action::TeachStarted { playing: false });
            }
        });
    }
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    let to_mode = |mode: Mode| {
        let d = state.dispatcher();
        let current = state.mode;
        let query = state.teach.config.to_query();
        Callback::from(move |_: MouseEvent| {
            if mode == current {
                return;
            }
            send(Command::Stop);
            set_url_query(if mode == Mode::Teach { &query } else { "" });
            d.dispatch(Action::SetMode(mode));
        })
    };
    let props = PanelProps { state: Rc::new((*state).clone()), dispatch, send: Callback::from(send) };
    let lang = *lang;
    html! {
        <ContextProvider<Lang> context={lang}>
            <header class={classes!((state.mode == Mode::Teach).then_some("compact"))}>
                <LangSelect {lang} on_change={on_lang} />
                <h1>{ "Kiln" }</h1>
                <p>{ t(lang, "common-tagline") }</p>
                if !state.engine_loaded {
                    <div class="engine-loading" data-testid="engine-loading"><div class="bar indeterminate"><div></div></div>{ t(lang, "common-engine-loading") }</div>
                }
            </header>
            if let Some(e) = &state.error {
                <div class="error" data-testid="error" role="alert">
                    <span>{ e }</span>
                    <button class="dismiss" aria-label={t(lang, "common-dismiss")} onclick={props.dispatch.reform(|_| Action::DismissError)}>{ "×" }</button>
                </div>
            }
            <nav class="modes">
                <button class={classes!((state.mode == Mode::Guided).then_some("on"))} data-testid="mode-guided" onclick={to_mode(Mode::Guided)}>{ t(lang, "common-mode-guided") }</button>
                <button class={classes!((state.mode == Mode::Teach).then_some("on"))} data-testid="mode-teach" onclick={to_mode(Mode::Teach)}>{ t(lang, "common-mode-teach") }</button>
            </nav>
            if state.mode == Mode::Teach {
                <TeachPage ..props.clone() />
            } else {
            <main>
                <DataPanel ..props.clone() />
                <ModelPanel ..props.clone() />
                <TrainPanel ..props.clone() />
                <EvaluatePanel ..props.clone() />
                <section class="card" id="deploy">
                    <h2><span class="step">{ "5" }</span>{ "Deploy" }</h2>
                    <p>{ "Download the spec in " }<a href="#model">{ "step 2 (⤓ Download spec)" }</a>{ " and train the same model natively on a bigger machine:" }</p>
                    <pre>{ "cargo run --release -p kiln-cli -- train --epochs 10" }</pre>
                </section>
            </main>
            }
        </ContextProvider<Lang>>
    }
}
