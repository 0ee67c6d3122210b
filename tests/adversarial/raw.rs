//! HTTP/1.1 written byte by byte, for what reqwest will not send: non-UTF-8 and NUL
//! bytes, folded or oversized headers, a broken request line, a body trickled over
//! seconds. The answer is read whole: status line, headers, body.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedWriteHalf;

/// How long an answer may take before the test calls it a hang.
const ANSWER_WITHIN: Duration = Duration::from_secs(30);

/// An answer as it came over the wire.
#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawReply {
    /// `(status, body)`: the body as JSON, `null` when empty, else as text.
    pub fn answer(&self) -> (u16, Value) {
        let body = if self.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&self.body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&self.body).into()))
        };
        (self.status, body)
    }

    /// The first header of that name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A request head: the request line, `Host`, `Connection: close`, these header
/// lines (values as raw bytes) and, for a body, `Content-Length`.
pub fn head(
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
    body_len: Option<usize>,
) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
        .into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    if let Some(length) = body_len {
        out.extend_from_slice(format!("Content-Length: {length}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// A whole request: [`head`] and the body.
pub fn request(
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = head(method, path, headers, body.map(<[u8]>::len));
    if let Some(body) = body {
        out.extend_from_slice(body);
    }
    out
}

async fn connect(base: &str) -> TcpStream {
    let addr = base.trim_start_matches("http://");
    TcpStream::connect(addr)
        .await
        .unwrap_or_else(|err| panic!("connect to {addr}: {err}"))
}

/// Sends the bytes and reads the answer. The bytes are written while the answer is
/// read, so a server that answers before reading everything (a 431, a 413) is heard
/// even when the rest of the request no longer fits in its buffers.
pub async fn exchange(base: &str, bytes: Vec<u8>) -> RawReply {
    exchange_within(base, bytes, ANSWER_WITHIN).await
}

/// [`exchange`], waiting up to `limit` for the answer.
pub async fn exchange_within(base: &str, bytes: Vec<u8>, limit: Duration) -> RawReply {
    let (mut reader, mut writer) = connect(base).await.into_split();
    let writing = tokio::spawn(async move {
        // The server may close before reading it all: a broken pipe is its answer.
        let _ = writer.write_all(&bytes).await;
        let _ = writer.flush().await;
        // Kept open: dropping the write half would half-close the connection.
        writer
    });
    let reply = read_reply(&mut reader, limit).await;
    let writer = finish_writing(writing).await;
    drop(writer);
    reply
}

/// Sends the head, then the body in `pieces` pieces with `gap` between them, and
/// reads the answer. Returns it with the time from the first body byte to the end.
pub async fn trickle(
    base: &str,
    head: Vec<u8>,
    body: &[u8],
    pieces: usize,
    gap: Duration,
) -> (RawReply, Duration) {
    let (mut reader, mut writer) = connect(base).await.into_split();
    writer.write_all(&head).await.expect("write the head");
    let started = Instant::now();
    let size = body.len().div_ceil(pieces.max(1));
    for piece in body.chunks(size.max(1)) {
        tokio::time::sleep(gap).await;
        writer
            .write_all(piece)
            .await
            .expect("write a piece of the body");
        writer.flush().await.expect("flush");
    }
    let reply = read_reply(&mut reader, ANSWER_WITHIN).await;
    drop(writer);
    (reply, started.elapsed())
}

async fn finish_writing(
    writing: tokio::task::JoinHandle<OwnedWriteHalf>,
) -> Option<OwnedWriteHalf> {
    match tokio::time::timeout(Duration::from_secs(5), writing).await {
        Ok(Ok(writer)) => Some(writer),
        Ok(Err(err)) => panic!("the writer task failed: {err}"),
        // Still blocked on a full buffer of a connection the server has answered.
        Err(_) => None,
    }
}

async fn read_reply(reader: &mut tokio::net::tcp::OwnedReadHalf, limit: Duration) -> RawReply {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, reader.read(&mut chunk)).await {
            Err(_) => panic!(
                "no complete answer within {limit:?}; got so far: {:?}",
                String::from_utf8_lossy(&bytes)
            ),
            Ok(Ok(0)) => break,
            Ok(Ok(read)) => bytes.extend_from_slice(&chunk[..read]),
            // A reset after the answer (the server closed with unread input).
            Ok(Err(_)) if !bytes.is_empty() => break,
            Ok(Err(err)) => panic!("reading the answer: {err}"),
        }
    }
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> RawReply {
    let end = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of head in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let rest = &bytes[end + 4..];
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked")
    });
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok());
    let body = if chunked {
        dechunk(rest)
    } else if let Some(length) = length {
        assert!(
            rest.len() >= length,
            "a body shorter than its Content-Length"
        );
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    RawReply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return body;
        };
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        rest = &rest[line_end + 2..];
        if size == 0 || rest.len() < size {
            return body;
        }
        body.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}
