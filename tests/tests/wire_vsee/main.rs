//! Wire tests of the generated VSee client against a mock server on 127.0.0.1: for each of its
//! twelve operations, what is sent (method, exact path with or without `.json`, `?version=2`,
//! `X-ApiToken` and `X-AccountCode`, `X-ApiKey` on e-consult only, and the form, multipart or JSON
//! body), and how the `{"data": ...}` envelope, ids sent as strings or numbers, Unix-second and
//! `{sec, usec}` timestamps, and the `default` error decode. Each module holds the tests of one
//! group of operations or one concern; `support` holds what several of them share.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod appointments;
mod econsult;
mod environments;
mod errors;
mod intakes;
mod visits;
mod walkins;
