//! Storage faults: a database that cannot be opened ends the start at once with its cause, and
//! a SQLite file deleted or replaced under a running server fails its health check and is
//! logged, and passes again once the file is back.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::served::{Served, openwork, temp_dir};

/// `openwork serve` on `db` fails within a few seconds, saying `cause`.
fn start_fails_at_once_saying(db: &str, cause: &str) {
    let started = Instant::now();
    let output = openwork(&["serve", "--listen", "127.0.0.1:0", "--db", db]);
    let took = started.elapsed();
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{text}");
    assert!(took < Duration::from_secs(10), "took {took:?}: {text}");
    assert!(text.contains(cause), "{text}");
    assert!(!text.contains("pool timed out"), "{text}");
}

#[test]
fn a_database_that_cannot_be_opened_ends_the_start_with_its_cause() {
    let corrupt = temp_dir("storage-corrupt").join("openwork.db");
    std::fs::write(&corrupt, vec![0x5a_u8; 64 * 1024]).unwrap();
    start_fails_at_once_saying(
        &format!("sqlite://{}", corrupt.display()),
        "file is not a database",
    );
    // Port 1 on the loopback: nothing listens there.
    start_fails_at_once_saying("postgres://postgres@127.0.0.1:1/test", "Connection refused");
}

/// `openwork serve` on the SQLite file `db` (its URL ending in `parameters`), its log going to
/// the file `log`.
fn serve_logging_to(db: &Path, parameters: &str, log: &Path) -> Served {
    Served::start_logging_to(
        &[
            "--listen",
            "127.0.0.1:0",
            "--db",
            &format!("sqlite://{}{parameters}", db.display()),
            "--admin-token",
            "storage-admin",
        ],
        &[],
        File::create(log).unwrap(),
    )
}

/// What `openwork health` says of `served`: its exit status and its words.
fn health(served: &Served) -> (bool, String) {
    let output = openwork(&["health", "--server", &served.base]);
    let words = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), words)
}

/// Waits up to 30 s (the server looks every 2 s, but may be slow on a busy machine) for the
/// log at `path` to have a line at `level` containing `text`.
fn logged(path: &Path, level: &str, text: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let log = std::fs::read_to_string(path).unwrap_or_default();
        if log
            .lines()
            .any(|line| line.contains(level) && line.contains(text))
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

#[test]
fn a_database_file_deleted_or_replaced_under_the_server_is_noticed_and_its_return_too() {
    let dir = temp_dir("storage-file");
    let db = dir.join("openwork.db");
    let log = dir.join("server.log");
    let served = serve_logging_to(&db, "", &log);
    assert_eq!(health(&served), (true, format!("{} is ok\n", served.base)));

    // Moved away: the path holds nothing.
    let aside = dir.join("aside.db");
    std::fs::rename(&db, &aside).unwrap();
    let (ok, words) = health(&served);
    assert!(!ok);
    assert!(
        words.contains("was deleted while the server ran"),
        "{words}"
    );
    // Said by the file's watch, whether or not anyone asks for the server's health.
    let said = logged(&log, "ERROR", "was deleted while the server ran");
    assert!(said, "{}", std::fs::read_to_string(&log).unwrap());

    // Back where it was: the same file, so all is well again, without a restart.
    std::fs::rename(&aside, &db).unwrap();
    assert!(health(&served).0);
    assert!(logged(&log, "INFO", "the database file is back"));

    // Replaced by a copy: another file at the path.
    std::fs::copy(&db, &aside).unwrap();
    std::fs::rename(&aside, &db).unwrap();
    let (ok, words) = health(&served);
    assert!(!ok);
    assert!(
        words.contains("was replaced while the server ran"),
        "{words}"
    );
    assert!(served.terminate().success());
}

#[test]
fn the_wal_index_is_kept_in_memory_and_a_broken_mapped_one_is_said() {
    // By default SQLite's WAL index lives in the server's memory: no -shm file to break.
    let dir = temp_dir("storage-shm");
    let served = serve_logging_to(&dir.join("private.db"), "", &dir.join("private.log"));
    assert!(
        openwork(&["health", "--server", &served.base])
            .status
            .success()
    );
    assert!(!dir.join("private.db-shm").exists());
    assert!(served.terminate().success());

    // A URL that asks for the shared-memory VFS maps a -shm file; truncated, it used to end
    // the process with SIGBUS without a word.
    let db = dir.join("shared.db");
    let log = dir.join("shared.log");
    let mut served = serve_logging_to(&db, "?vfs=unix", &log);
    File::options()
        .write(true)
        .open(dir.join("shared.db-shm"))
        .unwrap()
        .set_len(0)
        .unwrap();
    let _ = openwork(&["health", "--server", &served.base]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server still runs");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status.code(), Some(70));
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(
        said.contains("a memory-mapped file failed (SIGBUS)"),
        "{said}"
    );
}

#[test]
fn a_second_server_on_one_sqlite_file_is_refused_saying_why() {
    let dir = temp_dir("storage-second");
    let db = dir.join("openwork.db");
    let first = serve_logging_to(&db, "", &dir.join("first.log"));
    let second = openwork(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--db",
        &format!("sqlite://{}", db.display()),
    ]);
    let text = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "{text}");
    assert!(
        text.contains("in use by another process") && text.contains("PostgreSQL"),
        "{text}"
    );
    // The first goes on serving.
    assert!(
        openwork(&["health", "--server", &first.base])
            .status
            .success()
    );
    assert!(first.terminate().success());
}
