//! Writes a value of a generated type as Rust code for the docs: the spec's example (or
//! placeholders for what is required) built with the constructors and setters of
//! [`builders`](super::builders), never parsed from JSON text.
//!
//! A value the docs cannot write as plain Rust (a union, raw bytes, free-form JSON) gives `None`
//! when it is required, and is left out when it is optional.

use super::builders::{param_members, struct_members, Member, Role};
use crate::model::{Api, FloatKind, IntKind, Operation, Ty, TypeKind};
use serde_json::Value;

/// The id the examples use where the spec gives none.
pub(super) const PLACEHOLDER_UUID: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

/// How deep a value may nest before the docs give up (recursive types).
const MAX_DEPTH: usize = 6;

/// `let {binding} = …;` for a value of `ty`, formatted as rustfmt would, or `None` when the value
/// cannot be written.
pub(super) fn let_statement(
    api: &Api,
    crate_ident: &str,
    binding: &str,
    ty: &Ty,
    example: Option<&Value>,
) -> Option<String> {
    let printer = Printer { api, crate_ident };
    let expression = printer.value(ty, example, Context::Exact, 0)?;
    format_statement(binding, &expression)
}

/// `let params = …;` for the parameter struct of `op`, with a sample for each required
/// parameter.
pub(super) fn params_statement(
    api: &Api,
    crate_ident: &str,
    op: &Operation,
    params_type: &str,
) -> Option<String> {
    let printer = Printer { api, crate_ident };
    let members = param_members(&op.params);
    let samples: Vec<(&str, &Value)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.sample))
        .collect();
    let value = |member: &Member<'_>| {
        samples
            .iter()
            .find(|(wire, _)| Some(*wire) == member.wire_name)
            .map(|(_, sample)| *sample)
    };
    let arguments = members
        .iter()
        .filter(|member| member.role == Role::Required)
        .map(|member| printer.value(member.ty, value(member), Context::Into, 1))
        .collect::<Option<Vec<_>>>()?;
    let expression = format!(
        "{}::types::{params_type}::new({})",
        crate_ident,
        arguments.join(", ")
    );
    format_statement("params", &expression)
}

/// Formats `let {binding} = {expression};` with prettyplease, so long builder chains break as
/// rustfmt would break them.
fn format_statement(binding: &str, expression: &str) -> Option<String> {
    let source = format!("fn example() {{ let {binding} = {expression}; }}");
    let file = syn::parse_file(&source).ok()?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let body = lines.get(1..lines.len().checked_sub(1)?)?;
    Some(
        body.iter()
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Whether an expression is written where its exact type is needed, or as an argument of type
/// `impl Into<T>`, where an untyped literal or a `&str` would not be inferred.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Exact,
    Into,
}

struct Printer<'a> {
    api: &'a Api,
    crate_ident: &'a str,
}

impl Printer<'_> {
    /// The expression for `example` (or a placeholder, when it is `None`) as a value of `ty`.
    fn value(
        &self,
        ty: &Ty,
        example: Option<&Value>,
        context: Context,
        depth: usize,
    ) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let krate = self.crate_ident;
        match ty {
            Ty::Nullable(inner) => match example {
                None | Some(Value::Null) => Some("None".into()),
                Some(_) => Some(format!(
                    "Some({})",
                    self.value(inner, example, Context::Exact, depth + 1)?
                )),
            },
            Ty::String => {
                let text = match example {
                    None => "example",
                    Some(Value::String(text)) => text,
                    Some(_) => return None,
                };
                Some(match context {
                    Context::Exact => format!("{text:?}.to_string()"),
                    Context::Into => format!("{text:?}"),
                })
            }
            Ty::Bool => match example {
                None => Some("true".into()),
                Some(Value::Bool(value)) => Some(value.to_string()),
                Some(_) => None,
            },
            Ty::Int(kind) => {
                let value = match example {
                    None => 1,
                    Some(value) => value.as_i64()?,
                };
                int_literal(value, *kind, context)
            }
            Ty::Float(kind) => {
                let value = match example {
                    None => 1.0,
                    Some(value) => value.as_f64()?,
                };
                Some(match (kind, context) {
                    (FloatKind::F32, Context::Into) => format!("{value:?}_f32"),
                    _ => format!("{value:?}"),
                })
            }
            Ty::Uuid => parsed(
                example,
                PLACEHOLDER_UUID,
                |text| text.len() == 36 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
                &format!("{krate}::runtime::uuid::Uuid"),
            ),
            Ty::Date => parsed(
                example,
                "2024-01-31",
                |text| text.len() == 10 && text.chars().all(|c| c.is_ascii_digit() || c == '-'),
                &format!("{krate}::runtime::chrono::NaiveDate"),
            ),
            Ty::DateTime => parsed(
                example,
                "2024-01-31T09:30:00Z",
                |text| text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T'),
                &format!("{krate}::runtime::chrono::DateTime<{krate}::runtime::chrono::Utc>"),
            ),
            Ty::Array(item) => {
                let items = match example {
                    None => vec![self.value(item, None, Context::Exact, depth + 1)?],
                    Some(Value::Array(items)) if !items.is_empty() => items
                        .iter()
                        .map(|value| self.value(item, Some(value), Context::Exact, depth + 1))
                        .collect::<Option<Vec<_>>>()?,
                    Some(_) => return None,
                };
                Some(format!("vec![{}]", items.join(", ")))
            }
            Ty::Map(value_ty) => {
                let entries = match example {
                    None => vec![(
                        "key".to_string(),
                        self.value(value_ty, None, Context::Exact, depth + 1)?,
                    )],
                    Some(Value::Object(members)) if !members.is_empty() => members
                        .iter()
                        .map(|(key, value)| {
                            Some((
                                key.clone(),
                                self.value(value_ty, Some(value), Context::Exact, depth + 1)?,
                            ))
                        })
                        .collect::<Option<Vec<_>>>()?,
                    Some(_) => return None,
                };
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(key, value)| format!("({key:?}.to_string(), {value})"))
                    .collect();
                Some(format!(
                    "std::collections::BTreeMap::from([{}])",
                    entries.join(", ")
                ))
            }
            Ty::Named(id) => self.named(*id, example, depth),
            Ty::Base64 | Ty::Binary | Ty::Timestamp | Ty::Any | Ty::JsonObject => None,
        }
    }

    /// A value of a generated type.
    fn named(
        &self,
        id: crate::model::TypeId,
        example: Option<&Value>,
        depth: usize,
    ) -> Option<String> {
        let def = self.api.types.get(id);
        let path = format!("{}::types::{}", self.crate_ident, def.name);
        match &def.kind {
            TypeKind::Enum(e) => {
                let variant = match example {
                    None => e.variants.first()?,
                    Some(Value::String(text)) => {
                        e.variants.iter().find(|v| &v.wire_name == text)?
                    }
                    Some(_) => return None,
                };
                Some(format!("{path}::{}", variant.rust_name))
            }
            TypeKind::Alias(alias) if alias.newtype => Some(format!(
                "{path}({})",
                self.value(&alias.ty, example, Context::Exact, depth + 1)?
            )),
            TypeKind::Alias(alias) => self.value(&alias.ty, example, Context::Exact, depth + 1),
            TypeKind::Struct(s) => {
                let object = match example {
                    None => None,
                    Some(Value::Object(members)) => Some(members),
                    Some(_) => return None,
                };
                let given =
                    |member: &Member<'_>| object.and_then(|members| members.get(member.wire_name?));
                let members = struct_members(self.api, s);
                let mut arguments = Vec::new();
                let mut setters = String::new();
                for member in &members {
                    let value = given(member);
                    match &member.role {
                        Role::Required => arguments.push(self.value(
                            member.ty,
                            value,
                            Context::Into,
                            depth + 1,
                        )?),
                        Role::RequiredNullable => arguments.push(match value {
                            None | Some(Value::Null) => "None".to_string(),
                            Some(_) => format!(
                                "Some({})",
                                self.value(member.ty, value, Context::Exact, depth + 1)?
                            ),
                        }),
                        Role::Optional { setter } | Role::Defaulted { setter } => {
                            let written = value.filter(|v| !v.is_null()).and_then(|value| {
                                self.value(member.ty, Some(value), Context::Into, depth + 1)
                            });
                            if let Some(written) = written {
                                setters.push_str(&format!(".{setter}({written})"));
                            }
                        }
                        Role::NullableOptional {
                            setter,
                            null_setter,
                        } => match value {
                            None => {}
                            Some(Value::Null) => setters.push_str(&format!(".{null_setter}()")),
                            Some(value) => {
                                if let Some(written) =
                                    self.value(member.ty, Some(value), Context::Into, depth + 1)
                                {
                                    setters.push_str(&format!(".{setter}({written})"));
                                }
                            }
                        },
                    }
                }
                Some(format!("{path}::new({}){setters}", arguments.join(", ")))
            }
            TypeKind::Union(_) | TypeKind::Pending => None,
        }
    }
}

/// An integer literal of `kind`, suffixed where `impl Into<T>` would not infer it, or `None`
/// when the value does not fit.
fn int_literal(value: i64, kind: IntKind, context: Context) -> Option<String> {
    let (fits, suffix) = match kind {
        IntKind::I8 => (i8::try_from(value).is_ok(), "i8"),
        IntKind::I16 => (i16::try_from(value).is_ok(), "i16"),
        IntKind::I32 => (i32::try_from(value).is_ok(), "i32"),
        IntKind::I64 => (true, "i64"),
        IntKind::U8 => (u8::try_from(value).is_ok(), "u8"),
        IntKind::U16 => (u16::try_from(value).is_ok(), "u16"),
        IntKind::U32 => (u32::try_from(value).is_ok(), "u32"),
        IntKind::U64 => (u64::try_from(value).is_ok(), "u64"),
    };
    if !fits {
        return None;
    }
    Some(match (context, kind) {
        (Context::Exact, _) | (Context::Into, IntKind::I32) => value.to_string(),
        (Context::Into, _) => format!("{value}_{suffix}"),
    })
}

/// `"text".parse::<T>()?`, with the example when it has the right shape, else `placeholder`.
fn parsed(
    example: Option<&Value>,
    placeholder: &str,
    well_formed: impl Fn(&str) -> bool,
    type_path: &str,
) -> Option<String> {
    let text = match example {
        Some(Value::String(text)) if well_formed(text) => text.as_str(),
        Some(Value::String(_)) | None => placeholder,
        Some(_) => return None,
    };
    Some(format!("{text:?}.parse::<{type_path}>()?"))
}
