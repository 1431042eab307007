//! Wire tests of the generated VectorCare client against a mock server on 127.0.0.1: for each of
//! its five operations, what is sent (method, exact path with its trailing slash, query, bearer
//! token, JSON body) and how every documented response decodes. Each module holds one concern:
//! what the creates send, the request detail, its per-service field maps, and error decoding;
//! `support` holds the bodies and times several of them use.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod creates;
mod detail;
mod errors;
mod field_maps;
