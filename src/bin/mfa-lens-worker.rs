//! The worker binary: Trunk builds it as a Web Worker (`data-type="worker"`).
fn main() {
    mfa_lens_web::worker::start();
}
