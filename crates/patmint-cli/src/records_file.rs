//! The records file of `mint`, `record`, `verify` and `serve`: an export file (what the demo
//! page and the extension export), read in one pass (never held whole) and bounded, and replaced atomically — a reader
//! (such as `patmint serve`) sees the old file or the new one, never half of one.
//!
//! Only a regular file is read: a FIFO, a device or a directory at the records path is refused
//! at once (it is opened without blocking, then checked), never waited on. Loading is linear
//! in the file's size and can be stopped part-way ([`load_until`]).
//!
//! Writers (`mint`, `record`) follow a symbolic link at the records path to the file it names,
//! lock `<that file>.lock` and replace that file, keeping its owner, group and mode; a new
//! records file is created 0640 and a new lock file 0600 (see [`NEW_FILE_MODE`]).

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use patmint::record::{ExportFile, RecordFileError};
use patmint::verify::RecordSet;
use patmint::TokenRecord;

/// Largest records file read (about two million records): a bound, not a goal.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// The mode of a records file `mint` and `record` create (before the umask). Records hold no
/// secret, but they say what each token reaches (owners, repositories, permissions), so others
/// get nothing; the group may read, since `patmint serve` usually runs as another user in the
/// file's group. An existing file keeps its own mode, owner and group.
pub const NEW_FILE_MODE: u32 = 0o640;

/// The mode of a new lock file: whoever may open it may hold it and stall every writer.
pub const LOCK_MODE: u32 = 0o600;

/// How much is read between two questions to `stop`.
const READ_CHUNK: u64 = 4 << 20;

/// Why a records file could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// It could not be read (missing, permissions, too large).
    Io(io::Error),
    /// It is not a regular file (a FIFO, a device, a directory…): refused without reading.
    NotAFile(&'static str),
    /// It is not a valid records file; nothing of it was used.
    Invalid(RecordFileError),
    /// [`load_until`]'s `stop` said to give up.
    Stopped,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => e.fmt(f),
            LoadError::NotAFile(kind) => {
                write!(f, "not a regular file ({kind}): refused without reading it")
            }
            // The code too, so that a log says which rule an entry broke ("record 3: … (duplicate_fingerprint)").
            LoadError::Invalid(e) => write!(f, "{e} ({})", e.code),
            LoadError::Stopped => f.write_str("the load was stopped"),
        }
    }
}

/// What a non-regular file is, in words.
fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading, following symbolic links, without ever blocking on it: a FIFO
/// would otherwise wait for a writer forever. Anything but a regular file is refused.
fn open_regular(path: &Path) -> Result<(File, Metadata), LoadError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(LoadError::Io)?;
    let meta = file.metadata().map_err(LoadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(LoadError::NotAFile(kind(&meta)));
    }
    Ok((file, meta))
}

fn too_large() -> io::Error {
    io::Error::other(format!("larger than {} MiB", MAX_FILE_BYTES >> 20))
}

/// A records file opened for reading: at most [`MAX_FILE_BYTES`], asking `stop` every few MiB.
/// A failure of its own (reading, size, stop) is kept, so that [`Reader::finish`] reports it
/// rather than the parser's view of it.
pub struct Reader<'a> {
    file: File,
    read: u64,
    next_stop_check: u64,
    stop: &'a dyn Fn() -> bool,
    failure: Option<LoadError>,
}

impl<'a> Reader<'a> {
    /// Opens the regular file at `path` (see [`open_regular`]).
    pub fn open(path: &Path, stop: &'a dyn Fn() -> bool) -> Result<Reader<'a>, LoadError> {
        let (file, meta) = open_regular(path)?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(LoadError::Io(too_large()));
        }
        Ok(Reader {
            file,
            read: 0,
            next_stop_check: 0,
            stop,
            failure: None,
        })
    }

    /// What was read from this reader (e.g. by [`ExportFile::read_until`]), or why reading
    /// failed.
    pub fn finish<T>(self, parsed: Result<T, RecordFileError>) -> Result<T, LoadError> {
        if let Some(failure) = self.failure {
            return Err(failure);
        }
        parsed.map_err(|e| {
            if e.code == patmint::record::STOPPED {
                LoadError::Stopped
            } else {
                LoadError::Invalid(e)
            }
        })
    }

    fn fail(&mut self, failure: LoadError) -> io::Error {
        self.failure = Some(failure);
        io::Error::other("the records file could not be read")
    }
}

impl Read for Reader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read >= self.next_stop_check {
            if (self.stop)() {
                return Err(self.fail(LoadError::Stopped));
            }
            self.next_stop_check = self.read + READ_CHUNK;
        }
        let n = match self.file.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => return Err(self.fail(LoadError::Io(e))),
        };
        self.read += n as u64;
        if self.read > MAX_FILE_BYTES {
            return Err(self.fail(LoadError::Io(too_large())));
        }
        Ok(n)
    }
}

/// The records of the file at `path`, read in one pass (its text is never held whole).
fn read_records(path: &Path, stop: &dyn Fn() -> bool) -> Result<Vec<TokenRecord>, LoadError> {
    let mut reader = Reader::open(path, stop)?;
    let parsed = ExportFile::read_until(BufReader::with_capacity(1 << 16, &mut reader), stop);
    reader.finish(parsed)
}

/// Writes the export file (v2) holding `records`, with a final newline.
pub fn write_json(records: &[TokenRecord], now: i64, out: &mut dyn Write) -> io::Result<()> {
    ExportFile::write_json(records, now, &mut *out)?;
    out.write_all(b"\n")
}

/// Loads and indexes a records file.
pub fn load(path: &Path) -> Result<RecordSet, LoadError> {
    load_until(path, &|| false)
}

/// [`load`], asking `stop` every few MiB read and every few thousand records parsed whether to
/// give up ([`LoadError::Stopped`]): for a server whose file changed again while it was being
/// loaded, or that is shutting down. Indexing the parsed records is not interrupted (a sort:
/// well under a second for a million records).
pub fn load_until(path: &Path, stop: &dyn Fn() -> bool) -> Result<RecordSet, LoadError> {
    let records = read_records(path, stop)?;
    RecordSet::new(records).map_err(LoadError::Invalid)
}

/// The file a writer changes for the records path `path`: a symbolic link (or a chain of them)
/// at `path` is followed to the file it names, which need not exist yet. Replacing the link
/// itself would leave the file every reader uses without the record.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    // Linux's own limit on links followed in one lookup.
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => return Ok(at),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Holds `FILE.lock` exclusively while a command reads, changes and replaces the records
/// file, so that two `patmint mint` at once do not lose one's record.
pub struct Lock(#[allow(dead_code)] File);

/// Locks `target` (a path from [`resolve`]) through `target.lock`. The lock file is never
/// followed if it is a symbolic link (in a shared directory, a link planted there would
/// have `mint` create or open a file of the link's choosing), nor waited on if it is a FIFO.
/// A new lock file gets [`LOCK_MODE`] and, when the records file exists, its owner and group
/// (as far as this user may give them), so that the server's user can still lock after root.
pub fn lock(target: &Path) -> io::Result<Lock> {
    let mut lock_path = target.as_os_str().to_owned();
    lock_path.push(".lock");
    let lock_path = PathBuf::from(lock_path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(LOCK_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&lock_path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                io::Error::other(format!(
                    "{} is a symbolic link: refused",
                    lock_path.display()
                ))
            } else {
                e
            }
        })?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(io::Error::other(format!(
            "{} is {}: refused",
            lock_path.display(),
            kind(&meta)
        )));
    }
    if let Ok(records) = fs::metadata(target) {
        // Best effort: only root (or the owner, for the group) may give a file away.
        let _ = keep_owner(&file, &meta, &records);
    }
    file.lock()?;
    Ok(Lock(file))
}

/// Gives `file` (described by `meta`) the owner and group of `like`, where they differ.
fn keep_owner(file: &File, meta: &Metadata, like: &Metadata) -> io::Result<()> {
    let uid = (meta.uid() != like.uid()).then_some(like.uid());
    let gid = (meta.gid() != like.gid()).then_some(like.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, uid, gid)
}

/// The records in `target` (a path from [`resolve`]), or none if it does not exist yet.
pub fn load_for_update(target: &Path) -> Result<Vec<TokenRecord>, LoadError> {
    match read_records(target, &|| false) {
        // Refuse to add to a file a verifier would refuse (duplicates, bad entries).
        Ok(records) => Ok(RecordSet::new(records)
            .map_err(LoadError::Invalid)?
            .into_records()),
        Err(LoadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Replaces `target` (a path from [`resolve`]) with what `write` writes, atomically: a temporary file in
/// the same directory, synced, then renamed over it (and the directory synced, so the rename
/// survives a crash). The new file keeps the old one's owner, group and mode — or, when this
/// user cannot give it that owner and group, nothing is replaced and the error says why (a
/// file the server can no longer read would refuse every token). A new file gets
/// [`NEW_FILE_MODE`].
pub fn replace(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("the records path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let old = match fs::metadata(target) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(NEW_FILE_MODE)
            .open(&tmp)?;
        if let Some(old) = &old {
            keep_owner(&f, &f.metadata()?, old).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot keep its owner and group ({}:{}): {e}; run as its owner, or as root",
                        old.uid(),
                        old.gid()
                    ),
                )
            })?;
            // After the owner: changing it clears set-id bits.
            f.set_permissions(old.permissions())?;
        }
        let mut out = io::BufWriter::with_capacity(1 << 16, f);
        write(&mut out)?;
        let f = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        fs::rename(&tmp, target)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "patmint-records-file-{}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_load_stops_when_asked() {
        let d = dir("stop");
        let f = d.join("records.json");
        fs::write(&f, "[]").unwrap();
        assert!(matches!(load_until(&f, &|| true), Err(LoadError::Stopped)));
        assert_eq!(load_until(&f, &|| false).unwrap().len(), 0);
        // Asked again while parsing (after the first read), not only before reading.
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        let many = format!("[{}]", vec!["{}"; 10_000].join(","));
        fs::write(&f, many).unwrap();
        assert!(matches!(load_until(&f, &stop), Err(LoadError::Stopped)));
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn links_are_resolved_to_the_file_they_name() {
        let d = dir("resolve");
        let real = d.join("real.json");
        std::os::unix::fs::symlink("real.json", d.join("a")).unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("b")).unwrap();
        // Not there yet: the path a writer creates.
        assert_eq!(resolve(&d.join("b")).unwrap(), real);
        fs::write(&real, "[]").unwrap();
        assert_eq!(resolve(&d.join("b")).unwrap(), real);
        assert_eq!(resolve(&real).unwrap(), real);
        std::os::unix::fs::symlink("loop", d.join("loop")).unwrap();
        assert!(resolve(&d.join("loop")).is_err());
        let _ = fs::remove_dir_all(&d);
    }
}
