//! Reports: one module per view of the page that answers an admin's question
//! from the loaded files (beyond the sign-in overview), each a pure function
//! over the [`Workspace`](crate::Workspace) returning a serialisable answer.

pub mod registration;
