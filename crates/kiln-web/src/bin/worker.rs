//! The training worker: registers the gloo worker.
fn main() {
    kiln_web::run_static_constructors();
    kiln_web::worker::register();
}
