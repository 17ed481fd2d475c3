//! `patmint`: the native command line. Secrets are read from stdin, never from argv (argv is
//! visible to other users in `ps` and lands in shell history).

// The server half (mint, record, verify, serve) and scan's output to a pipe: modules of their
// own.
mod access;
mod pipe;
mod records_file;
mod serve;
mod store;

fn main() -> std::process::ExitCode {
    cli::main()
}

mod cli {
    use std::io::{self, BufRead, BufWriter, Write};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};
    use patmint::{format::Custom, scopes, ErrorCode, Format};
    use zeroize::Zeroizing;

    use crate::pipe::{Gate, Quiet};

    #[derive(Parser)]
    #[command(
        name = "patmint",
        version,
        about = "Mint and inspect personal access tokens (GitHub formats, custom prefixes).",
        after_help = "Tokens are read from stdin, one per line; never pass a secret as an argument."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Print new tokens, one per line.
        Generate {
            /// ghp, gho, ghu, ghs, ghr, github_pat, custom:<prefix> or custom:<prefix>:<length>.
            #[arg(long, short, default_value = "ghp", value_parser = parse_format)]
            format: Format,
            /// How many tokens (1 to 100000).
            #[arg(long, short = 'n', default_value_t = 1,
                  value_parser = clap::value_parser!(u32).range(1..=patmint::token::MAX_BULK as i64))]
            count: u32,
        },
        /// Check tokens from stdin: `valid <format>` or `invalid <code>: <message>` per line;
        /// exit status 0 only if all are valid.
        Check {
            /// Also accept this custom prefix (repeatable), e.g. --prefix acme.
            #[arg(long = "prefix", value_name = "PREFIX", value_parser = parse_prefix)]
            prefixes: Vec<Format>,
        },
        /// Print the SHA-256 fingerprint (64 lowercase hex) of each token from stdin.
        Fingerprint,
        /// Print the masked form of each token from stdin.
        Mask,
        /// Find tokens in files (or stdin): prints `file:line:col format verified|unverified|partial
        /// masked` per finding (`partial`: a possible partial token ending its line, whose rest
        /// was not joined); exit status 1 if a verified token is found, 2 on an error.
        Scan {
            /// Files to scan; none or `-` reads stdin.
            #[arg(value_name = "FILE")]
            files: Vec<std::path::PathBuf>,
            /// Write the text with every finding masked to stdout; findings go to stderr.
            #[arg(long)]
            redact: bool,
            /// Print findings as JSON lines.
            #[arg(long)]
            json: bool,
            /// Also prove tokens of this custom prefix by their checksum (repeatable).
            #[arg(long = "prefix", value_name = "PREFIX", value_parser = parse_prefix)]
            prefixes: Vec<Format>,
        },
        #[command(flatten)]
        Access(Box<crate::access::AccessCommand>),
        #[command(flatten)]
        Store(Box<crate::store::StoreCommand>),
        /// Print GitHub's classic scope catalogue, or normalise a list of scopes.
        Scopes {
            /// Comma-separated scopes to normalise, e.g. user,gist,user:email.
            #[arg(long, value_name = "A,B,C")]
            normalize: Option<String>,
        },
    }

    fn parse_format(s: &str) -> Result<Format, String> {
        Format::parse(s).map_err(|e| e.to_string())
    }

    fn parse_prefix(s: &str) -> Result<Format, String> {
        let name = s.strip_prefix("custom:").unwrap_or(s);
        Custom::new(name, patmint::format::CUSTOM_RANDOM_DEFAULT)
            .map(Format::Custom)
            .map_err(|e| e.to_string())
    }

    pub fn main() -> ExitCode {
        // A token pasted as an argument must not be repeated to the terminal (or a CI log).
        let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
        if args.iter().any(|a| holds_token(a, &argv_prefixes(&args))) {
            eprintln!(
                "patmint: refusing an argument that holds a token: secrets are read from \
                 stdin only (arguments are visible to other processes and land in shell history)"
            );
            return ExitCode::from(2);
        }
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            Err(e) => return usage_error(&e),
        };
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let result =
            match cli.command {
                Command::Generate { format, count } => generate(&format, count as usize, &mut out),
                Command::Check { prefixes } => each_line(&mut out, |line, out| {
                    match patmint::check_with(line, &prefixes) {
                        Ok(info) => {
                            writeln!(out, "valid {}", info.format.id())?;
                            Ok(true)
                        }
                        Err(e) => {
                            writeln!(out, "invalid {}: {e}", e.code())?;
                            Ok(false)
                        }
                    }
                }),
                Command::Fingerprint => each_line(&mut out, |line, out| {
                    writeln!(out, "{}", patmint::fingerprint(line))?;
                    Ok(true)
                }),
                Command::Mask => each_line(&mut out, |line, out| {
                    writeln!(out, "{}", patmint::mask(line))?;
                    Ok(true)
                }),
                Command::Scopes { normalize } => scopes_command(normalize.as_deref(), &mut out),
                Command::Access(command) => {
                    drop(out);
                    return crate::access::run(*command);
                }
                Command::Store(command) => {
                    drop(out);
                    return crate::store::run(*command);
                }
                Command::Scan {
                    files,
                    redact,
                    json,
                    prefixes,
                } => {
                    drop(out);
                    return scan_command(&files, redact, json, &prefixes);
                }
            };
        let flushed = out.flush();
        match (result, flushed) {
            (Ok(true), Ok(())) => ExitCode::SUCCESS,
            (Ok(false), Ok(())) => ExitCode::from(1),
            (Err(e), _) | (_, Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("patmint: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// The custom prefixes given with `--prefix P` or `--prefix=P`, read before clap so that the
    /// argv guard knows them.
    fn argv_prefixes(args: &[std::ffi::OsString]) -> Vec<Format> {
        let mut prefixes = Vec::new();
        let mut next_is_prefix = false;
        for arg in args.iter().map(|a| a.to_string_lossy()) {
            let value = if next_is_prefix {
                Some(&*arg)
            } else {
                arg.strip_prefix("--prefix=")
            };
            next_is_prefix = arg == "--prefix";
            prefixes.extend(value.and_then(|v| parse_prefix(v).ok()));
        }
        prefixes
    }

    /// Whether the scanner finds any candidate, of any format, in `arg` (its bytes as given, so a
    /// stray non-UTF-8 byte hides nothing). Custom tokens are proven by their checksum whether or
    /// not their prefix was given: every prefix-shaped word of the argument is tried as one.
    fn holds_token(arg: &std::ffi::OsStr, given: &[Format]) -> bool {
        let bytes = arg.as_encoded_bytes();
        let mut formats = given.to_vec();
        formats.extend(prefix_shaped_words(bytes).filter_map(|p| parse_prefix(p).ok()));
        !patmint::scan::Scanner::with_formats(&formats)
            .scan_bytes(bytes)
            .is_empty()
    }

    /// Words that could be a custom prefix: a lower-case letter starting a word, then lower-case
    /// letters and digits, then `_`.
    fn prefix_shaped_words(bytes: &[u8]) -> impl Iterator<Item = &str> {
        (0..bytes.len()).filter_map(move |i| {
            let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if !starts_word || !bytes[i].is_ascii_lowercase() {
                return None;
            }
            let len = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                .count();
            (bytes.get(i + len) == Some(&b'_'))
                .then(|| std::str::from_utf8(&bytes[i..i + len]).ok())
                .flatten()
        })
    }

    /// A file name as it may be printed: every candidate token in it masked (names come from
    /// argv, which the guard has checked, but a message must never be the one place that
    /// prints a token).
    fn shown(scanner: &patmint::scan::Scanner, path: &std::path::Path) -> String {
        if path.as_os_str() == "-" {
            return "<stdin>".into();
        }
        scanner.redact(&path.to_string_lossy())
    }

    /// clap's own error text quotes the offending argument, which may be a secret pasted in
    /// the wrong place: print what went wrong without the value.
    fn usage_error(e: &clap::Error) -> ExitCode {
        use clap::error::{ContextKind, ErrorKind};
        match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                return ExitCode::from(2);
            }
            _ => {}
        }
        // The option's name is safe to show for a bad value; an unknown argument is not.
        let arg = matches!(
            e.kind(),
            ErrorKind::InvalidValue | ErrorKind::ValueValidation
        )
        .then(|| e.get(ContextKind::InvalidArg))
        .flatten()
        .map(|a| format!(" for {a}"))
        .unwrap_or_default();
        let detail = std::error::Error::source(e)
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        eprintln!("patmint: {}{arg}{detail}", e.kind());
        eprintln!("Run `patmint --help` for usage. Secrets go on stdin, never in arguments.");
        ExitCode::from(2)
    }

    fn generate(format: &Format, count: usize, out: &mut impl Write) -> io::Result<bool> {
        // Bounded batches: one pool per batch, and never 100000 secrets in memory at once.
        const BATCH: usize = 1000;
        let mut left = count;
        while left > 0 {
            let n = left.min(BATCH);
            let tokens = patmint::generate_many(format, n)
                .map_err(|e| io::Error::other(format!("{}: {e}", e.code())))?;
            for t in &tokens {
                out.write_all(t.expose_secret().as_bytes())?;
                out.write_all(b"\n")?;
            }
            left -= n;
        }
        Ok(true)
    }

    /// Runs `f` on each stdin line (without its line ending); `Ok(true)` iff every call did.
    /// The line buffer is zeroized after each line and when done.
    fn each_line<W: Write>(
        out: &mut W,
        mut f: impl FnMut(&str, &mut W) -> io::Result<bool>,
    ) -> io::Result<bool> {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut buf = Zeroizing::new(Vec::with_capacity(512));
        let mut all_ok = true;
        loop {
            zeroize::Zeroize::zeroize(&mut *buf);
            if input.read_until(b'\n', &mut buf)? == 0 {
                return Ok(all_ok);
            }
            let mut line: &[u8] = &buf;
            line = line.strip_suffix(b"\n").unwrap_or(line);
            line = line.strip_suffix(b"\r").unwrap_or(line);
            let ok = match std::str::from_utf8(line) {
                Ok(s) => f(s, out)?,
                Err(_) => {
                    writeln!(out, "invalid not_utf8: the line is not valid UTF-8")?;
                    false
                }
            };
            all_ok &= ok;
        }
    }

    /// `patmint scan`: 0 nothing proven, 1 a verified token found, 2 an input could not be read.
    fn scan_command(
        files: &[std::path::PathBuf],
        redact: bool,
        json: bool,
        prefixes: &[Format],
    ) -> ExitCode {
        let scanner = patmint::scan::Scanner::with_formats(prefixes);
        let stdin_only = [std::path::PathBuf::from("-")];
        let files = if files.is_empty() {
            &stdin_only[..]
        } else {
            files
        };
        // With --redact the text owns stdout and the report goes to stderr.
        let gate = Gate::default();
        let mut text = Quiet::new(io::stdout().lock(), &gate, redact);
        let mut report: Quiet<Box<dyn Write>> = if redact {
            Quiet::new(Box::new(io::stderr().lock()), &gate, false)
        } else {
            Quiet::new(Box::new(io::stdout().lock()), &gate, true)
        };
        let (mut verified, mut failed) = (false, false);
        for path in files {
            gate.set_endless(path.as_os_str() == "-");
            let name = shown(&scanner, path);
            let input: Box<dyn io::Read> = if path.as_os_str() == "-" {
                Box::new(io::stdin().lock())
            } else {
                match std::fs::File::open(path) {
                    Ok(f) => Box::new(f),
                    Err(e) => {
                        eprintln!("patmint: {name}: {e}");
                        failed = true;
                        continue;
                    }
                }
            };
            let sink = redact.then_some(&mut text as &mut dyn Write);
            let result = scanner.scan_stream(input, sink, |l| {
                verified |= l.finding.verified;
                gate.set_verified(verified);
                write_finding(&mut report, &name, l, json)
            });
            match result {
                // Every reader has gone and nothing left can change the outcome (see Gate).
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => break,
                Err(e) => {
                    eprintln!("patmint: {name}: {e}");
                    failed = true;
                }
                Ok(()) => {}
            }
        }
        match text.flush().and(report.flush()) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                eprintln!("patmint: {e}");
                failed = true;
            }
            _ => {}
        }
        if failed {
            ExitCode::from(2)
        } else if verified {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }

    /// One line of `scan --json` (fields in this order).
    #[derive(serde::Serialize)]
    struct JsonFinding<'a> {
        file: &'a str,
        line: u64,
        column: u64,
        start: usize,
        end: usize,
        format: &'a str,
        verified: bool,
        reason: Option<&'static str>,
        masked: &'a str,
    }

    fn write_finding(
        out: &mut dyn Write,
        file: &str,
        l: &patmint::scan::Located,
        json: bool,
    ) -> io::Result<()> {
        let f = &l.finding;
        if json {
            let line = JsonFinding {
                file,
                line: l.line,
                column: l.column,
                start: f.range.start,
                end: f.range.end,
                format: &f.format,
                verified: f.verified,
                reason: f.reason.map(|r| r.code()),
                masked: &f.masked,
            };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)
        } else {
            let verdict = match (f.verified, f.reason) {
                (true, _) => "verified",
                (false, Some(patmint::scan::Reason::Partial)) => "partial",
                (false, _) => "unverified",
            };
            let (line, col) = (l.line, l.column);
            writeln!(
                out,
                "{file}:{line}:{col} {} {verdict} {}",
                f.format, f.masked
            )
        }
    }

    fn scopes_command(normalize: Option<&str>, out: &mut impl Write) -> io::Result<bool> {
        if let Some(list) = normalize {
            let items: Vec<&str> = list.split(',').collect();
            return match scopes::normalize(&items) {
                Ok(v) => {
                    writeln!(out, "{}", v.join(","))?;
                    Ok(true)
                }
                Err(e) => {
                    eprintln!("patmint: {}: {e}", e.code());
                    Ok(false)
                }
            };
        }
        for s in scopes::CATALOGUE {
            let depth = scopes::ancestors(s.id).count();
            let id = format!("{}{}", "  ".repeat(depth), s.id);
            writeln!(out, "{id:<28}{}", s.description)?;
        }
        Ok(true)
    }
}
