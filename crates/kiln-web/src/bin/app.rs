//! The page: mounts the yew app.
fn main() {
    kiln_web::run_static_constructors();
    kiln_web::app::start();
}
