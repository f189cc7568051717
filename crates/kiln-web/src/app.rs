//! The page: spawns the training worker once, loads the built-in data set, and lays out the five
//! steps (data → model → train → evaluate → deploy) or teaching mode. Each panel gets the slices
//! of [`State`] it shows, so a worker event re-renders only the panels whose slice it changed.

use kiln_protocol::{Command, Reply};
use yew::prelude::*;

use crate::components::builder::ModelBuilder;
use crate::components::data_panel::DataPanel;
use crate::components::deploy::keeper::SessionKeeper;
use crate::components::deploy::open::ModelOpen;
use crate::components::deploy::{self, DeployPanel};
use crate::components::evaluate::ReportPanel;
use crate::components::evaluate_panel::EvaluatePanel;
use crate::components::lab::LabPanel;
use crate::components::teach::TeachPage;
use crate::components::train_panel::TrainPanel;
use crate::i18n::{self, Lang, LangSelect, t, tr};
use crate::state::page::Mode;
use crate::state::teach::TeachAction;
use crate::state::{Action, State};
use crate::teach_config::TeachConfig;
use crate::{bench_api, link, renders, url};

/// Mounts the app on `<body>` and registers `window.kiln`.
pub fn start() {
    console_error_panic_hook::set_once();
    bench_api::install();
    yew::Renderer::<App>::new().render();
}

/// The root component.
#[component]
pub fn App() -> Html {
    renders::rendered("App");
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
            url::set_query(&url::query());
            lang.set(l);
        })
    };
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let query = url::query();
            if query.contains("mode=teach") {
                let (config, notes) = TeachConfig::from_query(&query);
                dispatcher.dispatch(Action::Teach(TeachAction::Open(config, notes)));
            }
            let d = dispatcher.clone();
            link::spawn(move |reply: Reply| {
                renders::event(&reply.event);
                bench_api::on_reply(&reply);
                deploy::on_reply(&reply, &d);
                d.dispatch(Action::Worker(reply));
            });
            // The session kept from the last visit, or the default data set (the worker fetches
            // and reads it; the page paints meanwhile).
            deploy::restore_or_start(dispatcher.to_callback());
            || ()
        });
    }
    // Teaching mode shows the untrained network as soon as the engine is there.
    {
        let dispatcher = state.dispatcher();
        let ready = state.page.mode == Mode::Teach && state.page.engine_loaded && state.teach.run.is_none();
        let config = state.teach.config.clone();
        use_effect_with(ready, move |ready| {
            if *ready {
                url::set_query(&config.to_query());
                let run = link::start(Command::Teach(Box::new(config.request(true))));
                dispatcher.dispatch(Action::Teach(TeachAction::Started { run, playing: false }));
            }
        });
    }
    let dispatch = state.dispatcher().to_callback();
    let mode = state.page.mode;
    let to_mode = |to: Mode| {
        let d = dispatch.clone();
        let (guided, teach) = (state.run.run.filter(|_| state.run.is_active()), state.teach.run);
        let query = state.teach.config.to_query();
        Callback::from(move |_: MouseEvent| {
            if to == mode {
                return;
            }
            if let Some(run) = if to == Mode::Teach { guided } else { teach } {
                link::send(run, Command::Stop);
            }
            url::set_query(if to == Mode::Teach { &query } else { "" });
            d.emit(Action::SetMode(to));
        })
    };
    let page = &state.page;
    let lang = *lang;
    html! {
        <ContextProvider<Lang> context={lang}>
            <header class={classes!((mode == Mode::Teach).then_some("compact"))}>
                <LangSelect {lang} on_change={on_lang} />
                <h1>{ "Kiln" }</h1>
                <p>{ t(lang, "common-tagline") }</p>
                if !page.engine_loaded {
                    <div class="engine-loading" data-testid="engine-loading"><div class="bar indeterminate"><div></div></div>{ t(lang, "common-engine-loading") }</div>
                }
            </header>
            if let Some(e) = &page.error {
                <div class="error" data-testid="error" role="alert">
                    <span>{ tr(lang, e) }</span>
                    <button class="dismiss" aria-label={t(lang, "common-dismiss")} onclick={dispatch.reform(|_| Action::DismissError)}>{ "×" }</button>
                </div>
            }
            <nav class="modes">
                <button class={classes!((mode == Mode::Guided).then_some("on"))} data-testid="mode-guided" onclick={to_mode(Mode::Guided)}>{ t(lang, "common-mode-guided") }</button>
                <button class={classes!((mode == Mode::Teach).then_some("on"))} data-testid="mode-teach" onclick={to_mode(Mode::Teach)}>{ t(lang, "common-mode-teach") }</button>
            </nav>
            if mode == Mode::Teach {
                <TeachPage teach={state.teach.clone()} dispatch={dispatch.clone()} />
            } else {
            <main>
                <DataPanel data={state.data.clone()} prepared={state.run.data_ready} locked={state.run.is_active()}
                    engine_loaded={page.engine_loaded} dispatch={dispatch.clone()} />
                <ModelBuilder builder={state.builder.clone()} data={state.data.clone()} settings={state.settings.clone()}
                    locked={state.run.is_active()} dispatch={dispatch.clone()} />
                <TrainPanel run={state.run.clone()} settings={state.settings.clone()} builder={state.builder.clone()}
                    data={state.data.clone()} engine_loaded={page.engine_loaded} dispatch={dispatch.clone()}
                    from_weights={state.deploy.continue_from(state.run.model, &state.builder.model(&state.data))}
                    from_last_session={state.deploy.opened.as_ref().is_some_and(|o| o.restore)} />
                <EvaluatePanel try_it={state.try_it.clone()} explain={state.explain.clone()} data={state.data.clone()} report={state.report.clone()} test={state.run.test}
                    model={state.run.usable_model()} dispatch={dispatch.clone()} />
                <ReportPanel report={state.report.clone()} explain={state.explain.clone()} runs={state.runs.clone()}
                    model={state.run.usable_model()} data={state.data.clone()} deploy={state.deploy.clone()}
                    locked={state.run.is_active()} dispatch={dispatch.clone()} />
                <DeployPanel deploy={state.deploy.clone()} model={state.run.usable_model()} dispatch={dispatch.clone()} />
                <ModelOpen deploy={state.deploy.clone()} data={state.data.clone()} locked={state.run.is_active()} dispatch={dispatch.clone()} />
                <SessionKeeper data={state.data.clone()} builder={state.builder.clone()} settings={state.settings.clone()}
                    run={state.run.clone()} deploy={state.deploy.clone()} dispatch={dispatch.clone()} />
                <LabPanel lab={state.lab.clone()} model={state.run.usable_model()} model_data={state.model_data()} training={state.run.is_active()}
                    engine_loaded={page.engine_loaded} data={state.data.clone()} builder={state.builder.clone()}
                    settings={state.settings.clone()} dispatch={dispatch.clone()} />
            </main>
            }
        </ContextProvider<Lang>>
    }
}
