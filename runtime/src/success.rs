//! Ready-made decoders for the most common method: every `2xx` status is its one documented
//! success, and any other status goes to its error enum.
//!
//! A generated method passes one of these to [`RequestBuilder::call`](crate::RequestBuilder::call)
//! in place of a status match of its own; the success and error types are inferred from the
//! method's return type. Methods with several successes, or a success in an envelope, keep
//! their own match.
//!
//! ```
//! use clientgen_runtime::{success, Decode, ErrorResponses, Error, Response};
//!
//! enum NotFound {}
//! impl ErrorResponses for NotFound {
//!     fn decode_error(response: Response) -> Error<Self> {
//!         response.unexpected()
//!     }
//! }
//! // What a generated method hands to `RequestBuilder::call`.
//! let decode: Decode<Vec<u32>, NotFound> = success::json;
//! # let _ = decode;
//! ```

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::{Error, ErrorResponses, Response, ResponseValue, Runtime};

/// A JSON success read into `T`, or the error enum's decoding of any status outside `2xx`.
///
/// The body is read without the scan for repeated keys, which generated types do not need
/// (see [`Response::without_key_scan`]).
pub fn json<T: DeserializeOwned, E: ErrorResponses>(
    _runtime: &Runtime,
    response: Response,
) -> Result<ResponseValue<T>, Error<E>> {
    success_or_error(response, |success| success.without_key_scan().json())
}

/// [`json`], and then each rule of the spec that the success breaks reported as the runtime's
/// [`report_invalid_response`](Runtime::report_invalid_response) does. A generated crate
/// uses it for a success type with rules to check when its `validate-responses` feature is on,
/// and [`json`] when it is off.
#[cfg(feature = "validate-responses")]
pub fn checked_json<T: DeserializeOwned + crate::validate::Validate, E: ErrorResponses>(
    runtime: &Runtime,
    response: Response,
) -> Result<ResponseValue<T>, Error<E>> {
    let operation = response.operation();
    let result = json(runtime, response);
    runtime.report_invalid_response(operation, &result);
    result
}

/// A text success, or the error enum's decoding of any status outside `2xx`.
pub fn text<E: ErrorResponses>(
    _runtime: &Runtime,
    response: Response,
) -> Result<ResponseValue<String>, Error<E>> {
    success_or_error(response, Response::text)
}

/// A binary success, or the error enum's decoding of any status outside `2xx`.
pub fn bytes<E: ErrorResponses>(
    _runtime: &Runtime,
    response: Response,
) -> Result<ResponseValue<Bytes>, Error<E>> {
    success_or_error(response, Response::bytes)
}

/// A success without a documented body (any body is ignored), or the error enum's decoding
/// of any status outside `2xx`.
pub fn empty<E: ErrorResponses>(
    _runtime: &Runtime,
    response: Response,
) -> Result<ResponseValue<()>, Error<E>> {
    success_or_error(response, Response::empty)
}

/// `decode` for a `2xx` status, the error enum's decoding for any other.
fn success_or_error<T, E: ErrorResponses>(
    response: Response,
    decode: impl FnOnce(Response) -> Result<ResponseValue<T>, Error<E>>,
) -> Result<ResponseValue<T>, Error<E>> {
    if response.status().is_success() {
        decode(response)
    } else {
        Err(response.error())
    }
}
