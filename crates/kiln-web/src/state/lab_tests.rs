//! The lab slice on the host: its events reach it only for its own job, a job ends at `Done` or
//! an error, and a compression table belongs to the model it compressed.

use std::rc::Rc;

use kiln_protocol::lab::{ClientRound, RoundReport};
use kiln_protocol::{Event, LabEvent, Reply, RunId, TestMetrics};
use yew::Reducible;

use super::{LabAction, LabJob, LabTab};
use crate::state::run::RunAction;
use crate::state::{Action, State};

fn reduce(s: State, a: Action) -> State {
    (*Rc::new(s).reduce(a)).clone()
}

fn event(s: State, run: u32, event: Event) -> State {
    reduce(s, Action::Worker(Reply { run: RunId(run), event }))
}

const TEST: TestMetrics = TestMetrics { loss: 0.3, accuracy: 0.9, examples: 30 };

fn round(round: usize) -> Event {
    Event::Lab(Box::new(LabEvent::Round(RoundReport {
        round,
        global: TEST,
        baseline: Some(TEST),
        clients: vec![ClientRound { client: 0, examples: 10, local_loss: 0.2, local_accuracy: 0.95 }],
        steps: 4 * round,
    })))
}

#[test]
fn lab_events_reach_only_the_lab_job_they_belong_to() {
    let s = reduce(State::default(), Action::Run(RunAction::Started(RunId(1))));
    let s = reduce(s, Action::Lab(LabAction::Started(RunId(2), LabJob::Federated)));
    assert!(s.lab.running);
    let before = s.run.clone();
    let s = event(s, 2, round(1));
    let s = event(s, 2, round(2));
    assert_eq!(s.lab.rounds.len(), 2);
    assert!(s.run == before, "the guided run's slice is untouched");
    // A round of an older lab job (stopped, then replaced) is dropped.
    let s = reduce(s, Action::Lab(LabAction::Started(RunId(3), LabJob::Federated)));
    assert!(s.lab.rounds.is_empty(), "a new federated run starts with an empty chart");
    let s = event(s, 2, round(3));
    assert!(s.lab.rounds.is_empty());
    let s = event(s, 3, Event::Lab(Box::new(LabEvent::Done { stopped: true })));
    assert!(!s.lab.running && s.lab.stopped);
    assert_eq!(s.lab.status.as_ref().map(kiln_i18n::english).as_deref(), Some("stopped"));
}

#[test]
fn an_error_ends_the_lab_job_and_shows_the_banner() {
    let s = reduce(State::default(), Action::Lab(LabAction::Started(RunId(4), LabJob::Search)));
    let s =
        event(s, 4, Event::Error(kiln_protocol::Msg::verbatim("a search scores each trial on the validation split")));
    assert!(!s.lab.running);
    assert!(s.page.error.as_ref().map(kiln_i18n::english).is_some_and(|e| e.contains("validation")));
    // Starting the next job clears the banner.
    let s = reduce(s, Action::Lab(LabAction::Started(RunId(5), LabJob::Search)));
    assert_eq!(s.page.error, None);
}

#[test]
fn a_compression_table_names_the_model_it_compressed_and_unchanged_tabs_do_not_render() {
    let s = reduce(State::default(), Action::Lab(LabAction::Started(RunId(7), LabJob::Compress(RunId(6)))));
    let s = event(s, 7, Event::Lab(Box::new(LabEvent::Kept { test: TEST })));
    assert_eq!(s.lab.kept, Some(TEST));
    assert_eq!(s.run.test, Some(TEST), "the kept model's test metrics are the run's");
    let s = reduce(s, Action::Lab(LabAction::Tab(LabTab::Search)));
    let rc = Rc::new(s);
    let same = rc.clone().reduce(Action::Lab(LabAction::Tab(LabTab::Search)));
    assert!(Rc::ptr_eq(&rc, &same), "choosing the tab shown changes nothing");
}
