pub mod explain;
pub mod generate;
pub mod summary;
