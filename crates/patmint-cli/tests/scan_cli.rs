//! `patmint scan [FILE...] [--redact] [--json] [--prefix P]`, run as a subprocess on temporary
//! files and on stdin. Every token here is generated at test time from a seeded source.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use patmint::rng::RandomSource;
use patmint::scan::{self, Scanner};
use patmint::{Format, SecretToken};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A file under the temp directory, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str, contents: &[u8]) -> Temp {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "patmint-scan-cli-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, contents).unwrap();
        Temp(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn token(format: &str, rng: &mut common::Seeded) -> String {
    let f: Format = format.parse().unwrap();
    SecretToken::generate_with(&f, rng)
        .unwrap()
        .expose_secret()
        .to_owned()
}

/// A look-alike: the last character of the checksum changed.
fn look_alike(format: &str, rng: &mut common::Seeded) -> String {
    let mut t = token(format, rng).into_bytes();
    let last = t.last_mut().unwrap();
    *last = if *last == b'a' { b'b' } else { b'a' };
    String::from_utf8(t).unwrap()
}

/// A shape-only AWS key id fake.
fn aws(rng: &mut common::Seeded) -> String {
    let mut b = [0u8; 16];
    rng.fill(&mut b).unwrap();
    let body: String = b
        .iter()
        .map(|x| char::from(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[usize::from(*x) % 36]))
        .collect();
    format!("AKIA{body}")
}

/// No token (nor a 12-character window of one's body) appears in `out`.
fn assert_no_token(out: &[u8], tokens: &[String], what: &str) {
    let out = String::from_utf8_lossy(out);
    for t in tokens {
        let body = &t[t.len() - 16..];
        assert!(
            !out.contains(t.as_str()) && !out.contains(&body[..12]),
            "{what} shows a token: {}",
            patmint::mask(t)
        );
    }
}

#[test]
fn reports_file_line_column_format_verdict_and_masked_form() {
    let mut rng = common::Seeded::new(40);
    let ghp = token("ghp", &mut rng);
    let bad = look_alike("gho", &mut rng);
    let key = aws(&mut rng);
    let input = format!("first line\n  key={ghp}\r\néé «{bad}»\n🔑{key}");
    let file = Temp::new("report.log", input.as_bytes());
    let o = common::run_cli(&["scan", file.path()], b"");
    assert_eq!(o.status.code(), Some(1), "a verified token: exit 1");
    let p = file.path();
    assert_eq!(
        text(&o.stdout),
        format!(
            "{p}:2:7 ghp verified {}\n\
             {p}:3:5 gho unverified {}\n\
             {p}:4:2 aws_access_key_id unverified {}\n",
            common::masked(&ghp, 4, true),
            common::masked(&bad, 4, true),
            common::masked(&key, 4, true)
        )
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_no_token(&o.stdout, &[ghp, bad, key], "stdout");
}

#[test]
fn exit_status_is_0_without_a_verified_token() {
    let mut rng = common::Seeded::new(41);
    let bad = look_alike("ghp", &mut rng);
    let key = aws(&mut rng);
    let glued = aws(&mut rng);
    // A look-alike and a shape-only finding: reported, exit 0. A shape-only key glued to a
    // word: not a candidate at all.
    let file = Temp::new(
        "unverified.log",
        format!("a {bad}\nb {key}\nc x{glued}\n").as_bytes(),
    );
    let o = common::run_cli(&["scan", file.path()], b"");
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains(":1:3 ghp unverified ghp_"));
    assert!(out.contains(":2:3 aws_access_key_id unverified AKIA"));
    assert_no_token(&o.stdout, &[bad, key, glued], "stdout");
    // Nothing at all: empty output, exit 0.
    let clean = Temp::new("clean.log", "nothing to see_here - K\n".as_bytes());
    let o = common::run_cli(&["scan", clean.path()], b"");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
    let o = common::run_cli(&["scan"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}

#[test]
fn stdin_without_files_and_with_dash() {
    let mut rng = common::Seeded::new(42);
    let t = token("ghu", &mut rng);
    let input = format!("Authorization: token {t}\n");
    for args in [&["scan"][..], &["scan", "-"]] {
        let o = common::run_cli(args, input.as_bytes());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(
            text(&o.stdout),
            format!(
                "<stdin>:1:22 ghu verified {}\n",
                common::masked(&t, 4, true)
            )
        );
        assert_no_token(&o.stdout, std::slice::from_ref(&t), "stdout");
    }
    // `-` among files.
    let file = Temp::new("with-stdin.log", b"nothing\n");
    let o = common::run_cli(&["scan", file.path(), "-"], input.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).starts_with("<stdin>:1:22 ghu verified "));
}

#[test]
fn json_lines_have_every_field() {
    let mut rng = common::Seeded::new(43);
    let ghp = token("ghp", &mut rng);
    let bad = look_alike("ghr", &mut rng);
    let key = aws(&mut rng);
    let input = format!("{ghp}\n\"x\": \"{bad}\"\n日本 {key}\n");
    let file = Temp::new("json \"quoted\" name.log", input.as_bytes());
    let o = common::run_cli(&["scan", "--json", file.path()], b"");
    assert_eq!(o.status.code(), Some(1));
    let found = scan::scan(&input);
    let out = text(&o.stdout);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let expected_pos = [(1, 1), (2, 7), (3, 4)];
    for ((v, f), (line, col)) in lines.iter().zip(&found).zip(expected_pos) {
        let obj = v.as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut want = vec![
            "file", "line", "column", "start", "end", "format", "verified", "reason", "masked",
        ];
        want.sort_unstable();
        let mut got = keys.clone();
        got.sort_unstable();
        assert_eq!(got, want);
        assert_eq!(v["file"], file.path());
        assert_eq!(v["line"], line);
        assert_eq!(v["column"], col);
        assert_eq!(v["start"], f.range.start);
        assert_eq!(v["end"], f.range.end);
        assert_eq!(v["format"], f.format.as_str());
        assert_eq!(v["verified"], f.verified);
        assert_eq!(v["reason"], serde_json::json!(f.reason.map(|r| r.code())));
        assert_eq!(v["masked"], f.masked.as_str());
    }
    assert_eq!(lines[0]["reason"], serde_json::Value::Null);
    assert_eq!(lines[1]["reason"], "checksum_mismatch");
    assert_eq!(lines[2]["reason"], "shape_only");
    // Field order as documented.
    assert!(out.lines().all(|l| l.starts_with("{\"file\":")));
    assert_no_token(&o.stdout, &[ghp, bad, key], "stdout");
}

#[test]
fn redact_writes_the_text_to_stdout_and_the_report_to_stderr() {
    let mut rng = common::Seeded::new(44);
    let ghp = token("ghp", &mut rng);
    let bad = look_alike("ghs", &mut rng);
    let key = aws(&mut rng);
    let glued = token("gho", &mut rng);
    let input =
        format!("export GH_TOKEN={ghp}\r\nold={bad}\n🔑{key}🔑\nid=build_{glued}\nlast line");
    let file = Temp::new("redact.log", input.as_bytes());
    for args in [
        vec!["scan", "--redact", file.path()],
        vec!["scan", "--redact", "--json", file.path()],
    ] {
        let o = common::run_cli(&args, b"");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(text(&o.stdout), scan::redact(&input), "{args:?}");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 4, "{err}");
        assert!(err.contains("ghp") && err.contains("aws_access_key_id"));
        assert!(!text(&o.stdout).contains(file.path()));
        assert_no_token(
            &o.stdout,
            &[ghp.clone(), bad.clone(), key.clone()],
            "stdout",
        );
        assert_no_token(
            &o.stderr,
            &[ghp.clone(), bad.clone(), key.clone()],
            "stderr",
        );
        // The glued token is proven by its checksum: redacted too, wherever it stands.
        assert_no_token(&o.stdout, std::slice::from_ref(&glued), "stdout");
        assert_no_token(&o.stderr, std::slice::from_ref(&glued), "stderr");
    }
    // From stdin too, CRLF kept.
    let o = common::run_cli(&["scan", "--redact"], input.as_bytes());
    assert_eq!(text(&o.stdout), scan::redact(&input));
    assert!(text(&o.stdout).contains("\r\n"));
    assert!(text(&o.stderr).starts_with("<stdin>:1:17 ghp verified "));
}

#[test]
fn several_files_and_a_missing_one() {
    let mut rng = common::Seeded::new(45);
    let a_tok = look_alike("ghp", &mut rng);
    let b_tok = token("ghu", &mut rng);
    let a = Temp::new("a.log", format!("{a_tok}\n").as_bytes());
    let b = Temp::new("b.log", format!("x {b_tok}\n").as_bytes());
    let missing = std::env::temp_dir().join(format!(
        "patmint-scan-cli-{}-does-not-exist.log",
        std::process::id()
    ));
    let missing = missing.to_str().unwrap();
    let o = common::run_cli(&["scan", a.path(), missing, b.path()], b"");
    assert_eq!(o.status.code(), Some(2), "an unreadable input wins: exit 2");
    let out = text(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with(&format!("{}:1:1 ghp unverified ", a.path())));
    assert!(lines[1].starts_with(&format!("{}:1:3 ghu verified ", b.path())));
    let err = text(&o.stderr);
    assert!(err.contains(missing), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // Without the missing file: exit 1 (verified), and a look-alike alone: 0.
    assert_eq!(
        common::run_cli(&["scan", a.path(), b.path()], b"")
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        common::run_cli(&["scan", a.path()], b"").status.code(),
        Some(0)
    );
    assert_eq!(
        common::run_cli(&["scan", missing], b"").status.code(),
        Some(2)
    );
    // A directory cannot be read as a file: exit 2 as well.
    let dir = std::env::temp_dir();
    let o = common::run_cli(&["scan", dir.to_str().unwrap(), b.path()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stdout).lines().count(), 1);
    assert_no_token(&o.stdout, &[a_tok, b_tok], "stdout");
}

#[test]
fn custom_prefix_tokens_need_the_prefix_option() {
    let mut rng = common::Seeded::new(46);
    let t = token("custom:acme", &mut rng);
    let t16 = token("custom:acme:16", &mut rng);
    let bad = look_alike("custom:acme", &mut rng);
    let input = format!("deploy={t}\nci={t16}\nold={bad}\n");
    let o = common::run_cli(&["scan"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
    for args in [
        &["scan", "--prefix", "acme"][..],
        &["scan", "--prefix", "custom:acme"],
    ] {
        let o = common::run_cli(args, input.as_bytes());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(
            text(&o.stdout),
            format!(
                "<stdin>:1:8 custom:acme verified {}\n\
                 <stdin>:2:4 custom:acme verified {}\n\
                 <stdin>:3:5 custom:acme unverified {}\n",
                common::masked(&t, 5, true),
                common::masked(&t16, 5, true),
                common::masked(&bad, 5, true)
            )
        );
        assert_no_token(&o.stdout, &[t.clone(), t16.clone(), bad.clone()], "stdout");
    }
    // A bad prefix is a usage error.
    assert_eq!(
        common::run_cli(&["scan", "--prefix", "Bad"], b"")
            .status
            .code(),
        Some(2)
    );
}

fn json_findings(out: &[u8]) -> Vec<(u64, u64, usize, usize, String, bool)> {
    text(out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
                v["format"].as_str().unwrap().to_owned(),
                v["verified"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_large_file_with_tokens_across_64_kib_read_boundaries() {
    const CHUNK: usize = 64 * 1024;
    let mut rng = common::Seeded::new(47);
    let mut tokens = Vec::new();
    let mut input = String::new();
    let filler = "2024-05-14T09:12:05Z INFO request_id=ab-12 path=/api/v3 é ト 🔑\n";
    // 18 chunks (> 1 MiB); around each boundary, a token starting at a few offsets from it.
    for k in 1..=18 {
        let boundary = k * CHUNK;
        let offset = [-45isize, -40, -39, -20, -1, 0, 1, 7][k % 8];
        let target = (boundary as isize + offset) as usize;
        while input.len() + filler.len() < target {
            input.push_str(filler);
        }
        while input.len() < target {
            input.push(' ');
        }
        let t = match k % 3 {
            0 => token("ghp", &mut rng),
            1 => look_alike("gho", &mut rng),
            _ => aws(&mut rng),
        };
        input.push_str(&t);
        input.push('\n');
        tokens.push(t);
    }
    // One very long line (300 KiB, no line break) with tokens inside, then the end of file.
    let mut long = String::new();
    for i in 0..40 {
        long.push_str(&"x=1;".repeat(1900));
        let t = if i % 2 == 0 {
            token("ghs", &mut rng)
        } else {
            aws(&mut rng)
        };
        long.push(' ');
        long.push_str(&t);
        long.push(' ');
        tokens.push(t);
    }
    input.push_str(&long);
    assert!(input.len() > (1 << 20) + 300_000);
    let file = Temp::new("large.log", input.as_bytes());

    let o = common::run_cli(&["scan", "--json", file.path()], b"");
    assert_eq!(o.status.code(), Some(1));
    let whole = Scanner::default().scan(&input);
    assert_eq!(whole.len(), tokens.len());
    let got = json_findings(&o.stdout);
    let want: Vec<_> = whole
        .iter()
        .map(|f| {
            let (line, col) = common::line_col(input.as_bytes(), f.range.start);
            (
                line,
                col,
                f.range.start,
                f.range.end,
                f.format.clone(),
                f.verified,
            )
        })
        .collect();
    assert_eq!(got, want);
    // The long line's findings: all on the last line, columns far beyond a chunk.
    let last_line = want.last().unwrap().0;
    assert!(want.iter().filter(|w| w.0 == last_line).count() == 40);
    assert!(want.last().unwrap().1 > 300_000);
    assert_no_token(&o.stdout, &tokens, "stdout");

    let o = common::run_cli(&["scan", "--redact", file.path()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout == scan::redact(&input).into_bytes());
    assert_eq!(text(&o.stderr).lines().count(), tokens.len());
    assert_no_token(&o.stdout, &tokens, "stdout");
    assert_no_token(&o.stderr, &tokens, "stderr");

    // The same through stdin (pipe reads may be shorter than 64 KiB).
    let o = common::run_cli(&["scan", "--json"], input.as_bytes());
    assert_eq!(json_findings(&o.stdout), want);
}

#[test]
fn bytes_that_are_not_utf8_are_scanned_too() {
    let mut rng = common::Seeded::new(48);
    let t = token("ghp", &mut rng);
    // `é` is one character, 0xff one (not UTF-8), 0xc3 without its continuation one.
    let mut input = vec![0xff, 0xfe, b'\n', 0xc3, 0xa9, 0xff, 0xc3, b' '];
    input.extend_from_slice(t.as_bytes());
    input.extend_from_slice(&[0xc3, b'\n']);
    let file = Temp::new("binary.bin", &input);
    let o = common::run_cli(&["scan", file.path()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains(":2:5 ghp verified "),
        "{}",
        text(&o.stdout)
    );
    let o = common::run_cli(&["scan", "--redact", file.path()], b"");
    assert_eq!(o.stdout, Scanner::default().redact_bytes(&input));
    assert_no_token(&o.stdout, std::slice::from_ref(&t), "stdout");
}

#[test]
fn file_names_are_reported_as_given() {
    let mut rng = common::Seeded::new(49);
    let t = token("ghr", &mut rng);
    let file = Temp::new("名前 with space.log", format!("{t}\n").as_bytes());
    let o = common::run_cli(&["scan", file.path()], b"");
    let dir = Path::new(file.path()).parent().unwrap().to_str().unwrap();
    assert!(text(&o.stdout).starts_with(&format!("{dir}/")));
    assert!(text(&o.stdout).contains("名前 with space.log:1:1 ghr verified "));
}

/// `Located::column` counts ASCII and UTF-8 lead bytes (documented): in text that is not
/// UTF-8, a stray continuation byte (0x80..=0xBF without a lead byte) adds nothing.
#[test]
fn a_stray_continuation_byte_adds_no_column() {
    let mut rng = common::Seeded::new(50);
    let t = token("ghp", &mut rng);
    let mut input = vec![0x80, 0x80, b' '];
    input.extend_from_slice(t.as_bytes());
    let o = common::run_cli(&["scan"], &input);
    assert_eq!(
        text(&o.stdout),
        format!("<stdin>:1:2 ghp verified {}\n", common::masked(&t, 4, true))
    );
}

/// Was a bug: the guard against tokens in argv refused `ghp_dump.txt` (a file name, not a
/// token: a token has only letters, digits and `_`); a token-shaped argument is still refused.
#[test]
fn a_file_named_like_a_prefix_is_scanned_but_a_token_argument_is_refused() {
    let mut rng = common::Seeded::new(60);
    let t = token("ghp", &mut rng);
    let dir = std::env::temp_dir().join(format!("patmint-scan-cli-{}-argv", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ghp_dump.txt"), format!("x {t}\n")).unwrap();
    // The bare relative name is what the guard sees.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_patmint"))
        .args(["scan", "ghp_dump.txt"])
        .current_dir(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).ends_with(&format!(
        ":1:3 ghp verified {}\n",
        common::masked(&t, 4, true)
    )));
    let o = common::run_cli(&["scan", &t], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("refusing an argument that holds a token"));
    assert_no_token(&o.stderr, &[t], "refusal");
}

/// Reads one line of the child's stdout, closes it, and waits (at most 30 s) for the exit code.
fn first_line_then_close(mut child: std::process::Child) -> (String, Option<i32>) {
    use std::io::{BufRead, BufReader};
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone: its end of the pipe was closed when the BufReader was dropped.
    for _ in 0..300 {
        if let Some(status) = child.try_wait().unwrap() {
            return (first, status.code());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("patmint kept running after its reader went away");
}

/// Was a bug: a reader that stopped early (`patmint scan ci.log | head -1`) stopped the scan,
/// and the exit status missed a verified token further on — the CI gate let it pass. Files are
/// scanned to the end.
#[test]
fn a_closed_pipe_does_not_stop_the_scan_of_files_or_change_the_exit_status() {
    use std::process::{Command, Stdio};
    let mut rng = common::Seeded::new(61);
    let t = token("ghp", &mut rng);
    let mut input = "key AKIAIOSFODNN7EXAMPLE end\n".repeat(20_000);
    input.push_str(&format!("tok {t}\n"));
    let file = Temp::new("late-token.log", input.as_bytes());
    for redact in [false, true] {
        let mut args = vec!["scan", file.path()];
        if redact {
            args.push("--redact");
        }
        let child = Command::new(env!("CARGO_BIN_EXE_patmint"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (first, code) = first_line_then_close(child);
        assert_eq!(code, Some(1), "--redact: {redact}");
        assert!(!first.contains(&t));
    }
}

/// Was a bug (of the fix above): on stdin that never ends (`tail -f log | patmint scan |
/// head -1`) patmint kept scanning into a closed pipe forever. On stdin it stops once its
/// reader has gone, with the status of what it has seen.
#[test]
fn endless_stdin_stops_when_the_reader_goes_away() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut rng = common::Seeded::new(62);
    let t = token("ghp", &mut rng);
    for (line, expected) in [
        (format!("key {t}\n"), 1),
        ("key AKIAIOSFODNN7EXAMPLE\n".into(), 0),
    ] {
        for redact in [false, true] {
            let args: &[&str] = if redact {
                &["scan", "--redact"]
            } else {
                &["scan"]
            };
            let mut child = Command::new(env!("CARGO_BIN_EXE_patmint"))
                .args(args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let chunk = line.repeat(1000);
            // Writes until patmint stops reading (like `yes`).
            let feeder =
                std::thread::spawn(move || while stdin.write_all(chunk.as_bytes()).is_ok() {});
            let (first, code) = first_line_then_close(child);
            feeder.join().unwrap();
            assert_eq!(code, Some(expected), "{line:?} --redact: {redact}");
            assert!(!first.contains(&t));
        }
    }
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Issue 25 item 7: a transcript saved by PowerShell's `>` (UTF-16LE, with a BOM), the same
/// without a BOM, and UTF-16LE on stdin: read as text, redacted in UTF-16LE.
#[test]
fn utf16le_files_and_stdin_are_scanned_and_redacted_in_utf16le() {
    let mut rng = common::Seeded::new(60);
    let ghp = token("ghp", &mut rng);
    let body = format!("PS C:\\> $env:GH_TOKEN\r\n{ghp}\r\nPS C:\\> écho 日本\r\n");
    for bom in ["\u{feff}", ""] {
        let text = format!("{bom}{body}");
        let input = utf16le(&text);
        let expected = utf16le(&scan::redact(&text));
        let file = Temp::new("transcript.txt", &input);
        let o = common::run_cli(&["scan", "--json", file.path()], b"");
        assert_eq!(o.status.code(), Some(1), "bom {bom:?}");
        let start = 2 * text[..text.find("ghp_").unwrap()].encode_utf16().count();
        assert_eq!(
            json_findings(&o.stdout),
            [(2, 1, start, start + 80, "ghp".to_owned(), true)],
            "bom {bom:?}"
        );
        assert_no_token(&o.stdout, std::slice::from_ref(&ghp), "stdout");
        let o = common::run_cli(&["scan", "--redact", file.path()], b"");
        assert_eq!(o.stdout, expected, "bom {bom:?}");
        let o = common::run_cli(&["scan", "--redact"], &input);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(o.stdout, expected, "stdin, bom {bom:?}");
        assert!(text_of(&o.stderr).starts_with("<stdin>:2:1 ghp verified "));
        let o = common::run_cli(&["scan"], &input);
        assert_eq!(o.status.code(), Some(1), "stdin, bom {bom:?}");
    }
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Issue 25 item 7: `grep --color=always` output and a Markdown-escaped token.
#[test]
fn grep_color_output_and_markdown_escapes_are_redacted() {
    let mut rng = common::Seeded::new(61);
    let ghp = token("ghp", &mut rng);
    let gho = token("gho", &mut rng);
    let (on, off) = ("\x1b[01;31m\x1b[K", "\x1b[m\x1b[K");
    let input = format!(
        "{on}build.log{off}:12:export GH_TOKEN={on}{}{off}{}\n\
         The old token was {} (revoked).\n",
        &ghp[..8],
        &ghp[8..],
        gho.replace('_', "\\_")
    );
    let file = Temp::new("grep.txt", input.as_bytes());
    let o = common::run_cli(&["scan", file.path()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stdout).lines().count(), 2, "{}", text(&o.stdout));
    let o = common::run_cli(&["scan", "--redact", file.path()], b"");
    assert_eq!(o.stdout, scan::redact(&input).as_bytes());
    for t in [&ghp, &gho] {
        for piece in [&t[8..20], &t[20..32]] {
            assert!(!text(&o.stdout).contains(piece), "{}", text(&o.stdout));
        }
    }
    assert!(text(&o.stdout).starts_with(&format!("{on}build.log{off}:12:export GH_TOKEN=")));
}

/// Issue 26.4: a CI log whose lines start with a timestamp, a token wrapped onto the next line
/// after it: found, proven and redacted by `scan` and `--redact` (read in 1-byte writes from
/// stdin too); a fragment left unjoined is reported as `partial`, not passed over.
#[test]
fn a_token_wrapped_in_a_timestamped_ci_log_is_joined_and_redacted() {
    let mut rng = common::Seeded::new(47);
    let ghp = token("ghp", &mut rng);
    let acme = token("custom:acme", &mut rng);
    let (a, b) = ghp.split_at(22);
    let (c, d) = acme.split_at(9);
    let ts = "2026-05-01T10:00:03.2000000Z";
    let input = format!(
        "{ts} ##[group]Run deploy\n{ts} wrapped: {a}\n{ts}          {b}\n\
         {ts} key={c}\n{ts} {d}\n{ts} other: {}\n{ts} step two\n",
        &ghp[..20]
    );
    let file = Temp::new("ci.log", input.as_bytes());
    let o = common::run_cli(&["scan", "--prefix", "acme", file.path()], b"");
    assert_eq!(o.status.code(), Some(1));
    let p = file.path();
    assert_eq!(
        text(&o.stdout),
        format!(
            "{p}:2:39 ghp verified {}\n\
             {p}:4:34 custom:acme verified {}\n\
             {p}:6:37 ghp partial ghp_{}\n",
            common::masked(&ghp, 4, true),
            common::masked(&acme, 5, true),
            "•".repeat(16),
        )
    );
    let o = common::run_cli(
        &["scan", "--redact", "--prefix", "acme", "-"],
        input.as_bytes(),
    );
    let redacted = text(&o.stdout);
    assert_eq!(redacted.lines().count(), input.lines().count() - 2);
    assert_no_token(&o.stdout, &[ghp.clone(), acme.clone()], "stdout");
    for piece in [b, d, &ghp[4..20]] {
        assert!(!redacted.contains(piece), "{redacted}");
    }
    assert!(redacted.contains(&format!("{ts} step two\n")));
    assert!(text(&o.stderr).contains(":6:37 ghp partial "));
}
