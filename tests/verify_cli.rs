//! `patmint mint`, `record` and `verify` as a subprocess: the records file they share, exit
//! statuses, and that a token only ever appears on mint's stdout.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::PathBuf;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("patmint-verify-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn file(&self) -> String {
        self.0.join("records.json").to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mint(records: &str, args: &[&str]) -> String {
    let o = common::run_cli(&[&["mint", "--records", records], args].concat(), b"");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let token = text(&o.stdout).trim().to_owned();
    assert!(!text(&o.stderr).contains(&token[4..]));
    token
}

fn verify(records: &str, args: &[&str], tokens: &str) -> (Option<i32>, String) {
    let o = common::run_cli(
        &[&["verify", "--records", records], args].concat(),
        tokens.as_bytes(),
    );
    (o.status.code(), text(&o.stdout))
}

#[test]
fn minted_tokens_verify_against_the_file() {
    let dir = Dir::new("mint");
    let f = dir.file();
    let repo = mint(&f, &["--name", "ci", "--scope", "repo"]);
    let fg = mint(
        &f,
        &[
            "--name",
            "deploy",
            "--format",
            "github_pat",
            "--resource-owner",
            "acme",
            "--repository",
            "acme/widgets",
            "--permission",
            "contents:write",
        ],
    );
    assert!(patmint::check(&repo).is_ok() && fg.starts_with("github_pat_"));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(file["version"], 2);
    assert_eq!(file["records"][1]["permissions"]["metadata"], "read");
    let raw = std::fs::read_to_string(&f).unwrap();
    assert!(!raw.contains(&repo[4..]) && !raw.contains(&fg[11..]));
    // No temporary file left behind.
    assert_eq!(
        std::fs::read_dir(&dir.0)
            .unwrap()
            .filter(|e| {
                !e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".lock")
            })
            .count(),
        1
    );

    let both = format!("{repo}\n{fg}\n");
    assert_eq!(
        verify(&f, &[], &both),
        (Some(0), "allow ci\nallow deploy\n".into())
    );
    let need = [
        "--scope",
        "repo",
        "--permission",
        "contents:read",
        "--repo",
        "acme/widgets",
    ];
    assert_eq!(verify(&f, &need, &both).0, Some(0));
    let other = ["--permission", "contents:read", "--repo", "acme/other"];
    assert_eq!(
        verify(&f, &other, &both),
        (
            Some(1),
            "deny insufficient_scope\ndeny repository_not_allowed\n".into()
        )
    );
    let (code, out) = verify(
        &f,
        &["--json", "--scope", "admin:org"],
        &format!("{repo}\nghp_x\n"),
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "{\"allowed\":false,\"reason\":\"insufficient_scope\",\"name\":\"ci\"}\n\
         {\"allowed\":false,\"reason\":\"malformed\",\"name\":null}\n"
    );
    // Bad requirements and bad files are usage errors (2), named without the file's values.
    assert_eq!(verify(&f, &["--scope", "nope"], "").0, Some(2));
    assert_eq!(verify(&f, &["--permission", "contents"], "").0, Some(2));
    std::fs::write(&f, "{\"format\":\"patmint.records\"").unwrap();
    assert_eq!(verify(&f, &[], &both).0, Some(2));
    let missing = dir.0.join("missing.json");
    assert_eq!(verify(&missing.to_string_lossy(), &[], &both).0, Some(2));
}

#[test]
fn record_keeps_only_the_fingerprint_of_an_existing_token() {
    let dir = Dir::new("record");
    let f = dir.file();
    // A public test fixture (DataDog's scanner tests), not a live token.
    let t = "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";
    let o = common::run_cli(
        &[
            "record",
            "--records",
            &f,
            "--name",
            "from github",
            "--scope",
            "gist",
            "--no-expiration",
        ],
        format!("{t}\n").as_bytes(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    let raw = std::fs::read_to_string(&f).unwrap();
    assert!(raw.contains(&patmint::fingerprint(t)) && !raw.contains(&t[4..]));
    assert_eq!(
        verify(&f, &["--scope", "gist"], t),
        (Some(0), "allow from github\n".into())
    );
    // The same token twice, a token with a bad checksum, nothing on stdin: refused.
    for input in [t, "ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3", ""] {
        let o = common::run_cli(
            &["record", "--records", &f, "--name", "x"],
            input.as_bytes(),
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(!text(&o.stderr).contains(&t[4..]));
    }
    // Options are validated: a fine-grained field on a classic token is refused.
    let o = common::run_cli(
        &[
            "record",
            "--records",
            &f,
            "--name",
            "x",
            "--permission",
            "contents:read",
        ],
        b"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\n",
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_bad_file_is_never_added_to() {
    let dir = Dir::new("bad");
    let f = dir.file();
    std::fs::write(&f, "[{\"name\":\"x\"}]").unwrap();
    let o = common::run_cli(&["mint", "--records", &f, "--name", "y"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no token without a record");
    assert!(text(&o.stderr).contains("record 0"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "[{\"name\":\"x\"}]");
}
