//! Adversarial tests of credentials: values with a newline, a control character or text outside
//! ASCII are refused by every credential method of the four vendors, without panicking and
//! without echoing the value.

use clientgen_runtime::CredentialError;

/// Tries `value` with every credential method of the four vendors, returning each outcome with
/// the error that a refused value must give.
fn every_credential_method(value: &str) -> [(Result<(), CredentialError>, CredentialError); 6] {
    let refused = |scheme: &'static str| CredentialError::InvalidValue { scheme };
    [
        (
            vectorcare_client::Credentials::new()
                .with_bearer_auth(value)
                .map(drop),
            refused("bearerAuth"),
        ),
        (
            carecycle_client::Credentials::new()
                .with_api_key(value)
                .map(drop),
            refused("apiKey"),
        ),
        (
            carevalidate_client::Credentials::new()
                .with_api_key(value)
                .map(drop),
            refused("apiKey"),
        ),
        (
            vsee_client::Credentials::new()
                .with_api_token(value)
                .map(drop),
            refused("apiToken"),
        ),
        (
            vsee_client::Credentials::new()
                .with_account_code(value)
                .map(drop),
            refused("accountCode"),
        ),
        (
            vsee_client::Credentials::new()
                .with_api_key(value)
                .map(drop),
            refused("apiKey"),
        ),
    ]
}

/// Asserts that every credential method refuses `value` with its scheme, without echoing it.
fn assert_refused_everywhere(value: &str) {
    for (result, expected) in every_credential_method(value) {
        let error = result.expect_err("a hostile credential is refused");
        assert_eq!(error, expected, "{value:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("secret"), "the value is echoed: {shown}");
    }
}

#[test]
fn credentials_with_a_newline_or_control_character_are_refused_without_panicking() {
    for value in [
        "secret\nX-Injected: 1",
        "secret\r\nX-Injected: 1",
        "secret\r",
        "secret\u{0}",
        "secret\u{7f}",
    ] {
        assert_refused_everywhere(value);
    }
}

#[test]
fn credentials_outside_ascii_are_refused_as_documented() {
    assert_refused_everywhere("s\u{e9}cret");
}
