//! Storage of users and memberships, sessions and tokens, and password links.

pub mod accounts;
pub mod credentials;
pub mod password_links;
