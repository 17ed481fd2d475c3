//! The PostgreSQL store, on tokio-postgres. One table of records keyed by fingerprint, each
//! the export file's JSON of one record (validated by the library on every load, never
//! trusted); a change counter bumped by a trigger on every change, whoever makes it (this
//! program or an operator's SQL), with the fingerprints of removed rows kept so that a verifier
//! can ask what changed since its version; and `NOTIFY patmint_records` on each change.
//!
//! The counter is one row updated by the trigger, once per transaction (every change of a
//! transaction gets its version): its row lock serialises writers until they commit, so
//! versions become visible in order and a reader that has seen version `n` has seen every
//! change up to `n` (a sequence would not promise that). Within a version, removals are
//! applied before puts, so a record deleted and added again in one transaction stays.

use std::time::Duration;

use futures_util::StreamExt;
use patmint::store::{self, Delta, Snapshot, Version};
use patmint::TokenRecord;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client, Config, NoTls};

use super::StoreError;

/// The schema this program reads and writes; `patmint store migrate` brings a database to it.
pub const SCHEMA_VERSION: i32 = 1;

/// The channel of `NOTIFY` (the payload is the new version, for the log only).
pub const CHANNEL: &str = "patmint_records";

/// Records sent per statement by an import.
const IMPORT_BATCH: usize = 2000;

/// How long a connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: [&str; 1] = [r#"
CREATE TABLE patmint_counter (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    value bigint NOT NULL
);
INSERT INTO patmint_counter VALUES (true, 0);
-- `record` is the export file's JSON of one record, as text: the program validates it on
-- every load (a bad row is refused, never allowed), and writes it back unchanged.
CREATE TABLE patmint_records (
    fingerprint text PRIMARY KEY,
    record text NOT NULL,
    name text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    last_used_at timestamptz
);
CREATE INDEX patmint_records_version ON patmint_records (version);
CREATE INDEX patmint_records_name ON patmint_records (name);
CREATE TABLE patmint_removed (
    fingerprint text NOT NULL,
    version bigint NOT NULL
);
CREATE INDEX patmint_removed_version ON patmint_removed (version);
CREATE FUNCTION patmint_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.record = OLD.record AND NEW.fingerprint = OLD.fingerprint THEN
        -- Only last_used_at (or the name copy): no change a verifier needs to see.
        NEW.version := OLD.version;
        RETURN NEW;
    END IF;
    -- One version per transaction: the counter row is updated once (updating it per row
    -- would make a large import quadratic), then remembered until the transaction ends.
    v := nullif(current_setting('patmint.version', true), '')::bigint;
    IF v IS NULL THEN
        UPDATE patmint_counter SET value = value + 1 RETURNING value INTO v;
        PERFORM set_config('patmint.version', v::text, true);
        PERFORM pg_notify('patmint_records', v::text);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.fingerprint <> OLD.fingerprint) THEN
        INSERT INTO patmint_removed VALUES (OLD.fingerprint, v);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.version := v;
    RETURN NEW;
END $$;
CREATE TRIGGER patmint_records_changed BEFORE INSERT OR UPDATE OR DELETE ON patmint_records
    FOR EACH ROW EXECUTE FUNCTION patmint_records_changed();
-- TRUNCATE fires no row trigger: verifiers would never hear of the removals.
CREATE FUNCTION patmint_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'patmint_records: delete rows instead of TRUNCATE (verifiers must see removals)';
END $$;
CREATE TRIGGER patmint_no_truncate BEFORE TRUNCATE ON patmint_records
    FOR EACH STATEMENT EXECUTE FUNCTION patmint_no_truncate();
"#];

/// Where a PostgreSQL store is: the parsed URL, and how it may be shown (without a password).
#[derive(Clone)]
pub struct Location {
    config: Config,
    shown: String,
}

impl Location {
    /// Parses a `postgres://` or `postgresql://` URL; a password missing from it is taken from
    /// `PGPASSWORD` (so that it need not be in argv).
    pub fn parse(url: &str) -> Result<Location, String> {
        let mut config: Config = url
            .parse()
            // tokio-postgres's message names the part, never the URL's text.
            .map_err(|e| format!("not a PostgreSQL URL: {e}"))?;
        if config.get_password().is_none() {
            if let Some(p) = std::env::var_os("PGPASSWORD") {
                config.password(p.as_encoded_bytes());
            }
        }
        config.connect_timeout(CONNECT_TIMEOUT);
        config.keepalives_idle(Duration::from_secs(10));
        config.application_name("patmint");
        // Every query here is a short index lookup; PostgreSQL's JIT, which a large table's
        // estimates can switch on, spent ~200 ms compiling each (a revocation's delay).
        let options = match config.get_options() {
            Some(o) if !o.is_empty() => format!("{o} -c jit=off"),
            _ => "-c jit=off".to_owned(),
        };
        config.options(&options);
        let shown = shown(&config);
        Ok(Location { config, shown })
    }

    /// The store as logs and messages may show it: user, hosts, ports and database, never the
    /// password.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

fn shown(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    format!(
        "postgres://{}@{}:{}/{}",
        config.get_user().unwrap_or(""),
        hosts.join(","),
        ports.join(","),
        config.get_dbname().unwrap_or("")
    )
}

fn db(what: &str, e: tokio_postgres::Error) -> StoreError {
    StoreError::new(format!("{what}: {e}"))
}

/// A connection to a PostgreSQL store.
pub struct Pg {
    client: Client,
}

/// A record as `patmint list` shows it: the record (or why its row is not one) and when a
/// verifier last allowed its token.
pub struct Listed {
    /// The record, or the bad row.
    pub record: Result<TokenRecord, store::BadRow>,
    /// Unix seconds.
    pub last_used_at: Option<i64>,
}

impl Pg {
    /// Connects; notifications, if any arrive, are dropped.
    pub async fn connect(at: &Location) -> Result<Pg, StoreError> {
        let (client, connection) = at
            .config
            .connect(NoTls)
            .await
            .map_err(|e| db(at.shown(), e))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Pg { client })
    }

    /// Connects and listens on [`CHANNEL`]: each notification sends `()` on `notified`. When
    /// the connection ends, the sender is dropped (the receiver sees the channel close).
    pub async fn connect_listening(
        at: &Location,
        notified: mpsc::Sender<()>,
    ) -> Result<Pg, StoreError> {
        let (client, mut connection) = at
            .config
            .connect(NoTls)
            .await
            .map_err(|e| db(at.shown(), e))?;
        tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(Ok(message)) = messages.next().await {
                if let AsyncMessage::Notification(_) = message {
                    // Full: a fetch is already due, which will see this change too.
                    let _ = notified.try_send(());
                }
            }
        });
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .await
            .map_err(|e| db("LISTEN", e))?;
        Ok(Pg { client })
    }

    /// Whether the connection has ended.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The schema version of the database (0: none yet).
    pub async fn schema_version(&self) -> Result<i32, StoreError> {
        let row = self
            .client
            .query_one("SELECT to_regclass('patmint_schema') IS NOT NULL", &[])
            .await
            .map_err(|e| db("schema", e))?;
        if !row.get::<_, bool>(0) {
            return Ok(0);
        }
        let row = self
            .client
            .query_one("SELECT coalesce(max(version), 0) FROM patmint_schema", &[])
            .await
            .map_err(|e| db("schema", e))?;
        Ok(row.get(0))
    }

    /// Refuses a database whose schema is not this program's.
    pub async fn check_schema(&self) -> Result<(), StoreError> {
        match self.schema_version().await? {
            SCHEMA_VERSION => Ok(()),
            v if v < SCHEMA_VERSION => Err(StoreError::new(format!(
                "the store's schema is version {v}, this patmint needs {SCHEMA_VERSION}: run \
                 `patmint store migrate`"
            ))),
            v => Err(StoreError::new(format!(
                "the store's schema is version {v}, newer than this patmint's ({SCHEMA_VERSION}): \
                 upgrade patmint"
            ))),
        }
    }

    /// Brings the schema to [`SCHEMA_VERSION`], in one transaction under an advisory lock (two
    /// migrations at once wait for each other); the versions before and after.
    pub async fn migrate(&mut self) -> Result<(i32, i32), StoreError> {
        let tx = self
            .client
            .transaction()
            .await
            .map_err(|e| db("migrate", e))?;
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(7377826574);
             CREATE TABLE IF NOT EXISTS patmint_schema (version integer NOT NULL)",
        )
        .await
        .map_err(|e| db("migrate", e))?;
        let from: i32 = tx
            .query_one("SELECT coalesce(max(version), 0) FROM patmint_schema", &[])
            .await
            .map_err(|e| db("migrate", e))?
            .get(0);
        if from > SCHEMA_VERSION {
            return Err(StoreError::new(format!(
                "the store's schema is version {from}, newer than this patmint's \
                 ({SCHEMA_VERSION})"
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            tx.batch_execute(sql)
                .await
                .map_err(|e| db(&format!("migration {}", i + 1), e))?;
        }
        tx.execute("DELETE FROM patmint_schema", &[])
            .await
            .map_err(|e| db("migrate", e))?;
        tx.execute("INSERT INTO patmint_schema VALUES ($1)", &[&SCHEMA_VERSION])
            .await
            .map_err(|e| db("migrate", e))?;
        tx.commit().await.map_err(|e| db("migrate", e))?;
        Ok((from, SCHEMA_VERSION))
    }

    /// Adds `record`; refused if its fingerprint is already recorded.
    pub async fn insert(&self, record: &TokenRecord) -> Result<(), StoreError> {
        let json = row_json(record)?;
        let n = self
            .client
            .execute(
                "INSERT INTO patmint_records (fingerprint, record, name) VALUES ($1, $2, $3)
                 ON CONFLICT (fingerprint) DO NOTHING",
                &[&record.fingerprint, &json, &record.name],
            )
            .await
            .map_err(|e| db("insert", e))?;
        if n == 0 {
            return Err(StoreError::new("this token is already recorded"));
        }
        Ok(())
    }

    /// Adds or replaces every record (by fingerprint) in one transaction: all or nothing. How
    /// many were new, and how many replaced a record that differed.
    pub async fn upsert_all(&mut self, records: &[TokenRecord]) -> Result<(u64, u64), StoreError> {
        let tx = self
            .client
            .transaction()
            .await
            .map_err(|e| db("import", e))?;
        // In batches of rows passed as arrays: one round trip per batch, not per record.
        let insert = tx
            .prepare(
                "INSERT INTO patmint_records (fingerprint, record, name)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
                 ON CONFLICT (fingerprint) DO UPDATE SET record = EXCLUDED.record,
                     name = EXCLUDED.name
                 WHERE patmint_records.record <> EXCLUDED.record
                 RETURNING (xmax = 0)",
            )
            .await
            .map_err(|e| db("import", e))?;
        let (mut added, mut changed) = (0, 0);
        for batch in records.chunks(IMPORT_BATCH) {
            let keys: Vec<&str> = batch.iter().map(|r| r.fingerprint.as_str()).collect();
            let names: Vec<&str> = batch.iter().map(|r| r.name.as_str()).collect();
            let json = batch
                .iter()
                .map(row_json)
                .collect::<Result<Vec<String>, StoreError>>()?;
            let rows = tx
                .query(&insert, &[&keys, &json, &names])
                .await
                .map_err(|e| db("import", e))?;
            for row in rows {
                if row.get::<_, bool>(0) {
                    added += 1;
                } else {
                    changed += 1;
                }
            }
        }
        tx.commit().await.map_err(|e| db("import", e))?;
        // Fresh statistics, so that the verifiers' lookups by version use their index.
        self.client
            .batch_execute("ANALYZE patmint_records")
            .await
            .map_err(|e| db("analyze", e))?;
        Ok((added, changed))
    }

    /// Every row, with when its token was last used, ordered by name.
    pub async fn list(&self) -> Result<Vec<Listed>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT fingerprint, record, extract(epoch FROM last_used_at)::bigint
                 FROM patmint_records ORDER BY name, fingerprint",
                &[],
            )
            .await
            .map_err(|e| db("list", e))?;
        Ok(rows
            .iter()
            .map(|row| Listed {
                record: store::decode_row(row.get(0), row.get(1)),
                last_used_at: row.get(2),
            })
            .collect())
    }

    /// The fingerprints whose record is named `name` (its stored name, exactly).
    pub async fn fingerprints_named(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT fingerprint FROM patmint_records WHERE name = $1 ORDER BY fingerprint",
                &[&name],
            )
            .await
            .map_err(|e| db("revoke", e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Deletes the record of `fingerprint`; whether there was one.
    pub async fn delete(&self, fingerprint: &str) -> Result<bool, StoreError> {
        let n = self
            .client
            .execute(
                "DELETE FROM patmint_records WHERE fingerprint = $1",
                &[&fingerprint],
            )
            .await
            .map_err(|e| db("revoke", e))?;
        Ok(n > 0)
    }

    /// Sets `last_used_at` of each `(fingerprint, unix seconds)` that is later than the stored
    /// one: one statement for the batch (the trigger leaves the version alone).
    pub async fn touch(&self, uses: &[(String, i64)]) -> Result<u64, StoreError> {
        let keys: Vec<&str> = uses.iter().map(|(k, _)| k.as_str()).collect();
        let times: Vec<f64> = uses.iter().map(|(_, t)| *t as f64).collect();
        self.client
            .execute(
                "UPDATE patmint_records r SET last_used_at = to_timestamp(u.t)
                 FROM unnest($1::text[], $2::float8[]) AS u(fp, t)
                 WHERE r.fingerprint = u.fp
                   AND (r.last_used_at IS NULL OR r.last_used_at < to_timestamp(u.t))",
                &[&keys, &times],
            )
            .await
            .map_err(|e| db("last used", e))
    }
}

/// The JSON a row holds for `record`: the export file's shape of one record.
fn row_json(record: &TokenRecord) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::new(format!("record: {e}")))
}

impl store::Store for Pg {
    type Error = StoreError;

    async fn load_all(&self) -> Result<Snapshot, StoreError> {
        // One statement: one snapshot of the counter and the rows.
        let rows = self
            .client
            .query(
                "SELECT c.value, r.fingerprint, r.record
                 FROM patmint_counter c LEFT JOIN patmint_records r ON true",
                &[],
            )
            .await
            .map_err(|e| db("load", e))?;
        let version = rows.first().map_or(0, |r| r.get::<_, i64>(0)) as Version;
        Ok(store::snapshot_from_rows(
            version,
            rows.iter().filter_map(|row| {
                Some((
                    row.get::<_, Option<&str>>(1)?,
                    row.get::<_, Option<&str>>(2)?,
                ))
            }),
        ))
    }

    async fn changes_since(&self, version: Version) -> Result<Delta, StoreError> {
        let since = version as i64;
        let rows = self
            .client
            .query(
                "SELECT c.value, x.fingerprint, x.record
                 FROM patmint_counter c LEFT JOIN (
                     SELECT fingerprint, record, version FROM patmint_records WHERE version > $1
                     UNION ALL
                     SELECT fingerprint, NULL, version FROM patmint_removed WHERE version > $1
                 ) x ON true
                 ORDER BY x.version, x.record IS NOT NULL",
                &[&since],
            )
            .await
            .map_err(|e| db("changes", e))?;
        let to = rows.first().map_or(since, |r| r.get::<_, i64>(0)) as Version;
        Ok(store::delta_from_rows(
            to,
            rows.iter().filter_map(|row| {
                Some((
                    row.get::<_, Option<&str>>(1)?,
                    row.get::<_, Option<&str>>(2),
                ))
            }),
        ))
    }
}
