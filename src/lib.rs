//! The MFA Lens web app (Yew, compiled to wasm32). Being built.
