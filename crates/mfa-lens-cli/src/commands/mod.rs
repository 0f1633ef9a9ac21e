pub mod explain;
pub mod generate;
mod load;
pub mod registration;
pub mod summary;
