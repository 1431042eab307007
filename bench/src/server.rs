//! The loopback HTTP/1.1 keep-alive server of the request benchmarks, in a thread of its own:
//! it answers the one request it expects (request line and credential header) with a fixed
//! reply, and anything else with 400, so a client sending the wrong request fails the bench.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The request the server expects and what it answers.
pub struct Route {
    /// The request line, such as `GET /path HTTP/1.1` (compared without case).
    pub request_line: String,
    /// A header line the request must carry, such as `x-api-key: secret`.
    pub credential: String,
    /// The whole response, head and body.
    pub reply: Vec<u8>,
}

/// A JSON response with `status` and `body`.
pub fn reply(status: u16, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Starts the server on a free loopback port.
pub fn serve(route: Route) -> Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("cannot bind loopback")?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let route = Arc::new(Route {
        request_line: route.request_line.to_ascii_lowercase(),
        credential: route.credential.to_ascii_lowercase(),
        reply: route.reply,
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream, route.clone()));
            }
        })
    });
    Ok(address)
}

/// Serves one keep-alive connection until the client closes it; a request body (by its
/// `content-length`) is read and skipped.
async fn connection(mut stream: tokio::net::TcpStream, route: Arc<Route>) {
    const BAD: &[u8] = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n";
    let mut buffer = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        let Ok(read) = stream.read(&mut buffer[filled..]).await else {
            return;
        };
        if read == 0 {
            return;
        }
        filled += read;
        while let Some(end) = find(&buffer[..filled], b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let body_length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let whole = end + 4 + body_length;
            if filled < whole {
                break;
            }
            let expected =
                head.starts_with(&route.request_line) && head.contains(&route.credential);
            let reply: &[u8] = if expected { &route.reply } else { BAD };
            if stream.write_all(reply).await.is_err() {
                return;
            }
            buffer.copy_within(whole..filled, 0);
            filled -= whole;
        }
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
