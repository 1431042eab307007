//! A fast scan of a JSON body for objects with a repeated key, which decides whether the body
//! can be read straight into its type or must go through a `serde_json::Value` (where the last
//! of the repeated keys wins, as vendors that repeat keys intend).

/// Returns `true` when some object in `body` may repeat a key: when one does, when a key
/// contains an escape (so equal keys could be spelled differently), or when the body is not
/// well-formed enough to tell. Returns `false` only when no object repeats a key.
pub(crate) fn may_repeat_keys(body: &[u8]) -> bool {
    let mut scanner = Scanner { body, at: 0 };
    // Whether each open container is an object (`true`) or an array.
    let mut open: Vec<bool> = Vec::new();
    // The hashes of the keys of each open object, innermost last, and emptied lists kept for
    // reuse. Equal keys have equal hashes; two different keys that share a hash (a chance of
    // about one in 2^64 per pair) only send the body down the slow path, which is always right.
    let mut key_lists: Vec<Vec<u64>> = Vec::new();
    let mut spare: Vec<Vec<u64>> = Vec::new();
    while let Some(byte) = scanner.next_significant() {
        match byte {
            b'{' => {
                let mut keys = spare.pop().unwrap_or_default();
                // The first member's key, unless the object is empty.
                match scanner.peek_significant() {
                    Some(b'"') => {
                        scanner.at += 1;
                        match scanner.key() {
                            Some(key) => keys.push(hash(key)),
                            None => return true,
                        }
                    }
                    Some(b'}') => {}
                    _ => return true,
                }
                key_lists.push(keys);
                open.push(true);
            }
            b'[' => open.push(false),
            b'}' => {
                let Some((true, mut keys)) = open.pop().zip(key_lists.pop()) else {
                    return true;
                };
                if repeats(&mut keys) {
                    return true;
                }
                keys.clear();
                spare.push(keys);
            }
            b']' if open.pop() != Some(false) => return true,
            // After a comma in an object comes the next member's key.
            b',' if open.last() == Some(&true) => {
                let key = match scanner.next_significant() {
                    Some(b'"') => scanner.key(),
                    _ => None,
                };
                match (key, key_lists.last_mut()) {
                    (Some(key), Some(keys)) => keys.push(hash(key)),
                    _ => return true,
                }
            }
            // A string value.
            b'"' if scanner.skip_string().is_none() => return true,
            // Colons, commas in arrays, numbers, `true`, `false` and `null` need no attention.
            _ => {}
        }
    }
    !open.is_empty()
}

/// Whether an object's key hashes hold a repeat; sorts them to find out.
fn repeats(keys: &mut [u64]) -> bool {
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair.first() == pair.get(1))
}

/// The FNV-1a hash of a key (a maintained hasher is not worth a dependency for a few bytes).
fn hash(key: &[u8]) -> u64 {
    key.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Scanner<'a> {
    body: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    /// The next byte that is not whitespace, consumed.
    fn next_significant(&mut self) -> Option<u8> {
        let byte = self.peek_significant()?;
        self.at += 1;
        Some(byte)
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek_significant(&mut self) -> Option<u8> {
        while let Some(&byte) = self.body.get(self.at) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Skips a string whose opening quote was consumed; returns its raw contents and whether
    /// it holds an escape.
    fn skip_string(&mut self) -> Option<(&'a [u8], bool)> {
        let start = self.at;
        let mut escaped = false;
        loop {
            let offset = memchr::memchr2(b'"', b'\\', self.body.get(self.at..)?)?;
            self.at += offset;
            if self.body[self.at] == b'\\' {
                escaped = true;
                self.at += 2;
            } else {
                let contents = &self.body[start..self.at];
                self.at += 1;
                return Some((contents, escaped));
            }
        }
    }

    /// Reads a key whose opening quote was consumed; `None` when it holds an escape or the
    /// body is malformed.
    fn key(&mut self) -> Option<&'a [u8]> {
        match self.skip_string()? {
            (key, false) => Some(key),
            (_, true) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::may_repeat_keys;

    #[test]
    fn distinct_keys_at_every_level_pass() {
        assert!(!may_repeat_keys(
            br#"{"a": 1, "b": {"a": 2, "b": [{"a": 3}, {"a": 4}]}}"#
        ));
        assert!(!may_repeat_keys(
            br#"[{"x": "a,\"b\":", "y": "}"}, [], {}, "s", 1, null]"#
        ));
        assert!(!may_repeat_keys(b" 7 "));
    }

    #[test]
    fn a_repeated_key_at_any_level_is_found() {
        assert!(may_repeat_keys(br#"{"a": 1, "a": 2}"#));
        assert!(may_repeat_keys(
            br#"{"data": [{"id": 1, "n": {}, "id": 2}]}"#
        ));
        assert!(may_repeat_keys(br#"[{"b": 1}, {"c": {"d": 1, "d": 1}}]"#));
    }

    #[test]
    fn large_objects_are_checked_too() {
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let distinct = format!("{{{}}}", keys.join(", "));
        assert!(!may_repeat_keys(distinct.as_bytes()));
        let repeated = format!("{{{}, \"k3\": 0}}", keys.join(", "));
        assert!(may_repeat_keys(repeated.as_bytes()));
        let repeated_early = format!("{{\"k39\": 0, {}}}", keys.join(", "));
        assert!(may_repeat_keys(repeated_early.as_bytes()));
    }

    #[test]
    fn escaped_keys_and_malformed_bodies_are_not_trusted() {
        assert!(may_repeat_keys(br#"{"a": 1, "\u0061": 2}"#));
        assert!(may_repeat_keys(br#"{"a": 1"#));
        assert!(may_repeat_keys(br#"{"a": "unterminated}"#));
        assert!(may_repeat_keys(br#"{1: 2}"#));
    }
}
