//! The examples on the vendors' own pages (`specs/vendor-docs/*.txt`) decode with the
//! generated clients. Each example is read verbatim at test time, located by the text around it,
//! served as-is from a mock server on 127.0.0.1, and decoded by calling the operation, so the
//! client's real decoding path (envelopes, duplicated keys, error variants) is exercised.
//! Examples that are not JSON are listed with the reason, checked to be invalid as they stand,
//! and checked to become valid with the minimal repair the spec records. Each vendor's examples
//! have their own module; `support` reads the pages and serves the examples, and
//! `duplicate_keys` finds the keys an example repeats.

#[path = "../common/mod.rs"]
mod common;
mod duplicate_keys;
mod support;

mod carecycle;
mod carevalidate;
mod request_bodies;
mod vectorcare;
mod vsee;
mod vsee_listing;
