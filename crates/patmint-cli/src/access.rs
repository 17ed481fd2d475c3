//! `patmint mint`, `record`, `verify` and `serve`: the server half on the command line. Tokens
//! are printed once on stdout (`mint`) or read from stdin (`record`, `verify`), never taken
//! from arguments.

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use patmint::record::{Expiration, FineGrainedRequest, MintRequest, RecordDraft};
use patmint::verify::{Requirement, Verdict};
use patmint::{date, ErrorCode, Format, SecretToken};
use zeroize::Zeroizing;

use crate::records_file::{self, LoadError};
use crate::serve;

/// The server-half subcommands (flattened into the CLI's own).
#[derive(clap::Subcommand)]
pub enum AccessCommand {
    /// Mint a token: print it once on stdout and add its record to the records file (created
    /// if missing, replaced atomically).
    Mint(MintArgs),
    /// Record an existing token read from stdin (e.g. one GitHub issued) without keeping it.
    Record(RecordArgs),
    /// Verify tokens from stdin against the records file: `allow <record name>` or
    /// `deny <reason>` per line; exit status 0 only if all are allowed, 2 on a usage error or
    /// an unusable records file.
    Verify(VerifyArgs),
    /// Serve a forward-auth endpoint (nginx auth_request, Traefik forwardAuth, Caddy
    /// forward_auth) that allows (204) or refuses (401/403) the token of each request.
    Serve(serve::ServeArgs),
}

/// What a record says about a token, shared by `mint` and `record`.
#[derive(clap::Args)]
pub struct RecordOptions {
    /// Where the record goes (--records FILE: an export file, created if missing).
    #[command(flatten)]
    at: crate::store::At,
    /// What the token is for (GitHub's "Note"; at most 100 characters).
    #[arg(long)]
    name: String,
    /// A classic scope (repeatable, or comma-separated), e.g. --scope repo,workflow.
    #[arg(long = "scope", value_name = "SCOPE")]
    scopes: Vec<String>,
    /// Custom prefix: one of the service's own scopes, NAME or NAME:LEVEL (read, write or
    /// admin; repeatable, or comma-separated), e.g. --custom-scope deploy,packages:write.
    #[arg(long = "custom-scope", value_name = "NAME[:LEVEL]")]
    custom_scopes: Vec<String>,
    /// Fine-grained: a permission NAME:LEVEL (repeatable, or comma-separated), e.g.
    /// --permission contents:write. `metadata:read` is added as GitHub adds it.
    #[arg(long = "permission", value_name = "NAME:LEVEL")]
    permissions: Vec<String>,
    /// Fine-grained: the resource owner (user or organization login).
    #[arg(long, value_name = "LOGIN")]
    resource_owner: Option<String>,
    /// Fine-grained: a selected repository OWNER/NAME (repeatable); without any, the token
    /// reaches public repositories only (read-only), or all with --all-repositories.
    #[arg(
        long = "repository",
        value_name = "OWNER/NAME",
        conflicts_with = "all_repositories"
    )]
    repositories: Vec<String>,
    /// Fine-grained: every repository of the resource owner.
    #[arg(long)]
    all_repositories: bool,
    /// Fine-grained: GitHub's optional description.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// Expire after this many days (1 to 366; GitHub offers 7, 30, 60 and 90). Default 30
    /// (app-issued fixture formats: GitHub's own lifetime).
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=366),
          conflicts_with_all = ["expires_at", "no_expiration"])]
    expires_in: Option<u32>,
    /// Expire at this date (YYYY-MM-DD, the end of that day UTC) or RFC 3339 time.
    #[arg(long, value_name = "DATE", conflicts_with = "no_expiration")]
    expires_at: Option<String>,
    /// Never expire (GitHub advises against it).
    #[arg(long)]
    no_expiration: bool,
}

#[derive(clap::Args)]
pub struct MintArgs {
    #[command(flatten)]
    record: RecordOptions,
    /// ghp (default), gho, ghu, ghs, ghr, github_pat, or custom:<prefix>[:<length>].
    #[arg(long, short, value_parser = parse_format, conflicts_with = "prefix")]
    format: Option<Format>,
    /// A custom prefix, e.g. --prefix acme (same as --format custom:acme).
    #[arg(long, value_name = "PREFIX")]
    prefix: Option<String>,
}

#[derive(clap::Args)]
pub struct RecordArgs {
    #[command(flatten)]
    record: RecordOptions,
    /// Accept tokens of this custom prefix (repeatable), e.g. --prefix acme.
    #[arg(long = "prefix", value_name = "PREFIX", value_parser = parse_prefix)]
    prefixes: Vec<Format>,
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    at: crate::store::At,
    #[command(flatten)]
    require: RequireArgs,
    /// Print one JSON object per token: {"allowed", "reason", "name"}.
    #[arg(long)]
    json: bool,
}

/// The requirement, as options (`verify`).
#[derive(clap::Args)]
pub struct RequireArgs {
    /// A classic scope the token must grant (repeatable, or comma-separated).
    #[arg(long = "scope", value_name = "SCOPE")]
    scopes: Vec<String>,
    /// One of the service's own scopes NAME[:LEVEL] a custom-prefix token must grant
    /// (repeatable, or comma-separated; admin grants write, write grants read, any level the
    /// bare NAME).
    #[arg(long = "custom-scope", value_name = "NAME[:LEVEL]")]
    custom_scopes: Vec<String>,
    /// A fine-grained permission NAME:LEVEL the token must grant, e.g. contents:read.
    #[arg(long = "permission", value_name = "NAME:LEVEL")]
    permissions: Vec<String>,
    /// The repository OWNER/NAME the token must reach (fine-grained repository access).
    #[arg(long = "repo", value_name = "OWNER/NAME")]
    repositories: Vec<String>,
}

impl RequireArgs {
    fn requirement(&self) -> Result<Requirement, String> {
        Requirement::parse(&self.scopes, &self.permissions, &self.repositories)
            .and_then(|r| r.with_custom_scopes(&self.custom_scopes))
            .map_err(|e| e.to_string())
    }
}

pub fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).map_err(|e| e.to_string())
}

fn parse_prefix(s: &str) -> Result<Format, String> {
    let name = s.strip_prefix("custom:").unwrap_or(s);
    patmint::format::Custom::new(name, patmint::format::CUSTOM_RANDOM_DEFAULT)
        .map(Format::Custom)
        .map_err(|e| e.to_string())
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub fn run(command: AccessCommand) -> ExitCode {
    match command {
        AccessCommand::Mint(args) => mint(args),
        AccessCommand::Record(args) => record(args),
        AccessCommand::Verify(args) => verify(args),
        AccessCommand::Serve(args) => serve::run(args),
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("patmint: {message}");
    ExitCode::from(2)
}

fn load_error(path: &Path, e: &LoadError) -> ExitCode {
    fail(format_args!("{}: {e}", path.display()))
}

impl RecordOptions {
    fn expiration(&self, format: &Format, now: i64) -> Result<Expiration, String> {
        if self.no_expiration {
            return Ok(Expiration::Never);
        }
        if let Some(date) = &self.expires_at {
            return Expiration::from_inputs(None, Some(date)).map_err(|e| e.to_string());
        }
        let days = match (self.expires_in, format) {
            (Some(days), _) => days,
            // App-issued formats have GitHub's fixed lifetime.
            (None, Format::Classic(c)) if c.is_fixture() => return Ok(Expiration::Never),
            (None, _) => 30,
        };
        Ok(if patmint::record::PRESET_DAYS.contains(&days) {
            Expiration::Days(days)
        } else {
            Expiration::At(now + i64::from(days) * date::DAY)
        })
    }

    fn is_fine_grained(&self) -> bool {
        !self.permissions.is_empty()
            || self.resource_owner.is_some()
            || !self.repositories.is_empty()
            || self.all_repositories
            || self.description.is_some()
    }

    /// Validates everything the record of a `format` token says, before the token exists.
    fn draft(&self, format: &Format, now: i64) -> Result<RecordDraft, String> {
        let list = |v: &[String]| -> Vec<String> {
            v.iter()
                .flat_map(|s| s.split(','))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let fine_grained = self.is_fine_grained().then(|| FineGrainedRequest {
            description: self.description.clone().unwrap_or_default(),
            resource_owner: self.resource_owner.clone().unwrap_or_default(),
            repository_access: if !self.repositories.is_empty() {
                "selected"
            } else if self.all_repositories {
                "all"
            } else {
                "public"
            }
            .to_owned(),
            repositories: list(&self.repositories),
            permissions: list(&self.permissions)
                .into_iter()
                .map(|p| match p.split_once(':') {
                    Some((id, level)) => (id.to_owned(), level.to_owned()),
                    None => (p, String::new()),
                })
                .collect(),
        });
        let request = MintRequest {
            name: self.name.clone(),
            scopes: list(&self.scopes),
            custom_scopes: list(&self.custom_scopes),
            fine_grained,
            expiration: self.expiration(format, now)?,
        };
        RecordDraft::for_format(format, request, now).map_err(|e| format!("{}: {e}", e.code()))
    }

    /// Adds the record of `token` to the records file, under its lock. A symbolic link at the
    /// records path is followed: the file it names is locked and replaced, the link stays.
    fn add(&self, draft: RecordDraft, token: &SecretToken, now: i64) -> Result<(), ExitCode> {
        let link = match self.at.location().map_err(fail)? {
            crate::store::Location::File(path) => path,
            crate::store::Location::Postgres(at) => {
                let record = draft
                    .finish(token)
                    .map_err(|e| fail(format_args!("{}: {e}", e.code())))?;
                crate::store::insert(&at, &record).map_err(fail)?;
                eprintln!(
                    "patmint: recorded {:?} ({}) in {}",
                    self.name.trim(),
                    token.masked(),
                    at.shown()
                );
                return Ok(());
            }
        };
        let link = &link;
        let path = &records_file::resolve(link)
            .map_err(|e| fail(format_args!("{}: {e}", link.display())))?;
        let _lock = records_file::lock(path)
            .map_err(|e| fail(format_args!("{}: cannot lock: {e}", path.display())))?;
        let mut records = records_file::load_for_update(path).map_err(|e| load_error(path, &e))?;
        let record = draft
            .finish(token)
            .map_err(|e| fail(format_args!("{}: {e}", e.code())))?;
        if records.iter().any(|r| r.fingerprint == record.fingerprint) {
            return Err(fail("this token is already recorded"));
        }
        records.push(record);
        records_file::replace(path, |out| records_file::write_json(&records, now, out))
            .map_err(|e| fail(format_args!("{}: cannot write: {e}", path.display())))?;
        eprintln!(
            "patmint: recorded {:?} ({}) in {}",
            self.name.trim(),
            token.masked(),
            path.display()
        );
        Ok(())
    }
}

fn mint(args: MintArgs) -> ExitCode {
    let format = match (&args.format, &args.prefix) {
        (Some(f), _) => f.clone(),
        (None, Some(p)) => match parse_prefix(p) {
            Ok(f) => f,
            Err(e) => return fail(format_args!("--prefix: {e}")),
        },
        (None, None) => Format::DEFAULT,
    };
    let now = now();
    // Everything is validated before the token exists.
    let draft = match args.record.draft(&format, now) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let token = match SecretToken::generate(&format) {
        Ok(t) => t,
        Err(e) => return fail(format_args!("{}: {e}", e.code())),
    };
    if let Err(code) = args.record.add(draft, &token, now) {
        return code;
    }
    // Printed only once the record is safely written: a token is never handed out that no
    // verifier would know.
    let mut out = io::stdout().lock();
    let printed = out
        .write_all(token.expose_secret().as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format_args!(
            "could not print the token ({e}); its record was added: remove it"
        )),
    }
}

/// Reads one line from stdin into a zeroized buffer, without its line ending.
fn read_secret_line(input: &mut impl BufRead) -> io::Result<Option<Zeroizing<String>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(512));
    if input.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    let mut end = buf.len();
    while end > 0 && matches!(buf[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let line = std::str::from_utf8(&buf[..end]).unwrap_or("\u{fffd}");
    let mut s = Zeroizing::new(String::with_capacity(line.len()));
    s.push_str(line);
    Ok(Some(s))
}

fn record(args: RecordArgs) -> ExitCode {
    let now = now();
    let line = match read_secret_line(&mut io::stdin().lock()) {
        Ok(Some(line)) => line,
        Ok(None) => return fail("no token on stdin"),
        Err(e) => return fail(format_args!("stdin: {e}")),
    };
    let token = match SecretToken::import(line.trim(), &args.prefixes) {
        Ok(t) => t,
        Err(e) => return fail(format_args!("invalid token: {}: {e}", e.code())),
    };
    let draft = match args.record.draft(token.format(), now) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    match args.record.add(draft, &token, now) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

#[derive(serde::Serialize)]
struct JsonVerdict<'a> {
    allowed: bool,
    reason: Option<&'static str>,
    name: Option<&'a str>,
}

fn verify(args: VerifyArgs) -> ExitCode {
    let requirement = match args.require.requirement() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let set = match args.at.location().and_then(|at| crate::store::load(&at)) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let now = now();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut all_allowed = true;
    let result = (|| -> io::Result<()> {
        while let Some(line) = read_secret_line(&mut input)? {
            let verdict = set.verify(line.trim(), now, &requirement);
            all_allowed &= verdict.is_allowed();
            if args.json {
                let v = JsonVerdict {
                    allowed: verdict.is_allowed(),
                    reason: verdict.reason().map(|r| r.code()),
                    name: verdict.name(),
                };
                serde_json::to_writer(&mut out, &v)?;
                writeln!(out)?;
            } else {
                match verdict {
                    Verdict::Allow(r) => writeln!(out, "allow {}", r.name)?,
                    Verdict::Deny(reason, _) => writeln!(out, "deny {reason}")?,
                }
            }
        }
        out.flush()
    })();
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => fail(e),
        _ if all_allowed => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}
