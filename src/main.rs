use mfa_lens_web::crash;

fn main() {
    crash::install_page_hook();
    yew::Renderer::<mfa_lens_web::App>::new().render();
    if crash::test_panic() == Some(crash::TestPanic::Page) {
        // Test-only (see `crash::TEST_PANIC_PARAM`): a panic once the page is up,
        // from a timer, as a bug in an event handler would.
        gloo::timers::callback::Timeout::new(200, || {
            panic!("test panic on the page, asked for by the URL")
        })
        .forget();
    }
}
