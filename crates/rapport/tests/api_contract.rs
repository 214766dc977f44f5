//! The API against its own document: `tests/schemathesis/run.sh` runs
//! schemathesis (every check; the coverage and fuzzing phases; a fixed seed)
//! on this build's `rapport serve` with demo data, as an owner with an
//! admin-scoped token. Any failure of any kind fails this test. It needs
//! Python 3, and PyPI the first time: the script keeps schemathesis in a
//! virtual environment under `~/.cache` (`.ci/run` makes it beforehand).

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

#[test]
fn the_api_answers_as_its_document_says() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/schemathesis/run.sh");
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let run = Command::new(&script)
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .env("ST_PORT", port.to_string())
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", script.display()));
    let report = String::from_utf8_lossy(&run.stdout);
    let errors = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "schemathesis found failures ({}):\n{report}\n{errors}", run.status);
    // A run that tested nothing passes nothing.
    assert!(report.contains("passed"), "no operation was tested:\n{report}\n{errors}");
}
