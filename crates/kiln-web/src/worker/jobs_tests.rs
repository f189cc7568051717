//! The job slot's rules, one scenario per test: stale controls, replacing runs, waiting starts,
//! Step (one batch, or one epoch in teaching mode).

use kiln_core::{LiveSettings, ModelSpec, TrainConfig};
use kiln_ml::Control;
use kiln_protocol::{BenchRequest, Command, DataSource, Event, Msg, Request, RunId, TrainRequest};

use super::{Activity, Decision, Jobs};

fn req(run: u32, command: Command) -> Request {
    Request { run: RunId(run), command }
}

fn train(run: u32) -> Request {
    req(
        run,
        Command::Train(Box::new(TrainRequest {
            dataset: kiln_protocol::DataId::Builtin("review-sentences".into()),
            prep: Default::default(),
            split: Default::default(),
            model: ModelSpec::reference_sentiment(100, 10),
            config: TrainConfig::default(),
            from_weights: None,
        })),
    )
}

fn load(run: u32) -> Request {
    req(run, Command::LoadData(DataSource::Builtin { id: "iris".into(), base_url: String::new() }))
}

fn bench(run: u32) -> Request {
    req(
        run,
        Command::Bench(BenchRequest {
            workload: "mlp-784".into(),
            engine: kiln_core::Engine::Cpu,
            epochs: 1,
            steps: None,
            tasks_max: None,
        }),
    )
}

fn started(d: Decision<()>) -> RunId {
    match d {
        Decision::Start(r, ()) => r.run,
        other => panic!("expected a start, got {other:?}"),
    }
}

#[test]
fn a_stale_stop_or_pause_cannot_touch_a_newer_run() {
    let mut jobs = Jobs::default();
    assert_eq!(started(jobs.receive(train(1), ())), RunId(1));
    // Run 2 replaces run 1: run 1 stops after its batch, run 2 waits for the slot.
    assert_eq!(jobs.receive(train(2), ()), Decision::Done);
    assert_eq!(jobs.activity(), Activity::Stopping(RunId(1)));
    assert_eq!(jobs.control(RunId(1)), Control::Stop);
    let (next, ()) = jobs.finish(RunId(1)).expect("run 2 starts");
    assert_eq!(next.run, RunId(2));
    // Controls still naming run 1 change nothing.
    assert_eq!(jobs.receive(req(1, Command::Stop), ()), Decision::Done);
    assert_eq!(
        jobs.receive(req(1, Command::Pause), ()),
        Decision::Answer(Event::Error(Msg::new("error-worker-not-training")))
    );
    assert_eq!(jobs.control(RunId(2)), Control::Run);
    let live = LiveSettings { learning_rate: 0.5, l1: 0.0, l2: 0.0, weight_decay: 0.0 };
    jobs.receive(req(1, Command::UpdateSettings(live)), ());
    assert_eq!(jobs.take_settings(RunId(2)), None, "run 1's settings do not reach run 2");
    jobs.receive(req(2, Command::UpdateSettings(live)), ());
    assert_eq!(jobs.take_settings(RunId(2)), Some(live));
}

#[test]
fn pause_step_resume_and_a_teaching_step_of_one_epoch() {
    let mut jobs = Jobs::default();
    started(jobs.receive(train(3), ()));
    jobs.receive(req(3, Command::Pause), ());
    assert_eq!(jobs.control(RunId(3)), Control::Pause);
    jobs.receive(req(3, Command::Step), ());
    assert_eq!(jobs.control(RunId(3)), Control::Step, "one batch");
    assert_eq!(jobs.control(RunId(3)), Control::Pause, "then paused again");
    jobs.receive(req(3, Command::Resume), ());
    assert_eq!(jobs.control(RunId(3)), Control::Run);
    jobs.receive(req(3, Command::Stop), ());
    assert_eq!(jobs.control(RunId(3)), Control::Stop);
    assert!(jobs.finish(RunId(3)).is_none());
    assert_eq!(jobs.activity(), Activity::Idle);

    // Teaching: Step runs until the epoch ends, then pauses.
    let mut jobs = Jobs::<()> { activity: Activity::Paused { run: RunId(4), teach: true }, ..Default::default() };
    jobs.receive(req(4, Command::Step), ());
    assert_eq!(jobs.control(RunId(4)), Control::Run);
    assert_eq!(jobs.control(RunId(4)), Control::Run, "every batch of the epoch");
    jobs.epoch_done(RunId(4));
    assert_eq!(jobs.control(RunId(4)), Control::Pause);
    jobs.receive(req(4, Command::SetWeight { layer: 0, from: 0, to: 1, value: 2.0 }), ());
    assert_eq!(jobs.take_edits(RunId(4)).len(), 1);
    assert_eq!(
        jobs.receive(req(4, Command::SetWeight { layer: 0, from: 0, to: 1, value: f32::NAN }), ()),
        Decision::Answer(Event::Error(Msg::new("error-worker-weight-not-finite").arg("value", "NaN")))
    );
}

#[test]
fn starts_wait_for_loads_and_benchmarks_and_a_stop_drops_a_waiting_start() {
    let mut jobs = Jobs::default();
    started(jobs.receive(load(1), ()));
    assert_eq!(jobs.receive(bench(2), ()), Decision::Done, "waits for the load");
    assert_eq!(jobs.receive(train(3), ()), Decision::Done);
    assert_eq!(jobs.activity(), Activity::Loading(RunId(1)), "a load is never stopped");
    // The page gives up on run 3 before it starts.
    jobs.receive(req(3, Command::Stop), ());
    let (next, ()) = jobs.finish(RunId(1)).expect("the benchmark starts");
    assert_eq!(next.run, RunId(2));
    assert!(jobs.finish(RunId(2)).is_none(), "run 3 was dropped");
    // While a run trains, a load or a benchmark is refused with a message.
    started(jobs.receive(train(4), ()));
    assert!(matches!(jobs.receive(load(5), ()), Decision::Answer(Event::Error(_))));
    assert_eq!(jobs.receive(bench(6), ()), Decision::Answer(Event::Error(Msg::new("error-worker-busy"))));
    // Predictions run beside the slot.
    assert!(matches!(
        jobs.receive(
            req(7, Command::Predict { model: RunId(4), input: kiln_protocol::TryInput::Text("good".into()) }),
            ()
        ),
        Decision::Beside(_)
    ));
}

#[test]
fn the_newest_train_replaces_one_still_waiting() {
    let mut jobs = Jobs::default();
    started(jobs.receive(train(1), ()));
    jobs.receive(train(2), ());
    jobs.receive(train(3), ());
    let (next, ()) = jobs.finish(RunId(1)).expect("one waiting");
    assert_eq!(next.run, RunId(3));
    assert!(jobs.finish(RunId(3)).is_none());
}
