//! Checks deeply nested schemas one by one before the whole document is parsed. `openapiv3`
//! reads schemas through untagged enums, which try each alternative in turn: an invalid schema
//! nested n levels deep is re-read about 2^n times, so a small spec with a bad leaf twenty
//! levels down takes seconds, thirty levels down hours (found by fuzzing). Checking every deep
//! schema on its own, with its nested schemas left out, finds such a leaf in linear time and
//! reports it where it is. Lowering runs the same check on the target of every `$ref` before it
//! parses one, since a reference may point anywhere, also into values the document walk does not
//! read as schemas (found by fuzzing: a `$ref` to a deep chain under an `operationId`).

use super::walk::child;
pub use super::walk::Ctx;
use super::SourceMap;
use crate::diagnostics::{join, Diagnostics};
use serde_json::{Map, Value};

/// Schemas nested at least this deep are checked on their own: up to here the re-reading
/// costs at most 2^12 parses of a small schema.
const CHECKED_FROM_DEPTH: usize = 12;

/// Reports every deeply nested schema that is not a valid Schema Object on its own; returns
/// whether all were valid.
pub fn check_deep_schemas(root: &Value, sources: &SourceMap, diags: &mut Diagnostics) -> bool {
    let problems = invalid_deep_schemas(root, Ctx::Other);
    for (pointer, message) in &problems {
        diags.error(sources.locate(pointer), message.clone());
    }
    problems.is_empty()
}

/// What the document walk reads the value at `pointer` as: a target that it read in the context
/// its parser will use has had its deep schemas checked already.
pub fn context_at(pointer: &str) -> Ctx {
    pointer.split('/').skip(1).fold(Ctx::Other, |ctx, token| {
        if token.contains('~') {
            child(ctx, &crate::diagnostics::unescape_token(token))
        } else {
            child(ctx, token)
        }
    })
}

/// Every deeply nested schema under `value`, which holds a `ctx`, that is not a valid Schema
/// Object on its own: its pointer below `value`, and what is wrong.
pub fn invalid_deep_schemas(value: &Value, ctx: Ctx) -> Vec<(String, String)> {
    let mut walk = Walk {
        path: Vec::new(),
        problems: Vec::new(),
    };
    walk.visit(value, ctx, 0);
    walk.problems
}

/// One step of the path to a value: a member name or an array index.
enum Key<'v> {
    Name(&'v str),
    Index(usize),
}

/// The walk's state; the path is kept as borrowed keys and made a pointer only for a report,
/// since the walk visits every node of large specs.
struct Walk<'v> {
    path: Vec<Key<'v>>,
    problems: Vec<(String, String)>,
}

impl<'v> Walk<'v> {
    fn visit(&mut self, value: &'v Value, ctx: Ctx, depth: usize) {
        if ctx == Ctx::Opaque {
            return;
        }
        let depth = if ctx == Ctx::Schema { depth + 1 } else { depth };
        match value {
            Value::Object(object) => {
                if ctx == Ctx::Schema && depth >= CHECKED_FROM_DEPTH {
                    self.check(object);
                }
                for (key, item) in object {
                    let ctx = child(ctx, key);
                    if worth_visiting(item, ctx) {
                        self.path.push(Key::Name(key));
                        self.visit(item, ctx, depth);
                        self.path.pop();
                    }
                }
            }
            Value::Array(_) | Value::String(_) | Value::Number(_) | Value::Null
                if ctx == Ctx::Schema && depth >= CHECKED_FROM_DEPTH =>
            {
                // Only an object (or `true`/`false` where a schema may be a boolean) can be a
                // schema; anything else would send the whole-document parse into the same
                // exponential retrying (found by fuzzing, as an array under `properties`).
                self.report(format!(
                    "not a valid schema: a schema is an object, not {}",
                    crate::load::normalize::json_type(value).unwrap_or("null")
                ));
            }
            Value::Array(items) => {
                // What an item holds does not depend on its index.
                let item_ctx = child(ctx, "0");
                for (index, item) in items.iter().enumerate() {
                    if worth_visiting(item, item_ctx) {
                        self.path.push(Key::Index(index));
                        self.visit(item, item_ctx, depth);
                        self.path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn check(&mut self, object: &Map<String, Value>) {
        let parsed = serde_json::from_value::<openapiv3::ReferenceOr<openapiv3::Schema>>(
            Value::Object(shallow(object)),
        );
        if let Err(error) = parsed {
            self.report(format!("not a valid schema: {error}"));
        }
    }

    fn report(&mut self, message: String) {
        let pointer = self.path.iter().fold(String::new(), |p, key| match key {
            Key::Name(name) => join(&p, name),
            Key::Index(index) => join(&p, &index.to_string()),
        });
        self.problems.push((pointer, message));
    }
}

/// Whether the walk must visit `item`, found in context `ctx`: every object and array that is
/// not opaque, and every other value where a schema belongs (found by fuzzing: a string deep in
/// an `allOf` behind a `$ref` target was never looked at, and parsing retried it exponentially).
fn worth_visiting(item: &Value, ctx: Ctx) -> bool {
    match ctx {
        Ctx::Opaque => false,
        Ctx::Schema => !item.is_boolean(),
        _ => item.is_object() || item.is_array(),
    }
}

/// The schema with every schema nested in it replaced by the empty schema.
fn shallow(object: &Map<String, Value>) -> Map<String, Value> {
    let empty = || Value::Object(Map::new());
    object
        .iter()
        .map(|(key, value)| {
            let value = match (child(Ctx::Schema, key), value) {
                (Ctx::Schema, Value::Object(_)) => empty(),
                (Ctx::SchemaMap, Value::Object(members)) => {
                    Value::Object(members.keys().map(|name| (name.clone(), empty())).collect())
                }
                (Ctx::SchemaList, Value::Array(items)) => {
                    Value::Array(items.iter().map(|_| empty()).collect())
                }
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect()
}
