//! Connections that send half a request, or nothing, are closed after the header timeout
//! instead of being held open for ever (and holding up a stop).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::served::{Served, temp_dir};

fn serve(header_timeout: &str) -> Served {
    let db = format!(
        "sqlite://{}",
        temp_dir("connections").join("openwork.db").display()
    );
    Served::on(&db, Some("admin"), &["--header-timeout", header_timeout])
}

fn connect(served: &Served) -> TcpStream {
    let addr = served.base.trim_start_matches("http://");
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Reads until the server closes the connection; answers how long that took.
fn closed_after(mut stream: TcpStream) -> Duration {
    let started = Instant::now();
    let mut sink = Vec::new();
    stream
        .read_to_end(&mut sink)
        .expect("the server closes the connection within the read timeout");
    started.elapsed()
}

#[test]
fn half_requests_and_idle_connections_are_closed_after_the_header_timeout() {
    let served = serve("1s");
    let mut half = connect(&served);
    half.write_all(b"GET /_openwork/v1/healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let idle = connect(&served);
    let mut whole = connect(&served);
    whole
        .write_all(b"GET /_openwork/v1/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    whole.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    for (what, stream) in [("half a request", half), ("an idle connection", idle)] {
        let waited = closed_after(stream);
        assert!(
            waited < Duration::from_secs(5),
            "{what} was held {waited:?}, with a 1 s header timeout"
        );
    }
}

#[test]
fn half_a_request_does_not_hold_up_a_stop() {
    let served = serve("2s");
    let mut half = connect(&served);
    half.write_all(b"POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = Instant::now();
    assert!(served.terminate().success());
    let stopped = started.elapsed();
    assert!(
        stopped < Duration::from_secs(8),
        "the stop took {stopped:?} with half a request open"
    );
}
