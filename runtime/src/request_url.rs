//! Assembling a request's URL from its server, its encoded path and its query, and checking
//! that it is sent exactly as built.
//!
//! The URL is assembled as text and checked afterwards, so that the URL parser cannot
//! normalise what the caller built (`/a/..%2Fadmin/` stays exactly that).

use url::Url;

use crate::client::Runtime;
use crate::descriptor::Operation;
use crate::error::RequestError;

/// Joins the server URL of `operation`, `path` (encoded, starting with `/` unless empty) and
/// the encoded `query` pairs into the URL to send, refusing one that the URL parser would
/// rewrite or that hyper could not send.
pub(crate) fn assemble(
    runtime: &Runtime,
    operation: &'static Operation,
    path: &str,
    query: &[String],
) -> Result<Url, RequestError> {
    if !(path.is_empty() || path.starts_with('/')) {
        return Err(RequestError::InvalidUrl {
            message: format!(
                "the path of operation `{}` does not start with `/`",
                operation.id
            ),
        });
    }
    // The URL is written once, base and tail, into a buffer of its final size.
    let query_length: usize = query.iter().map(|pair| pair.len() + 1).sum();
    let mut text = String::with_capacity(64 + path.len() + query_length);
    runtime.push_base_url(operation, &mut text)?;
    let base_length = text.len();
    text.push_str(path);
    for (index, pair) in query.iter().enumerate() {
        text.push(if index == 0 { '?' } else { '&' });
        text.push_str(pair);
    }
    let url = Url::parse(&text).map_err(|error| RequestError::InvalidUrl {
        message: format!(
            "the URL of operation `{}` does not parse: {error}",
            operation.id
        ),
    })?;
    // The parser must not have rewritten what was built: no dot segments removed, no
    // characters re-encoded, no fragment split off.
    let tail = text.get(base_length..).unwrap_or_default();
    if !url.as_str().ends_with(tail) || url.fragment().is_some() {
        return Err(RequestError::InvalidUrl {
            message: format!(
                "the path of operation `{}` would be rewritten by the URL parser",
                operation.id
            ),
        });
    }
    // hyper sends only URLs that `http::Uri` accepts, at most 65,534 bytes; a longer one
    // would fail at send time looking like a broken connection, so it is refused here. A
    // short URL made only of characters that both parsers accept needs no second parse.
    if !is_plainly_sendable(url.as_str()) {
        if let Err(error) = http::Uri::try_from(url.as_str()) {
            return Err(RequestError::InvalidUrl {
                message: format!(
                    "the URL of operation `{}` cannot be sent ({} bytes): {error}",
                    operation.id,
                    url.as_str().len()
                ),
            });
        }
    }
    Ok(url)
}

/// Whether `url` (as the `url` crate wrote it) is short and holds only characters that
/// `http::Uri` accepts anywhere: letters, digits and `-._~!$&'()*+,;=:@/?%`.
fn is_plainly_sendable(url: &str) -> bool {
    url.len() < 8 * 1024 && url.bytes().all(|byte| PLAIN_URL_BYTES[usize::from(byte)])
}

/// The bytes [`is_plainly_sendable`] accepts, as a table.
const PLAIN_URL_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    let punctuation = b"-._~!$&'()*+,;=:@/?%";
    let mut index = 0;
    while index < punctuation.len() {
        table[punctuation[index] as usize] = true;
        index += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::is_plainly_sendable;

    #[test]
    fn a_plainly_sendable_url_is_one_that_http_accepts() {
        let allowed = "-._~!$&'()*+,;=:@/?%";
        for byte in 0x20u8..0x7f {
            let url = format!("http://127.0.0.1:8080/a{}b?c=d", byte as char);
            if is_plainly_sendable(&url) {
                assert!(
                    http::Uri::try_from(url.as_str()).is_ok(),
                    "{url} passed the fast check but not http::Uri"
                );
            } else {
                assert!(!byte.is_ascii_alphanumeric() && !allowed.contains(byte as char));
            }
        }
        let long = format!("http://127.0.0.1/{}", "a".repeat(70_000));
        assert!(!is_plainly_sendable(&long));
        assert!(http::Uri::try_from(long.as_str()).is_err());
    }
}
