//! Parsing what the echo server sends back: the request target, the header lines, and the
//! bodies (`application/x-www-form-urlencoded` pairs and `multipart/form-data` parts).
//!
//! These parsers are deliberately strict and simple, so that a byte that escaped its component
//! shows up as a mismatch rather than being smoothed over.

use percent_encoding::percent_decode;

/// A request as the server received it.
#[derive(Debug)]
pub struct Request {
    /// The request target: the path and, after `?`, the query.
    pub target: String,
    /// The header lines, names lowercased, values as sent.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// Splits raw request bytes into target, headers and body.
    pub fn parse(raw: &[u8]) -> Result<Request, String> {
        let end = find(raw, b"\r\n\r\n").ok_or("no end of head")?;
        let mut lines = raw[..end]
            .split(|&b| b == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
        let request_line =
            String::from_utf8_lossy(lines.next().ok_or("no request line")?).into_owned();
        let mut words = request_line.split(' ');
        let (_method, target) = (words.next(), words.next().ok_or("no target")?.to_owned());
        let mut headers = Vec::new();
        for line in lines {
            let colon = line
                .iter()
                .position(|&b| b == b':')
                .ok_or("a header line has no colon")?;
            let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
            let value = line[colon + 1..]
                .strip_prefix(b" ")
                .unwrap_or(&line[colon + 1..]);
            headers.push((name, value.to_vec()));
        }
        Ok(Request {
            target,
            headers,
            body: raw[end + 4..].to_vec(),
        })
    }

    /// The value of the last header named `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

/// The position of `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Percent-decodes `raw`; an error when the result is not UTF-8.
pub fn decode(raw: &str) -> Result<String, String> {
    percent_decode(raw.as_bytes())
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| format!("{raw:?} does not decode to UTF-8"))
}

/// Splits a query or form body into raw `(name, value)` pairs, without decoding them.
pub fn raw_pairs(query: &str) -> Vec<(&str, &str)> {
    if query.is_empty() {
        return Vec::new();
    }
    query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect()
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub struct Part {
    /// The `name` parameter as sent, between its quotes.
    pub name: String,
    /// The `filename` parameter as sent, if any.
    pub filename: Option<String>,
    /// The part's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The part's content.
    pub data: Vec<u8>,
}

/// Splits a multipart body whose `Content-Type` header is `content_type` into its parts.
pub fn multipart(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .ok_or_else(|| format!("unexpected content type {content_type:?}"))?;
    let delimiter = format!("--{boundary}");
    let mut rest = body
        .strip_prefix(delimiter.as_bytes())
        .ok_or("the body does not start with the boundary")?;
    let mut parts = Vec::new();
    loop {
        if rest == b"--\r\n" {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("no line break after a boundary")?;
        let next =
            find(rest, format!("\r\n{delimiter}").as_bytes()).ok_or("a part does not end")?;
        parts.push(part(&rest[..next])?);
        rest = &rest[next + 2 + delimiter.len()..];
    }
}

/// Parses one part: header lines, an empty line, the content.
fn part(bytes: &[u8]) -> Result<Part, String> {
    let end = find(bytes, b"\r\n\r\n").ok_or("a part has no end of headers")?;
    let head = std::str::from_utf8(&bytes[..end]).map_err(|_| "a part's headers are not UTF-8")?;
    let mut lines = head.split("\r\n");
    let disposition = lines.next().unwrap_or_default();
    let params = disposition
        .strip_prefix("Content-Disposition: form-data; name=\"")
        .ok_or_else(|| format!("unexpected disposition {disposition:?}"))?;
    let (name, after) = params.split_once('"').ok_or("the name is not closed")?;
    let filename = match after {
        "" => None,
        after => {
            let quoted = after
                .strip_prefix("; filename=\"")
                .ok_or_else(|| format!("unexpected parameters {after:?}"))?;
            Some(
                quoted
                    .strip_suffix('"')
                    .filter(|f| !f.contains('"'))
                    .ok_or("the file name is not closed")?
                    .to_owned(),
            )
        }
    };
    let mut content_type = None;
    for line in lines {
        let value = line
            .strip_prefix("Content-Type: ")
            .ok_or_else(|| format!("unexpected part header {line:?}"))?;
        if content_type.replace(value.to_owned()).is_some() {
            return Err("two Content-Type headers in one part".into());
        }
    }
    Ok(Part {
        name: name.to_owned(),
        filename,
        content_type,
        data: bytes[end + 4..].to_vec(),
    })
}

/// Undoes the escaping of a multipart name or file name (`%22`, `%0D`, `%0A`).
pub fn unescape_quoted(text: &str) -> String {
    text.replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
}
