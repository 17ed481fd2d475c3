//! The `patmint` command line, run as a subprocess.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashSet;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn generate_defaults_to_one_classic_token() {
    let o = common::run_cli(&["generate"], b"");
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    assert!(patmint::check(lines[0]).is_ok());
    assert_eq!(patmint::check(lines[0]).unwrap().format.id(), "ghp");
}

#[test]
fn generate_many_in_every_format() {
    for format in [
        "ghp",
        "gho",
        "ghu",
        "ghs",
        "ghr",
        "github_pat",
        "custom:acme:20",
    ] {
        let o = common::run_cli(&["generate", "--format", format, "--count", "2500"], b"");
        assert!(o.status.success(), "{format}");
        let out = stdout(&o);
        let tokens: HashSet<&str> = out.lines().collect();
        assert_eq!(tokens.len(), 2500, "{format}: duplicates or wrong count");
        // Round trip through `check`, which must say the same format for every line.
        let prefix_args: &[&str] = if format.starts_with("custom") {
            &["--prefix", "acme"]
        } else {
            &[]
        };
        let checked = common::run_cli(&[&["check"], prefix_args].concat(), out.as_bytes());
        assert!(checked.status.success(), "{format}");
        let expected_id = format.split(':').take(2).collect::<Vec<_>>().join(":");
        let verdicts = stdout(&checked);
        // One verdict per token (`all` alone would pass on an empty output).
        assert_eq!(verdicts.lines().count(), 2500, "{format}");
        assert!(verdicts
            .lines()
            .all(|l| l == format!("valid {expected_id}")));
    }
}

#[test]
fn check_reports_each_line_and_sets_the_exit_status() {
    let input = "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\r\n\
                 ghp_M7H4jxUDDWHP4kZ6A4dxlQYsQIWJuq11T4V3\n\
                 \n\
                 nope\n\
                 ghp_short";
    let o = common::run_cli(&["check"], input.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "valid ghp");
    assert!(lines[1].starts_with("invalid checksum_mismatch: "));
    assert!(lines[2].starts_with("invalid empty: "));
    assert!(lines[3].starts_with("invalid unknown_prefix: "));
    assert!(lines[4].starts_with("invalid wrong_length: "));
    assert_eq!(lines.len(), 5);
    assert!(!out.contains("M7H4jx"), "output echoes the input");

    let ok = common::run_cli(&["check"], b"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\n");
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(stdout(&ok), "valid ghp\n");
    let not_utf8 = common::run_cli(&["check"], b"ghp_\xff\n");
    assert_eq!(not_utf8.status.code(), Some(1));
    assert!(stdout(&not_utf8).starts_with("invalid not_utf8"));
}

#[test]
fn fingerprint_and_mask() {
    let o = common::run_cli(&["fingerprint"], b"abc\n\n");
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    );
    let o = common::run_cli(
        &["mask"],
        b"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\nhunter2\n",
    );
    assert_eq!(stdout(&o), format!("ghp_{}T4V4\n•••••••\n", "•".repeat(32)));
}

#[test]
fn scopes_catalogue_and_normalisation() {
    let o = common::run_cli(&["scopes"], b"");
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().starts_with("repo "));
    assert!(out.lines().any(|l| l.starts_with("  repo:status ")));
    assert!(out.lines().any(|l| l.starts_with("    read:org ")));
    let o = common::run_cli(&["scopes", "--normalize", "user,gist,user:email"], b"");
    assert_eq!(stdout(&o), "gist,user\n");
    let o = common::run_cli(&["scopes", "--normalize", "repo,root"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown_scope"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["generate", "--count", "0"][..],
        &["generate", "--count", "100001"],
        &["generate", "--format", "nope"],
        &["check", "--prefix", "Bad"],
        &["frobnicate"],
        &[],
    ] {
        assert_eq!(
            common::run_cli(args, b"").status.code(),
            Some(2),
            "{args:?}"
        );
    }
}

#[test]
fn a_token_in_argv_is_refused_without_echo() {
    let token = "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";
    let opt_eq = format!("--prefix={token}");
    let short = format!("-f{token}");
    let custom = "acme_0123456789abcdefghij1p1fEP";
    for args in [
        &["check", token][..],
        &["fingerprint", token],
        &["generate", "--format", token],
        &["check", &opt_eq],
        &["generate", &short],
        &["mask", custom],
        &["check", "--prefix", custom],
    ] {
        let o = common::run_cli(args, b"");
        assert_eq!(o.status.code(), Some(2));
        let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        assert!(
            !all.contains(&token[4..20]) && !all.contains(&custom[5..20]),
            "echoed: {all}"
        );
        assert!(all.contains("stdin"));
    }
}

#[test]
fn usage_errors_keep_helpful_detail() {
    let o = common::run_cli(&["generate", "--format", "nope"], b"");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--format"), "{err}");
    assert!(err.contains("unknown format"), "{err}");
    assert!(common::run_cli(&["--help"], b"").status.success());
    assert!(common::run_cli(&["--version"], b"").status.success());
}

/// Found in review: the guard knew only GitHub's prefixes and whole-argument tokens, and
/// `scan` printed a file argument verbatim when it could not open it.
#[test]
fn no_argument_holding_a_token_is_ever_printed() {
    use std::os::unix::ffi::OsStrExt;
    let fresh = |format: &str| {
        let o = common::run_cli(&["generate", "--format", format], b"");
        stdout(&o).trim().to_owned()
    };
    let (classic, custom, long_custom) =
        (fresh("ghp"), fresh("custom:acme"), fresh("custom:zz9:128"));
    let windows =
        |t: &str| -> Vec<String> { (4..t.len() - 8).map(|i| t[i..i + 8].to_owned()).collect() };
    let cases: Vec<(Vec<Vec<u8>>, &str)> = vec![
        (vec![b"scan".to_vec(), custom.clone().into()], &custom),
        (
            vec![b"scan".to_vec(), long_custom.clone().into()],
            &long_custom,
        ),
        (
            vec![b"scan".to_vec(), format!("{classic}.txt").into()],
            &classic,
        ),
        (
            vec![b"scan".to_vec(), format!("{classic}\n").into()],
            &classic,
        ),
        (
            vec![b"scan".to_vec(), format!("logs/{classic}/ci.log").into()],
            &classic,
        ),
        (
            vec![
                b"scan".to_vec(),
                b"--prefix".to_vec(),
                b"acme".to_vec(),
                format!("x-{custom}-y").into(),
            ],
            &custom,
        ),
        (
            vec![b"mask".to_vec(), [classic.as_bytes(), b"\xff"].concat()],
            &classic,
        ),
        (
            vec![b"scan".to_vec(), [b"\xfe", classic.as_bytes()].concat()],
            &classic,
        ),
    ];
    for (args, token) in &cases {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_patmint"))
            .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{:?}", o);
        let all = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        for w in windows(token) {
            assert!(!all.contains(&w), "an argument was echoed: {all}");
        }
        assert!(all.contains("stdin"), "{all}");
    }
    // File names without a token are still printed, so that errors stay useful.
    let o = common::run_cli(&["scan", "ghp_dump.txt", "notes_file.txt"], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ghp_dump.txt") && err.contains("notes_file.txt"),
        "{err}"
    );
}

/// Issue 26.11: a vendor's prefix is no custom prefix: `npm` was accepted, and `scan` then
/// reported the minted tokens as npm's, verified. Every way in refuses it, and says why.
#[test]
fn a_vendors_prefix_is_refused_as_a_custom_prefix() {
    for args in [
        &["generate", "--format", "custom:npm"][..],
        &["check", "--prefix", "npm"],
        &["scan", "--prefix", "hf"],
        &[
            "mint",
            "--records",
            "unused.json",
            "--name",
            "n",
            "--prefix",
            "sk",
        ],
    ] {
        let o = common::run_cli(args, b"");
        assert_ne!(o.status.code(), Some(0), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("another vendor's tokens start with it"),
            "{args:?}: {err}"
        );
    }
    // A longer word that starts like one is a prefix of its own.
    let o = common::run_cli(&["generate", "--format", "custom:npmx"], b"");
    assert!(stdout(&o).starts_with("npmx_"));
}
