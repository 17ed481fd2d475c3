//! `patmint serve` as a process, over real sockets: what the proxies' end-to-end test
//! (tests/e2e/git-server.test.mjs) cannot provoke on purpose — a client that never reads its
//! answers, a records file that is not a file, a revocation behind a large reload, shutdown.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("patmint-serve-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `patmint serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(records: &std::path::Path, extra: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_patmint"))
            .args(["serve", "--records"])
            .arg(records)
            .args(["--listen", &addr.to_string(), "--reload-interval-ms", "20"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, addr };
        wait_until(Duration::from_secs(20), || server.health() == Some(200));
        server
    }

    /// The status of one request (a fresh connection), or `None` if refused or cut.
    fn status(&self, request: &str) -> Option<u16> {
        let mut s = TcpStream::connect(self.addr).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        s.write_all(request.as_bytes()).ok()?;
        let mut head = [0u8; 12];
        s.read_exact(&mut head).ok()?;
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    }

    fn health(&self) -> Option<u16> {
        self.status("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    }

    fn auth(&self, token: &str) -> Option<u16> {
        self.status(&format!(
            "GET /auth?scope=repo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
             Connection: close\r\n\r\n"
        ))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) {
    let end = Instant::now() + limit;
    while !ok() {
        assert!(Instant::now() < end, "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mint(records: &std::path::Path, name: &str) -> String {
    let o = common::run_cli(
        &[
            "mint",
            "--records",
            records.to_str().unwrap(),
            "--name",
            name,
            "--scope",
            "repo",
        ],
        b"",
    );
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}

fn terminate(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn exits_within(child: &mut Child, limit: Duration) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn clients_that_never_read_their_answers_are_cut_off() {
    let dir = Dir::new("slow-readers");
    let records = dir.path("records.json");
    std::fs::write(&records, "[]").unwrap();
    let server = Server::start(
        &records,
        &["--max-connections", "4", "--write-timeout", "1"],
    );
    // Each of these pipelines requests and never reads an answer: the answers fill both
    // sockets' buffers, and the server can no longer write.
    let request = b"GET /auth?scope=repo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n\r\n";
    let batch: Vec<u8> = request.repeat(1000);
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            let batch = batch.clone();
            std::thread::spawn(move || {
                let mut sent = 0usize;
                // Until the server closes the connection (or 200 MB: it never did).
                while sent < 200 << 20 {
                    match s.write(&batch) {
                        Ok(n) => sent += n,
                        Err(_) => return true,
                    }
                }
                false
            })
        })
        .collect();
    // Every permit is held by a client that does not read: until they are cut off, no one else
    // is let in. Then the health check (a new connection) answers again.
    wait_until(Duration::from_secs(60), || server.health() == Some(200));
    for w in writers {
        assert!(
            w.join().unwrap(),
            "a client that never reads kept its connection"
        );
    }
}

#[test]
fn a_records_path_that_is_not_a_file_never_stops_reloads_or_shutdown() {
    let dir = Dir::new("fifo");
    let records = dir.path("records.json");
    std::fs::write(&records, "[]").unwrap();
    let mut server = Server::start(&records, &[]);
    let token = mint(&records, "ci");
    wait_until(Duration::from_secs(5), || server.auth(&token) == Some(204));
    // A FIFO where the records were: reading it would wait for a writer for ever.
    std::fs::remove_file(&records).unwrap();
    let made = Command::new("mkfifo").arg(&records).status().unwrap();
    assert!(made.success());
    std::thread::sleep(Duration::from_millis(300));
    // The last good records stay in use, and a real file again is picked up.
    assert_eq!(server.auth(&token), Some(204));
    std::fs::remove_file(&records).unwrap();
    std::fs::write(&records, "[]").unwrap();
    wait_until(Duration::from_secs(5), || server.auth(&token) == Some(401));
    // And with the FIFO back, SIGTERM still ends the server at once.
    std::fs::remove_file(&records).unwrap();
    assert!(Command::new("mkfifo")
        .arg(&records)
        .status()
        .unwrap()
        .success());
    std::thread::sleep(Duration::from_millis(300));
    terminate(&server.child);
    assert!(
        exits_within(&mut server.child, Duration::from_secs(5)),
        "SIGTERM did not end the server"
    );
}

#[test]
fn a_revocation_is_not_held_up_by_a_large_reload() {
    let dir = Dir::new("large");
    let records = dir.path("records.json");
    std::fs::write(&records, "[]").unwrap();
    let mut server = Server::start(&records, &[]);
    let token = mint(&records, "victim");
    wait_until(Duration::from_secs(5), || server.auth(&token) == Some(204));
    let with_token = std::fs::read_to_string(&records).unwrap();
    // A large version of the file (the token's record among 100 000 others), then at once a
    // small one without the token: the revocation applies however long the large one takes.
    let v: serde_json::Value = serde_json::from_str(&with_token).unwrap();
    let mut file = v.clone();
    let record = v["records"][0].clone();
    let list = file["records"].as_array_mut().unwrap();
    for i in 0..100_000u32 {
        let mut r = record.clone();
        r["name"] = format!("filler {i}").into();
        r["fingerprint"] = format!("{:064x}", u128::from(i) + 1).into();
        list.push(r);
    }
    let large = serde_json::to_string(&file).unwrap();
    let tmp = dir.path("next.json");
    std::fs::write(&tmp, large).unwrap();
    std::fs::rename(&tmp, &records).unwrap();
    std::thread::sleep(Duration::from_millis(60));
    std::fs::write(&tmp, "[]").unwrap();
    std::fs::rename(&tmp, &records).unwrap();
    let revoked = Instant::now();
    wait_until(Duration::from_secs(30), || server.auth(&token) == Some(401));
    // And it stays revoked once the large load has ended (an older version is never applied
    // over a newer one).
    std::thread::sleep(Duration::from_secs(3).saturating_sub(revoked.elapsed()));
    assert_eq!(server.auth(&token), Some(401));
    terminate(&server.child);
    assert!(exits_within(&mut server.child, Duration::from_secs(5)));
}
