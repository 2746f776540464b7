//! hyper answers a request it cannot parse (a request line over 64 KB, a header with a control
//! character, headers too large) itself, before any route sees it, with a bare status and no
//! body. On a vendor path that is not what the vendor's clients expect: this wrapper of a
//! connection notices such an answer as hyper writes it and writes the API's own envelope
//! instead ([`crate::refusal`], `Malformed`).
//!
//! How it is noticed: every answer of openwork's routes carries `X-Tt-Logid` (the log-ID layer
//! adds it), and hyper's own error answers never do. The path is taken from the first bytes the
//! client sent since the last answer: the request line's start, which even a request line too
//! long to parse has.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::response::Response;
use futures::FutureExt;
use http::HeaderValue;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::middleware::log_id::{self, LogId};
use crate::refusal::{self, Refusal};

/// How much of a request's start is kept to find its path.
const REQUEST_START_BYTES: usize = 512;

/// A connection whose answers from hyper itself are rewritten.
pub struct RewritingParserRefusals<T> {
    io: T,
    /// Bytes read from `io` before hyper took the connection, given to hyper first.
    already_read: Vec<u8>,
    /// The first bytes read since the last answer began.
    request_start: Vec<u8>,
    /// The answer being written instead of hyper's, and how much of it is written.
    replacement: Option<(Vec<u8>, usize)>,
}

impl<T> RewritingParserRefusals<T> {
    /// `io`, of which `already_read` was read already.
    pub fn new(io: T, already_read: Vec<u8>) -> Self {
        Self {
            io,
            already_read,
            request_start: Vec::new(),
            replacement: None,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for RewritingParserRefusals<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        if self.already_read.is_empty() {
            ready!(Pin::new(&mut self.io).poll_read(cx, buf))?;
        } else {
            let n = self.already_read.len().min(buf.remaining());
            buf.put_slice(&self.already_read[..n]);
            self.already_read.drain(..n);
            if self.already_read.is_empty() {
                self.already_read = Vec::new();
            }
        }
        let room = REQUEST_START_BYTES.saturating_sub(self.request_start.len());
        let read = &buf.filled()[before..];
        let kept = &read[..read.len().min(room)];
        self.request_start.extend_from_slice(kept);
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> RewritingParserRefusals<T> {
    /// Writes what is left of the replacement; ready once it is all written.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.replacement {
            if *written == bytes.len() {
                self.replacement = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Called with the first buffer of every write: when it starts an answer of hyper's own
    /// refusing a request, the replacement to write instead of all of it.
    fn inspect(&mut self, first: &[u8]) -> Option<Vec<u8>> {
        let answer = first.strip_prefix(b"HTTP/1.1 ")?;
        let status = answer.get(..3).and_then(|s| std::str::from_utf8(s).ok());
        // Checked in the order of their cost: most answers are successes, and this runs on
        // every one of them.
        let refused = status.filter(|s| s.starts_with(['4', '5'])).filter(|_| {
            let head = match first.windows(4).position(|w| w == b"\r\n\r\n") {
                Some(end) => &first[..end],
                None => first,
            };
            !head.windows(11).any(|w| w == b"X-Tt-Logid:")
        });
        let path = refused.map(|_| request_path(&self.request_start).to_owned());
        // The bytes read after any answer begin the next request (kept in the same buffer).
        self.request_start.clear();
        let (Some(status), Some(path)) = (refused, path) else {
            return None;
        };
        let words = match status {
            "414" => "the request line is longer than 64 KB; send long parameters in the body",
            "431" => "the request's headers are too large",
            _ => "the request is not valid HTTP (a header holds a character it may not)",
        };
        let id = LogId::new();
        let answer = log_id::within(id, || {
            refusal::answer(&path, Refusal::Malformed(words.to_owned()))
        });
        Some(serialise(answer, id.as_str()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for RewritingParserRefusals<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_replacement(cx))?;
        if let Some(replacement) = self.inspect(buf) {
            self.replacement = Some((replacement, 0));
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_replacement(cx))?;
        let first = bufs.iter().find(|buf| !buf.is_empty());
        if let Some(replacement) = first.and_then(|first| self.inspect(first)) {
            self.replacement = Some((replacement, 0));
            return Poll::Ready(Ok(bufs.iter().map(|buf| buf.len()).sum()));
        }
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// The path of a request line's start (`GET /open-apis/x?y HTTP/1.1` → `/open-apis/x`); empty
/// when there is none.
fn request_path(request_start: &[u8]) -> &str {
    let line = request_start.split(|&b| b == b'\r' || b == b'\n').next();
    let target = line.and_then(|line| line.split(|&b| b == b' ').nth(1));
    let path = target.map_or(&[][..], |target| {
        target.split(|&b| b == b'?').next().unwrap_or_default()
    });
    std::str::from_utf8(path).unwrap_or_default()
}

/// An answer as bytes on the wire: a whole body (openwork's refusals are small), its log ID,
/// and `Connection: close` (hyper closes a connection after refusing a request).
fn serialise(response: Response, log_id: &str) -> Vec<u8> {
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .now_or_never()
        .and_then(Result::ok)
        .unwrap_or_default();
    let reason = parts.status.canonical_reason().unwrap_or("");
    let mut out = format!("HTTP/1.1 {} {reason}\r\n", parts.status.as_u16()).into_bytes();
    let log_id = HeaderValue::from_str(log_id).expect("hex and digits");
    let headers = parts
        .headers
        .iter()
        .filter(|(name, _)| *name != http::header::CONTENT_LENGTH)
        .map(|(name, value)| (title_case(name.as_str()), value))
        .chain([("X-Tt-Logid".to_owned(), &log_id)]);
    for (name, value) in headers {
        out.extend(name.as_bytes());
        out.extend(b": ");
        out.extend(value.as_bytes());
        out.extend(b"\r\n");
    }
    out.extend(
        format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .bytes(),
    );
    out.extend(&body);
    out
}

/// `content-type` → `Content-Type`, as the rest of the server writes header names.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_read_from_a_request_lines_start() {
        assert_eq!(
            request_path(b"GET /open-apis/x?y=1 HTTP/1.1\r\nHost: h\r\n"),
            "/open-apis/x"
        );
        assert_eq!(
            request_path(b"GET /topapi/a/b?access_token=aaaaaaaa"),
            "/topapi/a/b"
        );
        assert_eq!(request_path(b"garbage"), "");
        assert_eq!(request_path(b""), "");
    }

    #[test]
    fn header_names_are_written_in_title_case() {
        assert_eq!(title_case("content-type"), "Content-Type");
        assert_eq!(title_case("x-openwork-explain"), "X-Openwork-Explain");
    }
}
