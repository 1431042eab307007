//! Collects the outcome of every conformance call, so one run reports every failure at once.

use clientgen_runtime::{Error, ResponseValue};

/// The header in which Prism lists the ways a request (or its own mock response) violates the spec.
const VIOLATIONS: &str = "sl-violations";

/// The violations located in the request, if Prism reported any. Violations located in the
/// response are about Prism's own generated mock data, not about the client.
fn request_violations(headers: &clientgen_runtime::HeaderMap) -> Option<String> {
    let text = String::from_utf8_lossy(headers.get(VIOLATIONS)?.as_bytes()).into_owned();
    text.contains(r#""location":["request""#).then_some(text)
}

/// The results of a conformance run.
#[derive(Debug, Default)]
pub struct Report {
    checks: usize,
    failures: Vec<String>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report::default()
    }

    /// A call that must succeed (any documented success status) without a violation.
    pub fn success<T, E>(&mut self, operation: &str, result: Result<ResponseValue<T>, Error<E>>) {
        self.success_status(operation, None, result);
    }

    /// A call that must succeed with `status` (or any success when `None`) without a violation.
    pub fn success_status<T, E>(
        &mut self,
        operation: &str,
        status: Option<u16>,
        result: Result<ResponseValue<T>, Error<E>>,
    ) {
        self.checks += 1;
        let label = match status {
            Some(status) => format!("{operation} ({status})"),
            None => operation.to_string(),
        };
        match result {
            Ok(value) => {
                if let Some(violations) = request_violations(value.headers()) {
                    self.failures
                        .push(format!("{label}: request violates the spec: {violations}"));
                } else if status.is_some_and(|s| value.status().as_u16() != s) {
                    self.failures
                        .push(format!("{label}: answered {} instead", value.status()));
                }
            }
            Err(error) => self.failures.push(failure(&label, &error)),
        }
    }

    /// A call answered with the documented error `status`, which must decode into the typed
    /// variant that `is_variant` recognises, without a request violation.
    pub fn error<T, E>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<ResponseValue<T>, Error<E>>,
        is_variant: impl Fn(&E) -> bool,
    ) {
        self.checks += 1;
        let label = format!("{operation} ({status})");
        match result {
            Err(Error::Api(api)) => {
                if let Some(violations) = request_violations(api.headers()) {
                    self.failures
                        .push(format!("{label}: request violates the spec: {violations}"));
                } else if api.status().as_u16() != status {
                    self.failures
                        .push(format!("{label}: answered {} instead", api.status()));
                } else if !is_variant(api.error()) {
                    self.failures
                        .push(format!("{label}: decoded into the wrong variant"));
                }
            }
            Err(error) => self.failures.push(failure(&label, &error)),
            Ok(value) => self.failures.push(format!(
                "{label}: expected the documented error, got success {}",
                value.status()
            )),
        }
    }

    /// How many calls were checked.
    pub fn checks(&self) -> usize {
        self.checks
    }

    /// The failures so far.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Panics with every failure, if there are any.
    pub fn finish(self) {
        assert!(self.checks > 0, "the conformance run checked nothing");
        if !self.failures.is_empty() {
            panic!(
                "{} of {} conformance checks failed:\n{}",
                self.failures.len(),
                self.checks,
                self.failures.join("\n")
            );
        }
    }
}

/// A failed call, with Prism's violations when it reported any.
fn failure<E>(label: &str, error: &Error<E>) -> String {
    let violations = error.headers().and_then(request_violations);
    // The raw body is the mock's own output, not patient data; it says why Prism answered so.
    let body = error.raw_body().map(|b| {
        String::from_utf8_lossy(b)
            .chars()
            .take(400)
            .collect::<String>()
    });
    let detail = match error {
        Error::Decode(decode) => format!(" at `{}`: {}", decode.path(), decode.detail()),
        _ => String::new(),
    };
    match violations {
        Some(violations) => format!("{label}: request violates the spec: {violations}"),
        None => format!(
            "{label}: {error}{detail}{}",
            body.map(|b| format!("\n    body: {b}")).unwrap_or_default()
        ),
    }
}
