//! The MFA Lens web app: a Yew face over `mfa-lens-core`, compiled to wasm32.
//!
//! Two binaries share this library: the page (`src/main.rs`) and the Web Worker
//! that owns the data (`src/bin/mfa-lens-worker.rs`, entry [`worker::start`]).
//! Layout follows Yew's `function_todomvc` example: `state` is a pure reducer
//! (tested natively), `components/` are small function components taking props
//! and callbacks, `app` wires them to the worker through `worker_client`, and
//! `protocol` is the only thing the two sides share.

mod app;
pub mod components;
pub mod crash;
pub mod display;
mod download;
pub mod edition;
pub mod format;
pub mod grid_layout;
pub mod hash;
pub mod protocol;
pub mod sample;
pub mod service_worker;
pub mod session;
pub mod size_limit;
pub mod state;
pub mod stats;
pub mod worker;
mod worker_client;

pub use app::App;
pub use components::bar_chart::{Bar, BarChart, BarChartProps};
pub use components::file_list::{FileList, FileListProps};
pub use components::overview::{Overview, OverviewProps};
pub use components::reference::Reference;
