//! Where records are kept: the export file (`--records FILE`, or `--store PATH`/`file:PATH`;
//! nothing to install) or PostgreSQL (`--store postgres://…`, [`pg`]). The commands that only
//! make sense against a store — `patmint store migrate|import|export`, `patmint revoke`,
//! `patmint list` — are here; `mint`, `record`, `verify` and `serve` take the same options.
//!
//! A PostgreSQL URL may hold a password: it is never printed (messages show [`pg::Location::shown`]),
//! and it need not be in argv at all: `PATMINT_STORE` holds the URL, `PGPASSWORD` the password.

pub mod pg;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use patmint::record::ExportFile;
use patmint::verify::RecordSet;
use patmint::TokenRecord;

use crate::access::now;
use crate::records_file::{self, LoadError};

/// Why a store could not do what was asked (never holds the URL's password, nor a token).
#[derive(Debug, Clone)]
pub struct StoreError(String);

impl StoreError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> StoreError {
        StoreError(message.into())
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The store options of every records command.
#[derive(clap::Args, Clone)]
pub struct At {
    /// The records store: postgres://USER@HOST:PORT/DB, or file:PATH (or a path) for an export
    /// file. Keep a password out of argv: set PATMINT_STORE instead, or PGPASSWORD.
    #[arg(
        long,
        value_name = "URL",
        env = "PATMINT_STORE",
        hide_env_values = true
    )]
    store: Option<String>,
    /// The records file (an export file): the same as --store file:FILE.
    #[arg(long, value_name = "FILE")]
    records: Option<PathBuf>,
}

/// A parsed store location.
#[derive(Clone)]
pub enum Location {
    /// An export file at this path.
    File(PathBuf),
    /// A PostgreSQL database.
    Postgres(Box<pg::Location>),
}

impl Location {
    /// Parses `--store`'s value: `postgres://` or `postgresql://` is PostgreSQL, `file:PATH` or
    /// anything else a path.
    pub fn parse(s: &str) -> Result<Location, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return pg::Location::parse(s).map(|l| Location::Postgres(Box::new(l)));
        }
        if s.contains("://") {
            return Err("--store: postgres://… or file:PATH (a path)".into());
        }
        Ok(Location::File(PathBuf::from(
            s.strip_prefix("file:").unwrap_or(s),
        )))
    }
}

impl At {
    /// The store given: exactly one of `--store` (or `PATMINT_STORE`) and `--records`.
    pub fn location(&self) -> Result<Location, String> {
        match (&self.store, &self.records) {
            (Some(_), Some(_)) => {
                Err("give --store (or PATMINT_STORE) or --records, not both".into())
            }
            (None, Some(path)) => Ok(Location::File(path.clone())),
            (Some(s), None) => Location::parse(s),
            (None, None) => Err("say where the records are: --store URL or --records FILE".into()),
        }
    }
}

/// Runs `future` to its end on a runtime of its own (the CLI's commands are one-shot).
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(|rt| rt.block_on(future))
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

/// Connects to a PostgreSQL store whose schema is this program's.
pub async fn connect(at: &pg::Location) -> Result<pg::Pg, StoreError> {
    let db = pg::Pg::connect(at).await?;
    db.check_schema().await?;
    Ok(db)
}

/// The records of `at`, indexed (what `verify` and a starting `serve` use).
pub fn load(at: &Location) -> Result<RecordSet, String> {
    match at {
        Location::File(path) => {
            records_file::load(path).map_err(|e| format!("{}: {e}", path.display()))
        }
        Location::Postgres(l) => block_on(async {
            use patmint::store::Store;
            let db = connect(l).await?;
            let snapshot = db.load_all().await?;
            for bad in &snapshot.bad {
                eprintln!(
                    "patmint: {}: row {:?} refused: {}",
                    l.shown(),
                    bad.key,
                    bad.error
                );
            }
            patmint::store::index(snapshot).map_err(|e| StoreError::new(e.to_string()))
        })?
        .map_err(|e| format!("{}: {e}", l.shown())),
    }
}

/// Adds `record` to the PostgreSQL store at `at` (refused if its fingerprint is there).
pub fn insert(at: &pg::Location, record: &TokenRecord) -> Result<(), String> {
    block_on(async { connect(at).await?.insert(record).await })?
        .map_err(|e| format!("{}: {e}", at.shown()))
}

/// The commands against a store (flattened into the CLI's own).
#[derive(clap::Subcommand)]
pub enum StoreCommand {
    /// Revoke a token: delete its record from the store (every `patmint serve` over the
    /// store refuses it within a second).
    Revoke(RevokeArgs),
    /// List the records of a store (name, format, expiry, last used, fingerprint).
    List(ListArgs),
    /// Manage a store: migrate its schema, import or export an export file.
    #[command(subcommand)]
    Store(StoreAction),
}

#[derive(clap::Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    at: At,
    /// The record's fingerprint (64 lowercase hex: `patmint list` shows it).
    #[arg(
        long,
        value_name = "FP",
        required_unless_present = "name",
        conflicts_with = "name"
    )]
    fingerprint: Option<String>,
    /// The record's name; refused when several records have it (use --fingerprint).
    #[arg(long)]
    name: Option<String>,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    at: At,
    /// One JSON object per record: the export file's record, then lastUsedAt.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand)]
pub enum StoreAction {
    /// Create or upgrade the store's schema (PostgreSQL; an export file has none).
    Migrate {
        #[command(flatten)]
        at: At,
    },
    /// Import an export file (v1, v2 or a bare array): all or nothing, merged by fingerprint
    /// (a record of the file replaces the stored one; no stored record is removed).
    Import {
        #[command(flatten)]
        at: At,
        /// The export file (`-`: stdin).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the store's records as an export file (v2) on stdout.
    Export {
        #[command(flatten)]
        at: At,
    },
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("patmint: {message}");
    ExitCode::from(2)
}

/// Runs a store command.
pub fn run(command: StoreCommand) -> ExitCode {
    let result = match command {
        StoreCommand::Revoke(args) => revoke(&args),
        StoreCommand::List(args) => list(&args),
        StoreCommand::Store(StoreAction::Migrate { at }) => migrate(&at),
        StoreCommand::Store(StoreAction::Import { at, file }) => import(&at, &file),
        StoreCommand::Store(StoreAction::Export { at }) => export(&at),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn migrate(at: &At) -> Result<(), String> {
    match at.location()? {
        Location::File(path) => {
            eprintln!(
                "patmint: {}: an export file has no schema to migrate",
                path.display()
            );
            Ok(())
        }
        Location::Postgres(l) => {
            let (from, to) = block_on(async { pg::Pg::connect(&l).await?.migrate().await })?
                .map_err(|e| format!("{}: {e}", l.shown()))?;
            if from == to {
                eprintln!("patmint: {}: schema version {to}, up to date", l.shown());
            } else {
                eprintln!(
                    "patmint: {}: schema migrated from version {from} to {to}",
                    l.shown()
                );
            }
            Ok(())
        }
    }
}

/// Reads an export file (or stdin), all of it valid or nothing.
fn read_export(file: &Path) -> Result<Vec<TokenRecord>, String> {
    let records = if file.as_os_str() == "-" {
        ExportFile::read_until(io::BufReader::new(io::stdin().lock()), &|| false)
            .map_err(|e| format!("<stdin>: {e} ({})", e.code))?
    } else {
        // The same reader as the records file: a regular file only, bounded.
        let never = || false;
        let mut reader = records_file::Reader::open(file, &never)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let parsed = ExportFile::read_until(io::BufReader::new(&mut reader), &never);
        reader
            .finish(parsed)
            .map_err(|e| format!("{}: {e}", file.display()))?
    };
    // A duplicate fingerprint in the file: which record would be stored?
    RecordSet::new(records)
        .map(RecordSet::into_records)
        .map_err(|e| format!("{}: {e} ({})", file.display(), e.code))
}

fn import(at: &At, file: &Path) -> Result<(), String> {
    let incoming = read_export(file)?;
    match at.location()? {
        Location::File(path) => update_file(&path, |records| {
            let (mut added, mut changed) = (0, 0);
            // Linear: an index of the stored records by fingerprint.
            let mut at: std::collections::HashMap<String, usize> = records
                .iter()
                .enumerate()
                .map(|(i, r)| (r.fingerprint.clone(), i))
                .collect();
            for r in incoming {
                match at.get(&r.fingerprint) {
                    Some(&i) if records[i] != r => {
                        records[i] = r;
                        changed += 1;
                    }
                    Some(_) => {}
                    None => {
                        at.insert(r.fingerprint.clone(), records.len());
                        records.push(r);
                        added += 1;
                    }
                }
            }
            Ok(format!("imported: {added} new, {changed} changed"))
        }),
        Location::Postgres(l) => {
            let (added, changed) =
                block_on(async { connect(&l).await?.upsert_all(&incoming).await })
                    .and_then(|r| r.map_err(|e| e.to_string()))
                    .map_err(|e| format!("{}: {e}", l.shown()))?;
            eprintln!(
                "patmint: {}: imported: {added} new, {changed} changed",
                l.shown()
            );
            Ok(())
        }
    }
}

/// Changes the records file at `path` under its lock (see `records_file`): `change` edits the
/// records and says what it did; the file is replaced only if `change` succeeds.
fn update_file(
    path: &Path,
    change: impl FnOnce(&mut Vec<TokenRecord>) -> Result<String, String>,
) -> Result<(), String> {
    let target = records_file::resolve(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let _lock = records_file::lock(&target)
        .map_err(|e| format!("{}: cannot lock: {e}", target.display()))?;
    let mut records = records_file::load_for_update(&target)
        .map_err(|e: LoadError| format!("{}: {e}", target.display()))?;
    let said = change(&mut records)?;
    records_file::replace(&target, |out| {
        records_file::write_json(&records, now(), out)
    })
    .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    eprintln!("patmint: {}: {said}", target.display());
    Ok(())
}

fn export(at: &At) -> Result<(), String> {
    let records: Vec<TokenRecord> = match at.location()? {
        Location::File(path) => records_file::load(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .into_records(),
        Location::Postgres(l) => listed(&l)?
            .into_iter()
            .filter_map(|x| x.record.ok())
            .collect(),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    records_file::write_json(&records, now(), &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| format!("stdout: {e}"))
}

/// Every row of a PostgreSQL store; bad rows are reported on stderr (key and why).
fn listed(l: &pg::Location) -> Result<Vec<pg::Listed>, String> {
    let rows = block_on(async { connect(l).await?.list().await })?
        .map_err(|e| format!("{}: {e}", l.shown()))?;
    for row in &rows {
        if let Err(bad) = &row.record {
            eprintln!(
                "patmint: {}: row {:?} is not a valid record (its token is refused): {}",
                l.shown(),
                bad.key,
                bad.error
            );
        }
    }
    Ok(rows)
}

fn revoke(args: &RevokeArgs) -> Result<(), String> {
    let at = args.at.location()?;
    // The fingerprint to delete: given, or the one record of that name.
    let pick = |candidates: Vec<(String, String)>| -> Result<(String, String), String> {
        let wanted = |fp: &str, name: &str| match (&args.fingerprint, &args.name) {
            (Some(f), _) => f == fp,
            (None, Some(n)) => n.trim() == name,
            (None, None) => false,
        };
        let mut found: Vec<(String, String)> = candidates
            .into_iter()
            .filter(|(fp, name)| wanted(fp, name))
            .collect();
        match found.len() {
            0 => Err("no such record".into()),
            1 => Ok(found.remove(0)),
            n => Err(format!(
                "{n} records are named {:?}: say which with --fingerprint (see `patmint list`)",
                args.name.as_deref().unwrap_or("").trim()
            )),
        }
    };
    match at {
        Location::File(path) => update_file(&path, |records| {
            let (fp, name) = pick(
                records
                    .iter()
                    .map(|r| (r.fingerprint.clone(), r.name.clone()))
                    .collect(),
            )?;
            records.retain(|r| r.fingerprint != fp);
            Ok(format!("revoked {name:?} ({fp})"))
        }),
        Location::Postgres(l) => {
            let done = block_on(async {
                let db = connect(&l).await?;
                let candidates = match (&args.fingerprint, &args.name) {
                    (Some(fp), _) => vec![(fp.clone(), String::new())],
                    (None, Some(name)) => db
                        .fingerprints_named(name.trim())
                        .await?
                        .into_iter()
                        .map(|fp| (fp, name.trim().to_owned()))
                        .collect(),
                    (None, None) => vec![],
                };
                let (fp, _) = pick(candidates).map_err(StoreError::new)?;
                if db.delete(&fp).await? {
                    Ok(fp)
                } else {
                    Err(StoreError::new("no such record"))
                }
            })?
            .map_err(|e| format!("{}: {e}", l.shown()))?;
            eprintln!("patmint: {}: revoked {done}", l.shown());
            Ok(())
        }
    }
}

/// One line of `patmint list --json`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ListLine<'a> {
    record: &'a TokenRecord,
    last_used_at: Option<String>,
}

fn list(args: &ListArgs) -> Result<(), String> {
    let rows: Vec<(TokenRecord, Option<i64>)> = match args.at.location()? {
        Location::File(path) => records_file::load(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .into_records()
            .into_iter()
            .map(|r| (r, None))
            .collect(),
        Location::Postgres(l) => listed(&l)?
            .into_iter()
            .filter_map(|x| Some((x.record.ok()?, x.last_used_at)))
            .collect(),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = (|| -> io::Result<()> {
        for (record, used) in &rows {
            let used = used.map(patmint::date::to_rfc3339);
            if args.json {
                serde_json::to_writer(
                    &mut out,
                    &ListLine {
                        record,
                        last_used_at: used,
                    },
                )?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{}\t{}\t{}\texpires {}\tlast used {}\t{}",
                    record.name,
                    record.format,
                    if record.is_replaced() {
                        "replaced"
                    } else {
                        "active"
                    },
                    record.expires_at.as_deref().unwrap_or("never"),
                    used.as_deref().unwrap_or("never"),
                    record.fingerprint,
                )?;
            }
        }
        out.flush()
    })();
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
        _ => Ok(()),
    }
}
