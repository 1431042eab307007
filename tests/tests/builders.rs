//! Requests are built in Rust: `new` takes the required fields, setters the rest, a nullable
//! optional field has three states, and no type with a required field implements `Default`.

use carecycle_client::types::{CreateCustomerProviderRequest, ProviderType};
use clientgen::emit::traits::{traits, Trait};
use clientgen::model::{FieldRepr, TypeKind};
use clientgen_tests::vendor_specs;
use serde_json::json;

#[test]
fn a_nullable_optional_field_is_absent_null_or_a_value() {
    let absent = CreateCustomerProviderRequest::new(ProviderType::PrimaryCare);
    assert_eq!(
        serde_json::to_value(&absent).expect("serialize"),
        json!({"providerType": "Primary Care"})
    );
    let set = CreateCustomerProviderRequest::new(ProviderType::Specialist)
        .with_specialty("Cardiology")
        .with_notes_null()
        .with_is_primary_provider(true);
    assert_eq!(
        serde_json::to_value(&set).expect("serialize"),
        json!({
            "providerType": "Specialist",
            "specialty": "Cardiology",
            "notes": null,
            "isPrimaryProvider": true
        })
    );
    // The last call wins: a value replaces an earlier `null`.
    let replaced = set.with_notes("Sees patients on Tuesdays");
    assert_eq!(
        replaced.notes,
        Some(Some("Sees patients on Tuesdays".to_string()))
    );
}

#[test]
fn a_parameter_struct_takes_its_required_parameters_in_new() {
    let params = vsee_client::types::UpdateVisitParams::new(2);
    assert_eq!(params.version, 2);
    let list = vectorcare_client::types::GetRequestDetailParams::new();
    assert_eq!(list, Default::default());
}

/// Every struct of every vendor spec implements `Default` exactly when it has no required field,
/// so that a request missing one does not compile.
#[test]
fn no_type_with_a_required_field_implements_default() {
    let (mut with_required, mut without) = (0, 0);
    for path in vendor_specs() {
        let (api, _) = clientgen::model(&path, &path.display().to_string(), false)
            .unwrap_or_else(|d| panic!("{d}"));
        for def in api.types.defs() {
            let TypeKind::Struct(s) = &def.kind else {
                continue;
            };
            let required = s
                .fields
                .iter()
                .any(|f| matches!(f.repr(), FieldRepr::Plain | FieldRepr::Nullable));
            let default = traits(&api, def).contains(&Trait::Default);
            if required {
                with_required += 1;
                assert!(
                    !default,
                    "{}: `{}` has a required field but implements Default",
                    path.display(),
                    def.name
                );
            } else {
                without += 1;
            }
        }
    }
    assert!(
        with_required >= 20 && without >= 5,
        "{with_required} structs with required fields, {without} without"
    );
}
