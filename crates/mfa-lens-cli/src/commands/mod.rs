pub mod explain;
pub mod findings;
pub mod generate;
mod load;
pub mod redact;
pub mod registration;
pub mod summary;
