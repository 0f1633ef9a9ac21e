//! The invented export behind "Try the sample": embedded in the wasm so that a
//! new user sees what the page does without any data of their own, and without
//! a request to fetch it (the page makes none after loading).

/// An interactive sign-in export as the portal downloads it (57 columns, UTF-8
/// with BOM, CRLF, every field quoted), invented users and addresses.
pub const SIGN_INS_NAME: &str = "InteractiveSignIns_2024-05-01_2024-05-02.csv";
pub const SIGN_INS: &[u8] =
    include_bytes!("../samples/InteractiveSignIns_2024-05-01_2024-05-02.csv");

/// Its companion "authentication details" file, joined on Request ID.
pub const AUTH_DETAILS_NAME: &str = "InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv";
pub const AUTH_DETAILS: &[u8] =
    include_bytes!("../samples/InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv");

/// The sample as (name, bytes) pairs, in the order the portal offers them.
pub fn files() -> [(&'static str, &'static [u8]); 2] {
    [(SIGN_INS_NAME, SIGN_INS), (AUTH_DETAILS_NAME, AUTH_DETAILS)]
}
