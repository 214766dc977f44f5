//! The stylesheet and scripts, compiled into the binary so the interface works
//! with no internet access. Each is served at an address holding a hash of its
//! content, so a browser keeps it until the content changes.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One served file.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

/// Every file the pages load. htmx comes from npm (see `assets/vendor`).
pub const ASSETS: &[Asset] = &[
    Asset { name: "app.css", content_type: "text/css; charset=utf-8", bytes: include_bytes!("../assets/app.css") },
    Asset { name: "app.js", content_type: "text/javascript; charset=utf-8", bytes: include_bytes!("../assets/app.js") },
    Asset {
        name: "htmx.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/htmx.min.js"),
    },
    Asset {
        name: "charts.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/charts.js"),
    },
    Asset {
        name: "uPlot.iife.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/uPlot.iife.min.js"),
    },
    Asset {
        name: "uPlot.min.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/uPlot.min.css"),
    },
];

/// The scripts every page loads.
pub const EVERY_PAGE: [&str; 2] = ["htmx.min.js", "app.js"];
/// The scripts the dashboard adds, for its charts.
pub const CHARTS: [&str; 2] = ["uPlot.iife.min.js", "charts.js"];

fn hashes() -> &'static [String] {
    static HASHES: OnceLock<Vec<String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let digest = Sha256::digest(asset.bytes);
                digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
            })
            .collect()
    })
}

/// The address of the asset `name`.
pub fn url(name: &str) -> String {
    match ASSETS.iter().position(|a| a.name == name) {
        Some(index) => format!("/assets/{}/{name}", hashes()[index]),
        None => {
            tracing::error!(name, "a page names an asset that does not exist");
            format!("/assets/missing/{name}")
        }
    }
}

/// `GET /assets/{hash}/{name}`. An address with an older hash still gets the
/// current file, but only for a short while, so a page cached across an
/// upgrade keeps working.
pub async fn serve(Path((hash, name)): Path<(String, String)>) -> Response {
    let Some(index) = ASSETS.iter().position(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let asset = &ASSETS[index];
    let cache = if hashes()[index] == hash { "public, max-age=31536000, immutable" } else { "no-cache" };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.bytes,
    )
        .into_response()
}

/// The bytes of the scripts `names`, for the size budget.
pub fn javascript_bytes(names: &[&str]) -> usize {
    ASSETS.iter().filter(|a| names.contains(&a.name)).map(|a| a.bytes.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_files_are_the_ones_recorded() {
        let sums = include_str!("../assets/vendor/SHA256SUMS");
        let mut checked = 0;
        for line in sums.lines() {
            let (sum, name) = line.split_once("  ").expect("sha256sum format");
            let asset = ASSETS.iter().find(|a| a.name == name).expect("a recorded file is served");
            let digest: String = Sha256::digest(asset.bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(digest, sum, "{name} differs from what update.sh fetched");
            checked += 1;
        }
        assert!(checked >= 1);
    }

    #[test]
    fn addresses_change_with_content_and_name_the_file() {
        let address = url("app.css");
        assert!(address.starts_with("/assets/") && address.ends_with("/app.css"), "{address}");
        assert_eq!(address.len(), "/assets/".len() + 12 + "/app.css".len());
        assert!(url("nothing.js").contains("missing"));
    }

    #[test]
    fn the_javascript_stays_within_its_budget() {
        // htmx is about 51 KB and uPlot about 50 KB; Rapport's own scripts
        // must stay small.
        let every_page = javascript_bytes(&EVERY_PAGE);
        assert!(every_page < 64 * 1024, "{every_page} bytes of JavaScript on every page");
        let charts = javascript_bytes(&CHARTS);
        assert!(charts < 64 * 1024, "{charts} more bytes on the dashboard");
        for name in EVERY_PAGE.iter().chain(&CHARTS) {
            assert!(ASSETS.iter().any(|a| a.name == *name && a.content_type.starts_with("text/javascript")), "{name}");
        }
    }
}
