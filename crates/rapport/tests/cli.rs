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
    let broken = rapport().args(["--config", "/nonexistent/rapport.toml", "migrate"]).output().expect("run");
    assert!(!broken.status.success());
    assert!(String::from_utf8_lossy(&broken.stderr).contains("/nonexistent/rapport.toml"));
}

#[test]
fn demo_makes_a_fresh_register_each_time() {
    let dir = temp_dir("demo");
    for _ in 0..2 {
        let out = run(rapport().args(["demo", "--no-serve", "--size", "25", "--data-dir"]).arg(&dir));
        let text = String::from_utf8(out.stdout).expect("utf8");
        assert!(text.contains("holds 25 parties"), "{text}");
    }
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
        assert!(String::from_utf8_lossy(&out.stdout).contains("migrations applied"));
    }
}
