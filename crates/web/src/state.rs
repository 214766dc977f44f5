use rapport_core::App;
use rapport_domain::ids::WorkspaceId;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub app: App,
    /// The workspace requests act in until they carry credentials naming another.
    pub default_workspace: WorkspaceId,
}

impl AppState {
    /// The state for `app`, making sure its default workspace exists.
    pub async fn new(app: App) -> Result<Self, rapport_core::AppError> {
        let workspace = app.ensure_default_workspace().await?;
        Ok(Self { app, default_workspace: workspace.id })
    }
}
