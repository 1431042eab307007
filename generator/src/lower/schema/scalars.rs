//! Scalars: string enums (with a catch-all that keeps values the spec does not list, and closed
//! to requests unless `x-open-enum` says otherwise) and the
//! integer width a `format` asks for.

use super::super::LowerCtx;
use crate::diagnostics::join;
use crate::model::{EnumType, EnumVariant, IntKind, TypeId, TypeKind};
use crate::naming::{self, Scope};
use openapiv3::SchemaData;
use serde_json::Value;

/// The extension that marks an enum open: the API accepts values the spec does not list.
const OPEN_ENUM: &str = "x-open-enum";

impl LowerCtx<'_> {
    /// Creates a string enum type; `data` is its schema's, for `x-open-enum`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn string_enum(
        &mut self,
        values: &[String],
        docs: Vec<Option<String>>,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
        doc: Option<String>,
        data: &SchemaData,
    ) -> TypeId {
        let open = match data.extensions.get(OPEN_ENUM) {
            None => false,
            Some(Value::Bool(open)) => *open,
            Some(_) => {
                self.warn(
                    &join(pointer, OPEN_ENUM),
                    "x-open-enum must be true or false; the enum is taken as closed",
                );
                false
            }
        };
        let id = self.reserve(pointer, hint, wire, doc);
        let mut scope = Scope::default();
        let mut variants: Vec<EnumVariant> = Vec::new();
        for (value, doc) in values.iter().zip(docs) {
            if variants.iter().any(|v| v.wire_name == *value) {
                continue;
            }
            variants.push(EnumVariant {
                wire_name: value.clone(),
                rust_name: scope.claim(&naming::variant_name(value)),
                doc,
            });
        }
        let unknown_variant = if scope.contains("Unknown") {
            scope.claim("UnknownValue")
        } else {
            scope.claim("Unknown")
        };
        self.types.get_mut(id).kind = TypeKind::Enum(EnumType {
            variants,
            unknown_variant,
            open,
        });
        id
    }
}

pub(super) fn int_kind(format: Option<&str>) -> IntKind {
    match format {
        Some("int8") => IntKind::I8,
        Some("int16") => IntKind::I16,
        Some("int32") => IntKind::I32,
        Some("uint8") => IntKind::U8,
        Some("uint16") => IntKind::U16,
        Some("uint32") => IntKind::U32,
        Some("uint64" | "uint") => IntKind::U64,
        _ => IntKind::I64,
    }
}
