pub mod explain;
pub mod summary;
