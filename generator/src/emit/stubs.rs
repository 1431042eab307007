//! Emits `src/stubs.rs`, compiled only with the crate's `test-util` feature: a `Stubs` type with
//! one typed accessor per operation (named as on `Client`), over the runtime's in-process
//! stubs, and a client whose requests go to them.

use super::groups::Groups;
use super::operations::success_type;
use crate::model::{Api, MediaKind, SchemeKind, StatusKey};
use crate::naming::{ident, Scope};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The secret that a stubbed client's credentials hold.
const STUB_SECRET: &str = "stub-credential";

/// The whole `stubs.rs` body.
pub fn stubs_file(api: &Api, groups: &Groups) -> TokenStream {
    let mut names = Scope::with_reserved(&["new", "client", "client_builder", "sent"]);
    let accessors = api.operations.iter().enumerate().map(|(index, op)| {
        let cfg = groups.operation_cfg(index);
        let method = ident(&names.claim(&op.rust_name));
        let id = &op.id;
        let success = op.responses.iter().find(|r| r.success);
        let status = Literal::u16_unsuffixed(match success.map(|r| r.status) {
            Some(StatusKey::Code(code)) if (200..300).contains(&code) => code,
            _ => 200,
        });
        let json_body = success
            .and_then(|r| r.body.as_ref())
            .filter(|body| matches!(body.media, MediaKind::Json(_)) && op.response_type.is_none());
        let (ty, body) = match json_body {
            Some(body) => {
                let ty = success_type(api, op);
                let kind = match &body.envelope {
                    Some(member) => quote!(SuccessBody::JsonInEnvelope(#member)),
                    None => quote!(SuccessBody::Json),
                };
                (ty, kind)
            }
            None => (quote!(()), quote!(SuccessBody::Empty)),
        };
        let doc = format!(
            " Answers and requests of [`Client::{0}`](crate::Client::{0}) (operation `{id}`).",
            op.rust_name
        );
        quote! {
            #cfg
            #[doc = #doc]
            pub fn #method(&self) -> OperationStub<'_, #ty> {
                self.stubs.operation(#id, #status, #body)
            }
        }
    });
    let credentials = api.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.rust_name);
        match scheme.kind {
            SchemeKind::Basic => quote!(.#setter(#STUB_SECRET, #STUB_SECRET)?),
            _ => quote!(.#setter(#STUB_SECRET)?),
        }
    });
    quote! {
        //! In-process stubs of this API for tests of code that calls it: the `test-util` feature.
        use ::clientgen_runtime as rt;
        #[allow(unused_imports)]
        use crate::types;
        use crate::{Client, ClientBuilder, Credentials, Environment};
        #[allow(unused_imports)]
        use rt::test_util::{OperationStub, SuccessBody};

        /// Stubbed answers for each operation, and clients whose requests go to them instead of
        /// the network: no socket is opened, and retries, credentials and decoding run as they
        /// do for real traffic.
        ///
        /// Each call of an operation's method queues one answer, so a sequence (a `429`, then
        /// the success) is one call per attempt. An operation with no answer left gets
        /// `501 Not Implemented`. Waits use tokio's clock: under
        /// `#[tokio::test(start_paused = true)]` retries and delays take no real time.
        #[derive(Debug, Clone, Default)]
        pub struct Stubs {
            stubs: rt::test_util::Stubs,
        }

        impl Stubs {
            /// Stubs with no answers.
            pub fn new() -> Self {
                Self::default()
            }

            /// A client for the default environment whose requests go to these stubs, with a
            /// placeholder credential for every security scheme.
            pub fn client(&self) -> Result<Client, Box<dyn ::std::error::Error + Send + Sync>> {
                let credentials = Credentials::new() #(#credentials)*;
                Ok(self.client_builder(Environment::default(), credentials).build()?)
            }

            /// A builder of such a client, to change its retry policy, timeouts or credentials.
            pub fn client_builder(&self, environment: Environment, credentials: Credentials) -> ClientBuilder {
                Client::builder(environment, credentials)
                    .base_url("http://127.0.0.1")
                    .transport(self.stubs.clone())
            }

            /// Every request received, in order, retries included; credentials redacted.
            pub fn sent(&self) -> Vec<rt::test_util::SentRequest> {
                self.stubs.sent()
            }

            #(#accessors)*
        }
    }
}
