//! Extractors: the current user and the verified token of a request, as
//! Flask-JWT-Extended's `jwt_required` and Flask-Login's `current_user` give them.

mod current_user;
pub(crate) mod guard;
mod jwt;
mod rejection;
mod verify;

pub use current_user::{CurrentUser, FreshUser, OptionalUser, RefreshUser};
pub use jwt::Jwt;
pub use rejection::AuthRejection;
pub use verify::Requirements;
