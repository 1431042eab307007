//! Value types with vendor-tolerant serde forms: Unix timestamps, base64 text and binary data.

use std::fmt;

use base64::engine::general_purpose::{
    STANDARD, STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT,
};
use base64::Engine as _;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A point in time that is written as integer Unix seconds.
///
/// Reading accepts every form vendors were seen to send: integer or fractional Unix seconds, a
/// numeric string, an RFC 3339 string, and an object `{"sec": 1700000000, "usec": 250000}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// Returns the timestamp for whole Unix seconds, `None` when it is out of range.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        DateTime::from_timestamp(seconds, 0).map(Timestamp)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Timestamp(value)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0.timestamp())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// The largest magnitude of fractional seconds accepted, far beyond chrono's own range, so that
/// the conversion to `i64` below cannot saturate silently.
const MAX_FLOAT_SECONDS: f64 = 1e15;

/// Builds a timestamp from fractional Unix seconds.
fn from_float_seconds<E: de::Error>(seconds: f64) -> Result<Timestamp, E> {
    if !seconds.is_finite() || seconds.abs() > MAX_FLOAT_SECONDS {
        return Err(E::custom("timestamp seconds out of range"));
    }
    let whole = seconds.floor();
    // The fraction is in [0, 1), so the nanoseconds fit in a u32 after the clamp.
    let nanos = (((seconds - whole) * 1e9).round() as u32).min(999_999_999);
    DateTime::from_timestamp(whole as i64, nanos)
        .map(Timestamp)
        .ok_or_else(|| E::custom("timestamp seconds out of range"))
}

/// Builds a timestamp from whole Unix seconds.
fn from_whole_seconds<E: de::Error>(seconds: i64) -> Result<Timestamp, E> {
    Timestamp::from_unix_seconds(seconds).ok_or_else(|| E::custom("timestamp seconds out of range"))
}

/// Reads a timestamp from any of its accepted forms.
struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("Unix seconds, an RFC 3339 string or an object with `sec` and `usec`")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Timestamp, E> {
        from_whole_seconds(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Timestamp, E> {
        let seconds =
            i64::try_from(value).map_err(|_| E::custom("timestamp seconds out of range"))?;
        from_whole_seconds(seconds)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Timestamp, E> {
        from_float_seconds(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Timestamp, E> {
        let text = value.trim();
        if let Ok(seconds) = text.parse::<i64>() {
            return from_whole_seconds(seconds);
        }
        if text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'-' | b'+'))
        {
            if let Ok(seconds) = text.parse::<f64>() {
                return from_float_seconds(seconds);
            }
        }
        DateTime::parse_from_rfc3339(text)
            .map(|time| Timestamp(time.with_timezone(&Utc)))
            .map_err(|_| E::custom("timestamp text is neither Unix seconds nor RFC 3339"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Timestamp, A::Error> {
        let mut seconds = None;
        let mut micros = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "sec" => seconds = Some(map.next_value::<crate::lenient::Lenient64>()?.0),
                "usec" => micros = Some(map.next_value::<crate::lenient::Lenient64>()?.0),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let seconds = seconds.ok_or_else(|| de::Error::missing_field("sec"))?;
        let micros = micros.unwrap_or(0);
        let micros = u32::try_from(micros)
            .ok()
            .filter(|micros| *micros < 1_000_000)
            .ok_or_else(|| de::Error::custom("timestamp `usec` must be below 1000000"))?;
        DateTime::from_timestamp(seconds, micros * 1_000)
            .map(Timestamp)
            .ok_or_else(|| de::Error::custom("timestamp seconds out of range"))
    }
}

/// Bytes that travel as standard base64 text.
///
/// Writing uses the standard alphabet with padding; reading also accepts the URL-safe alphabet,
/// missing padding and embedded line breaks.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64(pub Vec<u8>);

impl fmt::Debug for Base64 {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Base64(<{} bytes>)", self.0.len())
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(value: Vec<u8>) -> Self {
        Base64(value)
    }
}

impl std::ops::Deref for Base64 {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        decode_base64(&text)
            .map(Base64)
            .ok_or_else(|| de::Error::custom("text is not valid base64"))
    }
}

/// Decodes standard or URL-safe base64, with or without padding, ignoring ASCII whitespace.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    STANDARD_PAD_INDIFFERENT
        .decode(&compact)
        .or_else(|_| URL_SAFE_PAD_INDIFFERENT.decode(&compact))
        .ok()
}

/// Binary content such as an uploaded document, with an optional file name and media type.
///
/// In JSON it travels as a string (written as lossy UTF-8); in multipart bodies it becomes a file
/// part. `Debug` shows only the length, since the content and the file name may describe a patient.
#[derive(Clone, PartialEq, Default)]
pub struct Binary {
    /// The content.
    pub data: Bytes,
    /// The file name sent in a multipart part, if any.
    pub filename: Option<String>,
    /// The media type sent in a multipart part; `application/octet-stream` when absent.
    pub content_type: Option<String>,
}

impl Binary {
    /// Wraps content without a file name or media type.
    pub fn new(data: impl Into<Bytes>) -> Self {
        Binary {
            data: data.into(),
            filename: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the media type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Binary(<{} bytes>)", self.data.len())
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.data))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BinaryVisitor)
    }
}

/// Reads binary content from a string or from raw bytes.
struct BinaryVisitor;

impl<'de> Visitor<'de> for BinaryVisitor {
    type Value = Binary;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Binary, E> {
        Ok(Binary::new(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Binary, E> {
        Ok(Binary::new(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Binary, E> {
        Ok(Binary::new(value.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Binary, E> {
        Ok(Binary::new(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn timestamp(value: serde_json::Value) -> Result<Timestamp, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn timestamp_reads_every_vendor_form() {
        let expected = Timestamp::from_unix_seconds(1_700_000_000).expect("in range");
        assert_eq!(timestamp(json!(1_700_000_000)).ok(), Some(expected));
        assert_eq!(timestamp(json!(1_700_000_000.0)).ok(), Some(expected));
        assert_eq!(timestamp(json!("1700000000")).ok(), Some(expected));
        assert_eq!(
            timestamp(json!("2023-11-14T22:13:20Z")).ok(),
            Some(expected)
        );
        assert_eq!(
            timestamp(json!("2023-11-14T23:13:20+01:00")).ok(),
            Some(expected)
        );
        assert_eq!(
            timestamp(json!({"sec": 1_700_000_000, "usec": 0})).ok(),
            Some(expected)
        );
        assert_eq!(
            timestamp(json!({"sec": "1700000000", "other": [1]})).ok(),
            Some(expected)
        );

        let fractional = timestamp(json!(1_700_000_000.25)).expect("fractional seconds");
        assert_eq!(fractional.0.timestamp_subsec_millis(), 250);
        let micros = timestamp(json!({"sec": 1_700_000_000, "usec": 500_000})).expect("usec");
        assert_eq!(micros.0.timestamp_subsec_millis(), 500);
    }

    #[test]
    fn timestamp_rejects_nonsense_without_panicking() {
        assert!(timestamp(json!("yesterday")).is_err());
        assert!(timestamp(json!(1e300)).is_err());
        assert!(timestamp(json!(u64::MAX)).is_err());
        assert!(timestamp(json!(i64::MIN)).is_err());
        assert!(timestamp(json!({"usec": 1})).is_err());
        assert!(timestamp(json!({"sec": 1, "usec": 1_000_000})).is_err());
        assert!(timestamp(json!(true)).is_err());
        assert!(timestamp(json!("NaN")).is_err());
    }

    #[test]
    fn timestamp_writes_integer_seconds() {
        let value = timestamp(json!(1_700_000_000.75)).expect("valid");
        assert_eq!(serde_json::to_value(value).ok(), Some(json!(1_700_000_000)));
    }

    #[test]
    fn base64_round_trips_and_accepts_variants() {
        let data = Base64(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_value(&data).ok(), Some(json!("+/8B")));
        for text in ["+/8B", "-_8B", "+/8B\n", "+/8"] {
            let decoded: Base64 = serde_json::from_value(json!(text)).expect("decodes");
            assert_eq!(decoded.0[..2], [0xfb, 0xff], "input {text}");
        }
        let padded: Base64 = serde_json::from_value(json!("YQ==")).expect("padded");
        let unpadded: Base64 = serde_json::from_value(json!("YQ")).expect("unpadded");
        assert_eq!(padded, unpadded);
        assert!(serde_json::from_value::<Base64>(json!("not base64!")).is_err());
        assert_eq!(format!("{data:?}"), "Base64(<3 bytes>)");
    }

    #[test]
    fn binary_is_a_string_in_json_and_hides_its_content() {
        let binary = Binary::new(&b"secret scan"[..])
            .filename("jane-doe.pdf")
            .content_type("a/b");
        assert_eq!(
            serde_json::to_value(&binary).ok(),
            Some(json!("secret scan"))
        );
        let read: Binary = serde_json::from_value(json!("abc")).expect("string");
        assert_eq!(read.data, Bytes::from_static(b"abc"));
        let debug = format!("{binary:?}");
        assert_eq!(debug, "Binary(<11 bytes>)");
    }
}
