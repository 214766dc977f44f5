//! Who acts: signing in and out, the workspace's members and teams, and
//! the caller's API tokens.

mod members;
mod session;
mod teams;
mod tokens;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The routes of sessions, members, teams and API tokens.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(session::sign_in, session::sign_out))
        .routes(routes!(session::switch_workspace))
        .routes(routes!(session::me))
        .routes(routes!(session::set_locale))
        .routes(routes!(members::list, members::create))
        .routes(routes!(members::set_role))
        .routes(routes!(teams::list, teams::create))
        .routes(routes!(teams::add_member, teams::remove_member))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
}
