//! Rapport in a real browser: headless Chromium from Debian's `chromium`
//! package, driven over WebDriver by its `chromium-driver`. One test walks
//! through what a member does in a first afternoon, another through the demo
//! as its account manager meets it; both take the screenshots that the
//! README shows (written to `docs/screenshots/` when `RAPPORT_SCREENSHOTS`
//! names that folder, to a scratch folder otherwise).

mod demo;
mod support;
mod walk;
