//! The training worker: registers the gloo worker.
fn main() {
    kiln_web::worker::register();
}
