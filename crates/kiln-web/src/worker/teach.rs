//! `Teach`: teaching mode's run. It plays epochs until stopped, using the trainer's own controls:
//! Pause holds the weights before the next batch (and the trainer calls [`Host::paused`], where
//! weight edits are applied and the paused network is drawn), Step trains one whole epoch (the
//! job slot pauses the run when the epoch ends), live settings arrive through the same
//! [`Host::take_settings`] as a guided run's. No per-batch or per-epoch events go out: a `Frame`
//! after each epoch (at most ~16 a second) and after each edit carries the metrics.

use std::rc::Rc;

use kiln_core::LiveSettings;
use kiln_ml::teach::{Framer, TeachSession};
use kiln_ml::{Control, Host, MlError, Trainer};
use kiln_protocol::{Event, Msg, TeachRequest};

use super::Shared;
use super::host::{Out, RunHost};
use super::jobs::Activity;
use crate::engine::{self, Purpose};

/// Minimum time between two frames while playing (~16 frames per second). Measured with the
/// spiral 2-8-8-1 net: a frame costs ~3 % of the worker's time at 8 frames/s, and decoding and
/// painting it leaves the page's thread over 95 % idle.
const FRAME_EVERY_MS: f64 = 60.0;

/// A teaching run's host: a [`RunHost`] that keeps the per-batch events to itself, turns a
/// Step into one epoch, and draws frames.
struct TeachHost {
    inner: RunHost,
    framer: Framer,
    /// When the last frame went out.
    last_frame: f64,
    /// The paused network has been drawn since the run last moved.
    paused_drawn: bool,
}

impl TeachHost {
    /// Applies the weight edits sent since the last look; true when there were any.
    fn apply_edits(&self, trainer: &mut Trainer) -> bool {
        let edits = self.inner.shared().jobs.borrow_mut().take_edits(self.inner.out.run);
        for e in &edits {
            trainer.network_mut().set_dense_weight(e.layer, e.from, e.to, e.value);
        }
        !edits.is_empty()
    }

    /// Sends a frame of the trainer's current weights.
    async fn draw(&mut self, trainer: &Trainer) -> Result<(), MlError> {
        let frame = self.framer.frame(trainer).await?;
        self.inner.out.send(Event::Frame(Box::new(frame)));
        self.last_frame = engine::now_ms();
        Ok(())
    }
}

impl Host for TeachHost {
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }

    fn emit(&mut self, event: Event) {
        match event {
            Event::Epoch(_) => {
                // A Step is one epoch: it is over.
                self.inner.shared().jobs.borrow_mut().epoch_done(self.inner.out.run);
            }
            Event::Batch { .. } | Event::Status(_) => {}
            other => self.inner.emit(other),
        }
    }

    fn control(&mut self) -> Control {
        let control = self.inner.control();
        if control != Control::Pause {
            self.paused_drawn = false;
        }
        control
    }

    fn take_settings(&mut self) -> Option<LiveSettings> {
        self.inner.take_settings()
    }

    async fn idle(&mut self) {
        self.inner.idle().await;
    }

    async fn yield_now(&mut self) {
        self.inner.yield_now().await;
    }

    async fn paused(&mut self, trainer: &mut Trainer) -> Result<(), MlError> {
        if self.apply_edits(trainer) || !self.paused_drawn {
            self.paused_drawn = true;
            self.draw(trainer).await?;
        }
        self.inner.idle().await;
        Ok(())
    }
}

/// Runs teaching mode until Stop (or a divergence).
///
/// # Errors
/// A message for the page: an engine that cannot be used, a bad set-up, a failed device.
pub(crate) async fn run(shared: &Rc<Shared>, out: &Out, req: TeachRequest) -> Result<(), Msg> {
    shared.held.borrow_mut().diverged = None;
    let params = req.model.summary().map(|s| s.total_params).unwrap_or(0);
    let chosen = engine::choose(req.config.engine, Purpose::Teach { params }, |_| {}).await.map_err(Msg::verbatim)?;
    out.send(Event::EngineChosen { engine: chosen.engine, reason: chosen.reason });
    let (session, data) = TeachSession::new(&req, &chosen.device).map_err(|e| Msg::verbatim(e.to_string()))?;
    out.send(Event::TeachData(data));
    let (mut trainer, framer) = session.into_parts();
    let mut host =
        TeachHost { inner: RunHost::new(shared.clone(), out.clone()), framer, last_frame: 0.0, paused_drawn: true };
    // The untrained network, whether it starts paused or playing.
    host.draw(&trainer).await.map_err(|e| Msg::verbatim(e.to_string()))?;
    loop {
        if host.apply_edits(&mut trainer) {
            host.draw(&trainer).await.map_err(|e| Msg::verbatim(e.to_string()))?;
        }
        match trainer.run_epoch(&mut host).await {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e @ MlError::NonFinite { .. }) => {
                out.send(Event::Diverged { message: Msg::verbatim(e.to_string()), can_restore: false });
                return Ok(());
            }
            Err(e) => return Err(Msg::verbatim(e.to_string())),
        }
        // Playing: a frame now and then. Stepped or paused: this epoch's frame at once.
        let playing = matches!(host.inner.shared().jobs.borrow().activity(), Activity::Teaching { .. });
        if !playing || engine::now_ms() - host.last_frame >= FRAME_EVERY_MS {
            host.draw(&trainer).await.map_err(|e| Msg::verbatim(e.to_string()))?;
            host.paused_drawn = !playing;
        }
    }
    host.draw(&trainer).await.map_err(|e| Msg::verbatim(e.to_string()))
}
