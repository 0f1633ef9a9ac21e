fn main() {
    yew::Renderer::<mfa_lens_web::App>::new().render();
}
