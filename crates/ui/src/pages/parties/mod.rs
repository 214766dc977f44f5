//! The party register's pages: the list, the 360° page, the form, and what is done from them.

pub mod actions;
pub mod contact_rows;
pub mod form;
pub mod list;
pub mod playbook;
pub mod search;
pub mod show;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::to_record;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/parties", get(list::list).post(form::create))
        .route("/parties/new", get(form::new_form))
        .route("/parties/views", post(list::save_view).get(to_record))
        .route("/parties/views/{id}/{action}", post(list::delete_view).get(to_record))
        .route("/parties/{id}", get(show::show))
        .route("/parties/{id}/edit", get(form::edit_form).post(form::update))
        .route("/parties/{id}/notes", post(actions::add_note).get(to_record))
        .route("/affiliations/{id}", post(actions::change_affiliation).get(to_record))
        .route("/affiliations/{id}/{change}", post(actions::change_affiliation).get(to_record))
        .route("/notes/{id}", post(actions::edit_note).get(to_record))
        .route("/notes/{id}/{change}", post(actions::delete_or_restore_note).get(to_record))
        .route("/parties/{id}/affiliations", post(actions::affiliate).get(to_record))
        .route("/parties/{id}/team/{change}", post(actions::team).get(to_record))
        .route("/parties/{id}/owner", post(actions::hand_over).get(to_record))
        .route("/parties/{id}/override", post(actions::set_override).get(to_record))
        .route("/parties/{id}/override/clear", post(actions::clear_override).get(to_record))
        .route("/parties/{id}/{change}", post(actions::delete_or_restore).get(to_record))
        .route("/search", get(search::search))
        .route("/parties/{id}/playbook", post(playbook::set).get(to_record))
        .route("/parties/{id}/playbook/steps", post(playbook::record_step).get(to_record))
}
