//! Parameter names for `param_roundtrip`. The runtime takes names as `&'static str` (generated
//! code passes literals), so arbitrary names are leaked once each and reused, up to a bound.

use arbitrary::{Arbitrary, Result, Unstructured};
use std::collections::HashSet;
use std::sync::Mutex;

/// Header names: ordinary ones and two that no request may carry.
pub const HEADERS: &[&str] = &["x-a", "x-b", "x-request-id", "bad name", "x-é"];

/// Query names tried first: reserved characters, brackets, encodings and non-ASCII.
const FIXED: &[&str] = &[
    "id", "a b", "a+b", "a&b=c", "a=b", "#", "?", "/", "[", "]", "a[b]", "%", "%20", "é", "",
    "名前", ",", "|", "\u{0}", "😀",
];

/// The most distinct names leaked per process (a few megabytes at most).
const MAX_LEAKED: usize = 100_000;

/// A parameter name that lives for the whole process.
#[derive(Debug, Clone, Copy)]
pub struct Name(pub &'static str);

impl<'a> Arbitrary<'a> for Name {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.ratio(1, 2)? {
            return Ok(Name(u.choose(FIXED)?));
        }
        let name: String = u.arbitrary()?;
        Ok(Name(intern(name)))
    }
}

/// Returns a `'static` copy of `name`, leaking it the first time; past the bound, a fixed name.
fn intern(name: String) -> &'static str {
    static LEAKED: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut guard = LEAKED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let set = guard.get_or_insert_with(HashSet::new);
    if let Some(existing) = set.get(name.as_str()) {
        return existing;
    }
    if set.len() >= MAX_LEAKED {
        return FIXED[name.len() % FIXED.len()];
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    set.insert(leaked);
    leaked
}
