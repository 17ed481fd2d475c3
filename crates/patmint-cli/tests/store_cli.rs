//! `patmint store import|export|migrate`, `list` and `revoke` over the file backend
//! (`--store file:PATH`, a path, or `--records`); the PostgreSQL backend is exercised for real
//! by `./build.sh test server` (tests/server/store.test.mjs).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_patmint"));
    cmd.args(args)
        .env_remove("PATMINT_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("patmint-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mint(store: &str, name: &str) -> String {
    let out = run(
        &["mint", "--store", store, "--name", name, "--scope", "repo"],
        b"",
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_owned()
}

fn allowed(records: &str, token: &str) -> bool {
    let out = run(
        &["verify", "--records", records],
        format!("{token}\n").as_bytes(),
        &[],
    );
    text(&out.stdout).starts_with("allow")
}

#[test]
fn revoke_by_name_or_fingerprint_refusing_an_ambiguous_name() {
    let d = Dir::new("revoke");
    let file = d.path("records.json");
    let store = format!("file:{file}");
    let a = mint(&store, "ci");
    let b = mint(&file, "ci");
    let c = mint(&store, "deploy");
    assert!(allowed(&file, &a) && allowed(&file, &b) && allowed(&file, &c));

    let out = run(&["revoke", "--store", &store, "--name", "ci"], b"", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("2 records are named \"ci\""),
        "{}",
        text(&out.stderr)
    );
    assert!(
        allowed(&file, &a) && allowed(&file, &b),
        "an ambiguous revoke removed something"
    );

    let fp = text(&run(&["fingerprint"], format!("{a}\n").as_bytes(), &[]).stdout);
    let out = run(
        &["revoke", "--records", &file, "--fingerprint", fp.trim()],
        b"",
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!allowed(&file, &a) && allowed(&file, &b));
    let out = run(&["revoke", "--store", &file, "--name", "deploy"], b"", &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!allowed(&file, &c) && allowed(&file, &b));
    let out = run(&["revoke", "--store", &file, "--name", "deploy"], b"", &[]);
    assert_eq!(out.status.code(), Some(2), "no such record");
}

#[test]
fn import_merges_by_fingerprint_all_or_nothing_and_export_round_trips() {
    let d = Dir::new("import");
    let from = d.path("from.json");
    let into = d.path("into.json");
    let a = mint(&from, "a");
    let b = mint(&into, "b");
    let out = run(&["store", "import", "--store", &into, &from], b"", &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("1 new, 0 changed"),
        "{}",
        text(&out.stderr)
    );
    assert!(allowed(&into, &a) && allowed(&into, &b));

    // A file with one bad entry changes nothing.
    let mut bad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&from).unwrap()).unwrap();
    bad["records"][0]["name"] = "renamed".into();
    let mut broken = bad.clone();
    broken["records"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "x", "format": "ghp"}));
    std::fs::write(d.path("broken.json"), broken.to_string()).unwrap();
    let before = std::fs::read_to_string(&into).unwrap();
    let out = run(
        &["store", "import", "--store", &into, &d.path("broken.json")],
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&into).unwrap(), before);

    // A changed record replaces the stored one; none is removed.
    std::fs::write(d.path("renamed.json"), bad.to_string()).unwrap();
    let out = run(
        &["store", "import", "--records", &into, "-"],
        bad.to_string().as_bytes(),
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("0 new, 1 changed"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["list", "--store", &into, "--json"], b"", &[]);
    let names: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["record"]["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, ["b", "renamed"]);

    let out = run(&["store", "export", "--store", &into], b"", &[]);
    assert!(out.status.success());
    let exported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(exported["format"], "patmint.records");
    assert_eq!(exported["records"].as_array().unwrap().len(), 2);
    // No token in anything printed but mint's stdout.
    for t in [&a, &b] {
        assert!(!text(&out.stdout).contains(&t[4..]));
    }
}

#[test]
fn exactly_one_store_and_no_password_shown() {
    let d = Dir::new("one");
    let file = d.path("r.json");
    let out = run(&["list", "--store", &file, "--records", &file], b"", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not both"));
    let out = run(&["list"], b"", &[]);
    assert_eq!(out.status.code(), Some(2));
    // PATMINT_STORE is --store.
    mint(&file, "env");
    let out = run(&["list"], b"", &[("PATMINT_STORE", &file)]);
    assert!(
        text(&out.stdout).starts_with("env\t"),
        "{}",
        text(&out.stderr)
    );
    // An unreachable database: the message names it without its password.
    let out = run(
        &["list"],
        b"",
        &[("PATMINT_STORE", "postgres://u:Secret-Pw-1@127.0.0.1:1/db")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("postgres://u@127.0.0.1:1/db"), "{err}");
    assert!(!err.contains("Secret-Pw-1"), "{err}");
}
