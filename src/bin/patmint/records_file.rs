//! The records file of `mint`, `record`, `verify` and `serve`: an export file (what the demo
//! page and the extension export), read whole and bounded, and replaced atomically — a reader
//! (such as `patmint serve`) sees the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use patmint::record::{ExportFile, RecordFileError};
use patmint::verify::RecordSet;
use patmint::TokenRecord;

/// Largest records file read (about a million records): a bound, not a goal.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Why a records file could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// It could not be read (missing, permissions, too large).
    Io(io::Error),
    /// It is not a valid records file; nothing of it was used.
    Invalid(RecordFileError),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => e.fmt(f),
            LoadError::Invalid(e) => e.fmt(f),
        }
    }
}

/// Reads the whole file, refusing one over [`MAX_FILE_BYTES`].
pub fn read_bounded(path: &Path) -> io::Result<String> {
    let file = File::open(path)?;
    let mut text = String::new();
    file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::other(format!(
            "larger than {} MiB",
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(text)
}

/// The records of an export file (v1, v2) or of a bare array of records.
pub fn parse(json: &str) -> Result<Vec<TokenRecord>, RecordFileError> {
    ExportFile::parse(json)
}

/// The export file (v2) holding `records`.
pub fn to_json(records: &[TokenRecord], now: i64) -> String {
    let mut s = ExportFile::to_json(records, now);
    s.push('\n');
    s
}

/// Loads and indexes a records file.
pub fn load(path: &Path) -> Result<RecordSet, LoadError> {
    let text = read_bounded(path).map_err(LoadError::Io)?;
    let records = parse(&text).map_err(LoadError::Invalid)?;
    RecordSet::new(records).map_err(LoadError::Invalid)
}

/// Holds `FILE.lock` exclusively while a command reads, changes and replaces the records
/// file, so that two `patmint mint` at once do not lose one's record.
pub struct Lock(#[allow(dead_code)] File);

pub fn lock(path: &Path) -> io::Result<Lock> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(lock_path))?;
    file.lock()?;
    Ok(Lock(file))
}

/// The records in `path`, or none if it does not exist yet.
pub fn load_for_update(path: &Path) -> Result<Vec<TokenRecord>, LoadError> {
    match read_bounded(path) {
        Ok(text) => {
            let records = parse(&text).map_err(LoadError::Invalid)?;
            // Refuse to add to a file a verifier would refuse (duplicates, bad entries).
            RecordSet::new(records.clone()).map_err(LoadError::Invalid)?;
            Ok(records)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(LoadError::Io(e)),
    }
}

/// Replaces `path` with `contents` atomically: a temporary file in the same directory,
/// synced, then renamed over it (and the directory synced, so the rename survives a crash).
pub fn replace(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("the records path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        // Keep the permissions of the file being replaced (records are not secret, but an
        // operator may have restricted them).
        if let Ok(meta) = fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
