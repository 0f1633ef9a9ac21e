pub mod explain;
pub mod findings;
pub mod generate;
pub mod kql;
mod kql_filter;
mod load;
pub mod redact;
pub mod registration;
pub mod summary;
