//! Names a newcomer meets first: the prelude of every vendor crate and its spec types can be
//! glob-imported together without ambiguity, and no spec type takes a name of the crate root.

use clientgen::naming::CRATE_ROOT_NAMES;
use clientgen_tests::vendor_specs;

// Each module glob-imports a crate's prelude and its types together; an ambiguous name would be
// an error on use (and is denied here as a warning too).
#[deny(ambiguous_glob_imports, ambiguous_glob_reexports)]
mod vsee {
    pub use vsee_client::prelude::*;
    pub use vsee_client::types::*;

    /// A function that names the crate-root items and a spec type side by side.
    pub fn names(_: Option<Client>, _: Option<Error<GetVisitError>>, _: Option<ErrorType>) {}
}

#[deny(ambiguous_glob_imports, ambiguous_glob_reexports)]
mod vectorcare {
    pub use vectorcare_client::prelude::*;
    pub use vectorcare_client::types::*;

    pub fn names(_: Option<Client>, _: Option<Environment>, _: Option<ErrorType>, _: Option<Uuid>) {
    }
}

#[deny(ambiguous_glob_imports, ambiguous_glob_reexports)]
mod carecycle {
    pub use carecycle_client::prelude::*;
    pub use carecycle_client::types::*;

    pub fn names(_: Option<Credentials>, _: Option<ErrorType>, _: Option<DateTime<Utc>>) {}
}

#[deny(ambiguous_glob_imports, ambiguous_glob_reexports)]
mod carevalidate {
    pub use carevalidate_client::prelude::*;
    pub use carevalidate_client::types::*;

    pub fn names(_: Option<ClientBuilder>, _: Option<RetryPolicy>, _: Option<ErrorResponse>) {}
}

#[test]
fn the_prelude_and_the_types_import_together() {
    vsee::names(None, None, None);
    vectorcare::names(None, None, None, None);
    carecycle::names(None, None, None);
    carevalidate::names(None, None, None);
}

#[test]
fn no_spec_type_takes_a_crate_root_name() {
    let mut checked = 0;
    for path in vendor_specs() {
        let (api, _) = clientgen::model(&path, &path.display().to_string(), false)
            .unwrap_or_else(|d| panic!("{d}"));
        for def in api.types.defs() {
            assert!(
                !CRATE_ROOT_NAMES.contains(&def.name.as_str()),
                "{}: type `{}` takes a crate-root name",
                path.display(),
                def.name
            );
        }
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} specs checked");
}
