//! The page: mounts the yew app.
fn main() {
    kiln_web::app::start();
}
