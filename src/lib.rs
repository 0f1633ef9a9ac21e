//! The MFA Lens web app: a Yew face over `mfa-lens-core`, compiled to wasm32.
//!
//! Layout follows Yew's `function_todomvc` example: `state` is a pure reducer
//! (testable without a browser), `components/` are small function components
//! that take props and callbacks, and `app` wires them together. Everything that
//! touches files lives in `file_read`.

mod app;
mod components;
mod file_read;
pub mod sample;
pub mod state;

pub use app::App;
pub use components::file_list::{FileList, FileListProps};
