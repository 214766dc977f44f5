use rapport_core::App;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub app: App,
}

impl AppState {
    /// The state for `app`, making sure its default workspace exists.
    pub async fn new(app: App) -> Result<Self, rapport_core::AppError> {
        app.ensure_default_workspace().await?;
        Ok(Self { app })
    }
}
