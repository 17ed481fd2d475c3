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
    // Issue 26.10: a name ending in `.git` never matches what the proxies send (they strip
    // it), so the CLI refuses it as the server does, in a requirement and in a record.
    assert_eq!(
        verify(
            &f,
            &[
                "--permission",
                "contents:read",
                "--repo",
                "acme/widgets.git"
            ],
            ""
        )
        .0,
        Some(2)
    );
    let o = common::run_cli(
        &[
            "mint",
            "--records",
            &f,
            "--name",
            "clone",
            "--format",
            "github_pat",
            "--resource-owner",
            "acme",
            "--repository",
            "acme/widgets.git",
            "--permission",
            "contents:read",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("not ending in .git"),
        "{}",
        text(&o.stderr)
    );
    std::fs::write(&f, "{\"format\":\"patmint.records\"").unwrap();
    assert_eq!(verify(&f, &[], &both).0, Some(2));
    let missing = dir.0.join("missing.json");
    assert_eq!(verify(&missing.to_string_lossy(), &[], &both).0, Some(2));
}

#[test]
fn custom_prefix_tokens_carry_and_are_held_to_the_services_own_scopes() {
    let dir = Dir::new("custom-scopes");
    let f = dir.file();
    let acme = mint(
        &f,
        &[
            "--name",
            "svc",
            "--prefix",
            "acme",
            "--scope",
            "gist",
            "--custom-scope",
            "deploy,packages:read",
            "--custom-scope",
            "packages:write",
        ],
    );
    let ghp = mint(&f, &["--name", "ci", "--scope", "repo"]);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(
        file["records"][0]["customScopes"],
        serde_json::json!(["deploy", "packages:write"])
    );
    assert!(file["records"][1].get("customScopes").is_none());
    let both = format!("{acme}\n{ghp}\n");
    let need = |args: &[&str]| verify(&f, args, &both).1;
    assert_eq!(
        need(&["--custom-scope", "packages:read"]),
        "allow svc\ndeny insufficient_scope\n"
    );
    assert_eq!(
        need(&["--custom-scope", "deploy", "--scope", "gist"]),
        "allow svc\ndeny insufficient_scope\n"
    );
    // Never a level nobody gave, and never a GitHub scope the record lacks.
    assert_eq!(
        need(&["--custom-scope", "deploy:write"]),
        "deny insufficient_scope\ndeny insufficient_scope\n"
    );
    assert_eq!(
        need(&["--scope", "repo"]),
        "deny insufficient_scope\nallow ci\n"
    );
    assert_eq!(verify(&f, &["--custom-scope", "Deploy"], "").0, Some(2));
    // Custom scopes are for custom prefixes only.
    let o = common::run_cli(
        &[
            "mint",
            "--records",
            &f,
            "--name",
            "x",
            "--custom-scope",
            "deploy",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("custom_scopes_not_allowed"),
        "{}",
        text(&o.stderr)
    );
    assert!(o.stdout.is_empty());
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

/// Runs the CLI with `args` and no stdin, killed after `secs` seconds: `None` if it had to be
/// (a load that waits forever must fail the test, not hang it).
fn run_with_deadline(args: &[&str], secs: u64) -> Option<std::process::Output> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_patmint"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn names(path: &std::path::Path) -> Vec<String> {
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    file["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_symlinked_records_path_is_followed_and_the_link_kept() {
    let dir = Dir::new("symlink");
    let real = dir.0.join("real.json");
    let link = dir.0.join("records.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    // Through a link to a file not created yet, then to the existing file, by mint and record.
    let first = mint(
        &link.to_string_lossy(),
        &["--name", "one", "--scope", "repo"],
    );
    let second = mint(
        &link.to_string_lossy(),
        &["--name", "two", "--scope", "repo"],
    );
    let t = "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";
    let o = common::run_cli(
        &[
            "record",
            "--records",
            &link.to_string_lossy(),
            "--name",
            "three",
        ],
        format!("{t}\n").as_bytes(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(names(&real), ["one", "two", "three"]);
    // The lock is the target's; the link gets none.
    assert!(dir.0.join("real.json.lock").exists());
    assert!(!dir.0.join("records.json.lock").exists());
    let all = format!("{first}\n{second}\n{t}\n");
    for path in [&link, &real] {
        assert_eq!(
            verify(&path.to_string_lossy(), &[], &all),
            (Some(0), "allow one\nallow two\nallow three\n".into())
        );
    }
}

#[test]
fn the_lock_file_is_never_a_symlink_and_new_files_are_not_world_readable() {
    let dir = Dir::new("lockmode");
    let f = dir.file();
    mint(&f, &["--name", "one", "--scope", "repo"]);
    let records = std::path::Path::new(&f);
    let lock = dir.0.join("records.json.lock");
    // Under the usual umask 022: records 0640, lock 0600.
    assert_eq!(mode(records), 0o640);
    assert_eq!(mode(&lock), 0o600);
    // A link planted at the lock's path is not followed: nothing is created through it.
    std::fs::remove_file(&lock).unwrap();
    let victim = dir.0.join("victim");
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let o = common::run_cli(&["mint", "--records", &f, "--name", "two"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no token without a record");
    assert!(
        text(&o.stderr).contains("symbolic link"),
        "{}",
        text(&o.stderr)
    );
    assert!(!victim.exists());
    assert_eq!(names(records), ["one"]);
}

#[test]
fn a_fifo_at_the_records_path_is_refused_at_once() {
    let dir = Dir::new("fifo");
    let f = dir.file();
    let made = std::process::Command::new("mkfifo")
        .arg(&f)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [
        vec!["verify", "--records", &f],
        vec!["mint", "--records", &f, "--name", "x"],
    ] {
        let o = run_with_deadline(&args, 20).expect("refused, not waited on");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        assert!(text(&o.stderr).contains("FIFO"), "{}", text(&o.stderr));
    }
    // A directory likewise.
    let d = dir.0.join("d");
    std::fs::create_dir(&d).unwrap();
    let o = run_with_deadline(&["verify", "--records", &d.to_string_lossy()], 20).unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("directory"), "{}", text(&o.stderr));
}

#[test]
fn a_bad_entry_is_named_by_index_and_code() {
    let dir = Dir::new("dup");
    let f = dir.file();
    let token = mint(&f, &["--name", "one", "--scope", "repo"]);
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    let first = file["records"][0].clone();
    let mut again = first.clone();
    again["name"] = "two".into();
    file["records"] = serde_json::json!([first, { "name": "x" }, again]);
    std::fs::write(&f, file.to_string()).unwrap();
    let o = common::run_cli(
        &["verify", "--records", &f],
        format!("{token}\n").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = text(&o.stderr);
    assert!(
        err.contains("record 1: ") && err.contains("(malformed_record)"),
        "{err}"
    );
    // With the bad entry fixed, the duplicate (the third entry) is named the same way.
    file["records"].as_array_mut().unwrap().remove(1);
    std::fs::write(&f, file.to_string()).unwrap();
    let o = common::run_cli(
        &["verify", "--records", &f],
        format!("{token}\n").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("record 1: ") && err.contains("(duplicate_fingerprint)"),
        "{err}"
    );
}

#[test]
fn mint_as_root_keeps_the_owner_group_and_mode_of_the_records_file() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root (to give the file to another user)");
        return;
    }
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = Dir::new("owner");
    let f = dir.file();
    let path = std::path::Path::new(&f);
    mint(&f, &["--name", "one", "--scope", "repo"]);
    std::fs::remove_file(dir.0.join("records.json.lock")).unwrap();
    // The server's file: nobody:nogroup, 0600.
    std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    mint(&f, &["--name", "two", "--scope", "repo"]);
    let meta = std::fs::metadata(path).unwrap();
    assert_eq!((meta.uid(), meta.gid(), mode(path)), (65534, 65534, 0o600));
    assert_eq!(names(path), ["one", "two"]);
    // So is the new lock file, so that the server's user can still lock after root.
    let lock = std::fs::metadata(dir.0.join("records.json.lock")).unwrap();
    assert_eq!((lock.uid(), lock.gid()), (65534, 65534));

    // A user who may write the directory but not give the file away is refused, and the file
    // is left as it was (with root's owner, not the user's).
    use std::os::unix::process::CommandExt;
    std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::os::unix::fs::chown(path, Some(0), Some(0)).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_patmint"))
        .args(["mint", "--records", &f, "--name", "three"])
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    if text(&o.stderr).contains("Permission denied") && !text(&o.stderr).contains("owner") {
        eprintln!("skipped the unprivileged half: nobody cannot run the binary here");
        return;
    }
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty(), "no token without a record");
    assert!(text(&o.stderr).contains("owner"), "{}", text(&o.stderr));
    let meta = std::fs::metadata(path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (0, 0));
    assert_eq!(names(path), ["one", "two"]);
}

/// Issue 26.2: a note holding a token — a custom one of a prefix the records file holds, a
/// `ghp_` one split by a space — is refused by `mint` and `record` with `--records`, and
/// nothing is written; a records file whose note holds its own custom token does not load.
#[test]
fn a_note_holding_a_custom_or_split_token_is_never_stored() {
    let dir = Dir::new("note-token");
    let f = dir.file();
    let acme = mint(&f, &["--name", "first", "--prefix", "acme"]);
    let before = std::fs::read_to_string(&f).unwrap();
    // A public test fixture (DataDog's scanner tests), not a live token.
    let ghp = "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";
    let notes = [
        format!("rotate {acme}"),
        format!("rotate {} {}", &acme[..14], &acme[14..]),
        format!("{} {}", &ghp[..12], &ghp[12..]),
    ];
    for note in &notes {
        for (args, stdin) in [
            (
                vec!["mint", "--records", &f, "--name", note, "--prefix", "acme"],
                "",
            ),
            (vec!["mint", "--records", &f, "--name", note], ""),
            (vec!["record", "--records", &f, "--name", note], ghp),
        ] {
            let o = common::run_cli(&args, stdin.as_bytes());
            assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
            let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
            assert!(
                !all.contains(&acme[5..20]) && !all.contains(&ghp[12..28]),
                "echoed"
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        before,
        "nothing was written"
    );
    // The core refuses such a record in a file (its own prefix is known there).
    let mut doc: serde_json::Value = serde_json::from_str(&before).unwrap();
    doc["records"][0]["name"] = format!("key {} {}", &acme[..9], &acme[9..]).into();
    std::fs::write(&f, doc.to_string()).unwrap();
    let (code, _) = verify(&f, &[], &acme);
    assert_eq!(code, Some(2));
}
