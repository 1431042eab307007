//! A loopback HTTP/1.1 server that answers every request with `200 OK` and the request's own
//! bytes (request line, headers and body) as the body, so a fuzz target can see exactly what
//! the runtime put on the wire.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::OnceLock;

/// The largest request the server reads; bigger ones close the connection.
const MAX_REQUEST: usize = 16 * 1024 * 1024;

/// The base URL of this process's echo server (`http://127.0.0.1:PORT`), started on first use.
pub fn base_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
        let port = listener.local_addr().expect("bound").port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream));
            }
        });
        format!("http://127.0.0.1:{port}")
    })
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let head = format!(
            concat!(
                "HTTP/1.1 200 OK\r\n",
                "content-type: application/octet-stream\r\n",
                "content-length: {}\r\n\r\n"
            ),
            request.len()
        );
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(&request).is_err() {
            return;
        }
    }
}

/// Reads one request, head and body, as raw bytes; `None` when the connection ends.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut content_length = 0usize;
    loop {
        let start = request.len();
        if reader.read_until(b'\n', &mut request).ok()? == 0 || request.len() > MAX_REQUEST {
            return None;
        }
        let line = &request[start..];
        if line == b"\r\n" {
            break;
        }
        let text = String::from_utf8_lossy(line);
        if let Some((name, value)) = text.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse().ok()?;
            }
        }
    }
    if content_length > MAX_REQUEST {
        return None;
    }
    let start = request.len();
    request.resize(start + content_length, 0);
    reader.read_exact(&mut request[start..]).ok()?;
    Some(request)
}
