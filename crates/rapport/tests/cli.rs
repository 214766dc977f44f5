//! The `rapport` binary, run as a user would: subcommands, a real socket, SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rapport_core::on_both_backends;

fn rapport() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command.env_remove("RAPPORT_DATABASE_URL").env_remove("RAPPORT_LISTEN").env("RAPPORT_LOG_FORMAT", "json");
    command
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("run rapport");
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("rapport-cli-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn help_and_the_default_configuration() {
    let help = String::from_utf8(run(rapport().arg("--help")).stdout).expect("utf8");
    for command in ["serve", "migrate", "demo", "config"] {
        assert!(help.contains(command), "{help}");
    }
    let config = String::from_utf8(run(rapport().args(["config", "print-default"])).stdout).expect("utf8");
    assert!(config.contains("listen = \"127.0.0.1:8080\""), "{config}");
    let broken = rapport()
        .args(["--config", "/nonexistent/rapport.toml", "migrate"])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run");
    assert!(!broken.status.success());
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(said.starts_with("error: ") && said.contains("/nonexistent/rapport.toml"), "{said}");
    assert!(!said.contains("Stack backtrace") && said.lines().count() == 1, "one line, no stack trace: {said}");

    // Shell completions: a script bash itself reads without complaint.
    let script = run(rapport().args(["completions", "bash"])).stdout;
    let text = String::from_utf8_lossy(&script);
    assert!(text.contains("complete -F") && text.contains("import-cdnow"), "{text}");
    let checked = run_with_stdin(Command::new("bash").arg("-n"), &text);
    assert!(checked.status.success(), "bash reads it: {}", String::from_utf8_lossy(&checked.stderr));
}

fn run_with_stdin(command: &mut Command, input: &str) -> Output {
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

#[test]
fn users_tokens_and_workspaces_are_administered_from_the_command_line() {
    let dir = temp_dir("admin");
    let with_dir = |args: &[&str]| {
        let mut command = rapport();
        command.args(args).arg("--data-dir").arg(&dir);
        command
    };
    run(&mut with_dir(&[
        "workspace",
        "add",
        "--slug",
        "warsaw",
        "--name",
        "Warszawa",
        "--currency",
        "PLN",
        "--phone-region",
        "PL",
    ]));
    let workspaces = String::from_utf8(run(&mut with_dir(&["workspace", "list"])).stdout).expect("utf8");
    assert!(workspaces.contains("warsaw\tWarszawa\tPLN"), "{workspaces}");

    let add = [
        "user",
        "add",
        "--email",
        "Jan@Example.pl",
        "--name",
        "Jan Kowalski",
        "--role",
        "admin",
        "--workspace",
        "warsaw",
        "--password-stdin",
    ];
    run_with_stdin(&mut with_dir(&add), "correct horse battery\n");
    let short =
        with_dir(&["user", "add", "--email", "x@example.pl", "--name", "X", "--role", "sales", "--password-stdin"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                child.stdin.take().expect("stdin").write_all(b"short\n")?;
                child.wait_with_output()
            })
            .expect("run");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("password"), "names the field at fault");

    let users = String::from_utf8(run(&mut with_dir(&["user", "list"])).stdout).expect("utf8");
    assert!(users.contains("Jan@Example.pl\tJan Kowalski\twarsaw:admin"), "{users}");
    run_with_stdin(
        &mut with_dir(&["user", "reset-password", "--email", "jan@example.pl", "--password-stdin"]),
        "another long passphrase\n",
    );

    let token = run(&mut with_dir(&[
        "token",
        "create",
        "--user",
        "jan@example.pl",
        "--name",
        "ci",
        "--scope",
        "write",
        "--workspace",
        "warsaw",
    ]));
    let secret = String::from_utf8(token.stdout).expect("utf8").trim().to_owned();
    assert!(secret.starts_with("rpt_") && !secret.contains(char::is_whitespace), "{secret}");
    assert!(!String::from_utf8_lossy(&token.stderr).contains(&secret), "the secret goes to stdout only");

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let db = rapport_core::Db::open_sqlite_file(&dir.join("rapport.db")).await.expect("db");
        let app = rapport_core::App::new(db.clone());
        let (found, actor) = app.token_actor(&secret).await.expect("lookup").expect("the printed token works");
        assert_eq!(found.scope, rapport_domain::access::TokenScope::Write);
        assert!(matches!(
            actor.principal,
            rapport_core::kernel::Principal::Member { role: rapport_domain::access::Role::Admin, .. }
        ));
        let signed = app
            .sign_in("jan@example.pl", &rapport_domain::identity::Password::new("another long passphrase"), "cli-test")
            .await;
        assert!(matches!(signed, Ok(rapport_core::identity::SignIn::Ok(_))));
        db.close().await;
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_demo_has_every_kind_and_stage_a_fitted_model_and_candidates_each_time() {
    use rapport_domain::classification::Kind;
    use rapport_domain::classification::Lifecycle;
    let dir = temp_dir("demo");
    for _ in 0..2 {
        let out = run(rapport().args(["demo", "--no-serve", "--size", "120", "--data-dir"]).arg(&dir));
        let text = String::from_utf8(out.stdout).expect("utf8");
        assert!(text.contains("holds 120 parties"), "{text}");
        assert!(text.contains("Sign in as owner@example.com (owner) with the password "), "{text}");
        assert!(text.contains("or dewi@example.com (Dewi Lestari, account_manager) with the password "), "{text}");
        assert!(text.contains("Authorization: Bearer rpt_"), "{text}");
        assert!(!text.contains("could not be fitted"), "{text}");
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let db = rapport_core::Db::open_sqlite_file(&dir.join("demo.db")).await.expect("db");
        let app = rapport_core::App::new(db.clone());
        let workspace = app.ensure_default_workspace().await.expect("workspace");
        let actor = rapport_core::Actor::system(workspace.id, "system:test");
        let (counts, _) = app.relationship_counts(&actor).await.expect("counts");
        for kind in Kind::PRECEDENCE {
            let held = counts.by_kind.iter().find(|(k, _)| *k == kind).map_or(0, |(_, n)| *n);
            assert!(held > 0, "no {kind:?} in the demo: {counts:?}");
        }
        for stage in [Lifecycle::New, Lifecycle::Returning, Lifecycle::Loyal, Lifecycle::AtRisk, Lifecycle::Lapsed] {
            assert!(counts.by_primary.iter().any(|(_, l, n)| *l == Some(stage) && *n > 0), "no {stage:?}: {counts:?}");
        }
        let model = app.value_model(&actor, rapport_core::value::store::Purpose::InUse).await.expect("a fitted model");
        assert_eq!(model.fit.calibration_end, app.today(workspace.id).await.expect("today"));
        assert!(model.fit.gamma_gamma.is_some(), "what customers spend is modelled too");
        let spread = app.value_distribution(&actor, 8).await.expect("lifetime values");
        assert!(spread.customers > 10, "{} customers valued", spread.customers);
        let candidates = app.conversion_candidates(&actor, 10).await.expect("candidates");
        assert!(!candidates.is_empty(), "no conversion candidates");
        let mut worked = 0;
        for candidate in &candidates {
            if let Ok(stored) = app.playbook(&actor, candidate.party_id).await {
                assert_eq!(stored.playbook.steps.len(), 1, "a first step is taken");
                worked += 1;
            }
        }
        assert_eq!(worked, 1, "the best candidate is being worked");
        // The account manager serves her clients.
        let dewi = app.user_by_email("dewi@example.com").await.expect("Dewi");
        let request =
            rapport_core::parties::ListRequest { account_team: Some(dewi.id.0.to_string()), ..Default::default() };
        assert!(!app.list_parties(&actor, &request).await.expect("list").items.is_empty(), "Dewi serves no one");
        db.close().await;
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_answers_on_a_socket_and_stops_on_sigterm() {
    let dir = temp_dir("serve");
    let mut child = rapport()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let address = loop {
        let line = lines.next().expect("a log line before exit").expect("read");
        let event: serde_json::Value = serde_json::from_str(&line).expect("logs are JSON when stdout is a pipe");
        if event["message"] == "serving" {
            break event["address"].as_str().expect("address").to_owned();
        }
    };
    let mut stream = TcpStream::connect(&address).expect("connect");
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("{\"status\":\"ok\"}"), "{answer}");
    assert!(dir.join("rapport.db").exists());

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "rapport did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("\"stopped\"")), "{rest:?}");
    let _ = std::fs::remove_dir_all(dir);
}

on_both_backends! {
    async fn migrate_reaches_either_database(t: &TestDb) {
        let out = run(rapport().args(["migrate", "--database-url", &t.url]));
        assert!(String::from_utf8_lossy(&out.stdout).contains("migrations applied; workspace default ready"));
    }
}

/// A parameter as `rapport models fit` prints it: `name = value`.
fn printed(output: &str, name: &str) -> f64 {
    let at = output.find(&format!(" {name} = ")).unwrap_or_else(|| panic!("{name} in {output}"));
    let rest = &output[at + name.len() + 4..];
    let end = rest.find([',', ';']).unwrap_or(rest.len());
    rest[..end].trim().parse().unwrap_or_else(|_| panic!("{name} is a number in {output}"))
}

on_both_backends! {
    async fn the_cdnow_sample_loaded_and_fitted_from_the_command_line_gives_the_published_parameters(t: &TestDb) {
        let with_url = |args: &[&str]| {
            let mut command = rapport();
            command.args(args).args(["--database-url", &t.url]);
            command
        };
        run(&mut with_url(&["workspace", "add", "--slug", "cdnow", "--name", "CDNOW", "--currency", "USD"]));
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/cdnow/CDNOW_sample.txt");
        let out = run(&mut with_url(&["models", "import-cdnow", sample, "--workspace", "cdnow"]));
        assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2357 customers and 6919 orders"));
        let fit = run(&mut with_url(&["models", "fit", "--workspace", "cdnow", "--calibration-end", "1997-09-30"]));
        let text = String::from_utf8_lossy(&fit.stdout);
        for (name, published) in [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426), ("p", 6.25), ("q", 3.74), ("gamma", 15.44)] {
            let value = printed(&text, name);
            assert!((value - published).abs() <= 0.005 * published, "{name} = {value}, published {published}: {text}");
        }
        assert!(text.contains("log-likelihood -9582.4"), "{text}");
        let validate = run(&mut with_url(&[
            "models", "validate", "--workspace", "cdnow", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30",
        ]));
        let text = String::from_utf8_lossy(&validate.stdout);
        assert!(text.contains("holdout: 1882 repeat transactions, 1664.1 expected"), "{text}");
    }
}
