//! Emits `src/client.rs`: environments, server tables, credentials, and the `Client` with one
//! method per operation, which returns the runtime's `Call` future.

use super::docs::{doc_attrs, doc_attrs_opt};
use super::groups::Groups;
use super::operations::operation_method;
use super::validation::Validation;
use super::Piece;
use crate::model::{Api, SchemeKind};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The pieces of `src/client.rs`: its items, then the `impl Client` block whose methods are
/// formatted one at a time.
pub(super) fn client_file(api: &Api, groups: &Groups, validation: &Validation) -> Vec<Piece> {
    let environment = environment_enum(api);
    let servers = api.server_sets.iter().enumerate().map(|(i, set)| {
        let name = format_ident!("SERVERS_{}", i);
        let entries = set.servers.iter().map(|server| {
            let environment = &server.environment;
            let url = &server.url;
            let variables = server.variables.iter().map(|v| {
                let name = &v.name;
                let default = &v.default;
                let allowed = &v.allowed;
                let required = v.required;
                quote!(rt::ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*], required: #required })
            });
            quote!(rt::Server { environment: #environment, url: #url, variables: &[#(#variables),*] })
        });
        // A server list that only some groups' operations use is compiled with those groups.
        let cfg = if i == api.root_servers {
            TokenStream::new()
        } else {
            groups.used_by_cfg(
                api.operations
                    .iter()
                    .enumerate()
                    .filter(|(_, op)| op.servers == i)
                    .map(|(index, _)| index),
            )
        };
        quote!(#cfg static #name: &[rt::Server] = &[#(#entries),*];)
    });
    let credentials = credentials(api);
    let root = format_ident!("SERVERS_{}", api.root_servers);
    let required = api
        .schemes_every_operation_needs()
        .into_iter()
        .map(|scheme| {
            let name = &scheme.name;
            let setter = &scheme.rust_name;
            quote!(rt::RequiredCredential { scheme: #name, setter: #setter })
        })
        .collect::<Vec<_>>();
    let (required_static, require) = if required.is_empty() {
        (TokenStream::new(), TokenStream::new())
    } else {
        (
            quote! {
                /// The credentials that every operation needs; `build()` fails without them.
                static REQUIRED_CREDENTIALS: &[rt::RequiredCredential] = &[#(#required),*];
            },
            quote!(.required_credentials(REQUIRED_CREDENTIALS)),
        )
    };
    let methods = api.operations.iter().enumerate().map(|(index, op)| {
        let cfg = groups.operation_cfg(index);
        let method = operation_method(api, index, op, validation);
        quote!(#cfg #method)
    });
    let param_rules = validation.param_rules_statics(groups);
    let checked_json = validation.checked_json_imports(api);
    let items = quote! {
        //! The client: environments, credentials and one method per operation.
        use ::clientgen_runtime as rt;
        #[allow(unused_imports)]
        use crate::types;
        #checked_json

        #environment
        #(#servers)*
        #credentials
        #required_static
        #param_rules

        /// The API client. Cheap to clone; clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            runtime: rt::Runtime,
        }

        /// Configures a [`Client`]: environment or base URL, server variables, retries and timeouts.
        pub type ClientBuilder = rt::ClientBuilder<Client, Environment>;

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client").field("runtime", &self.runtime).finish()
            }
        }

        impl rt::FromRuntime for Client {
            fn from_runtime(runtime: rt::Runtime) -> Self {
                Self { runtime }
            }
        }
    };
    let constructors = quote! {
        /// A client for `environment` with the default settings.
        ///
        /// Fails when the environment's server needs a variable that has no default, or
        /// when a credential that every operation needs is missing; see [`ClientBuilder::build`].
        pub fn new(environment: Environment, credentials: Credentials) -> Result<Self, rt::BuildError> {
            Self::builder(environment, credentials).build()
        }

        /// A builder for a client, to set a base URL, server variables, retries or timeouts.
        pub fn builder(environment: Environment, credentials: Credentials) -> ClientBuilder {
            rt::ClientBuilder::new(environment, #root, credentials.set)#require
        }

        /// The runtime that sends this client's requests.
        pub fn runtime(&self) -> &rt::Runtime {
            &self.runtime
        }
    };
    vec![
        Piece::Items(items),
        Piece::Impl {
            head: quote!(impl Client),
            items: std::iter::once(constructors).chain(methods).collect(),
        },
    ]
}

fn environment_enum(api: &Api) -> TokenStream {
    let default = api
        .server_sets
        .get(api.root_servers)
        .and_then(|set| set.servers.first())
        .map(|s| s.environment.clone());
    let variants = api.environments.iter().map(|e| {
        let rust = ident(&e.rust_name);
        let doc = doc_attrs_opt(e.doc.as_deref());
        let marker = if Some(&e.name) == default.as_ref() {
            quote!(#[default])
        } else {
            TokenStream::new()
        };
        quote!(#doc #marker #rust,)
    });
    let arms = api.environments.iter().map(|e| {
        let rust = ident(&e.rust_name);
        let name = &e.name;
        quote!(Self::#rust => #name,)
    });
    quote! {
        /// The environments that the spec's servers define; the default is the first server.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Environment {
            #(#variants)*
        }

        impl rt::Environment for Environment {
            fn name(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn credentials(api: &Api) -> TokenStream {
    let setters = api.security_schemes.iter().map(|scheme| {
        let method = ident(&scheme.rust_name);
        let name = &scheme.name;
        let (how, args, call) = match &scheme.kind {
            SchemeKind::Header { header } => (
                format!("Sends the `{header}` header (security scheme `{name}`)."),
                quote!(value: &str),
                quote!(self.set.insert_header(#name, #header, value)?;),
            ),
            SchemeKind::Query { param } => (
                format!("Sends the `{param}` query parameter (security scheme `{name}`)."),
                quote!(value: &str),
                quote!(self.set.insert_query(#name, #param, value)?;),
            ),
            SchemeKind::Cookie { cookie } => (
                format!("Sends the `{cookie}` cookie (security scheme `{name}`)."),
                quote!(value: &str),
                quote!(self.set.insert_cookie(#name, #cookie, value)?;),
            ),
            SchemeKind::Bearer => (
                format!("Sends `Authorization: Bearer <token>` (security scheme `{name}`)."),
                quote!(token: &str),
                quote!(self.set.insert_bearer(#name, token)?;),
            ),
            SchemeKind::Basic => (
                format!("Sends HTTP Basic authentication (security scheme `{name}`)."),
                quote!(username: &str, password: &str),
                quote!(self.set.insert_basic(#name, username, password)?;),
            ),
        };
        let text = match &scheme.doc {
            Some(d) => format!("{how}\n\n{d}\n\nFails, without echoing the value, when it cannot be sent in a header."),
            None => format!("{how}\n\nFails, without echoing the value, when it cannot be sent in a header."),
        };
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub fn #method(mut self, #args) -> Result<Self, rt::CredentialError> {
                #call
                Ok(self)
            }
        }
    });
    quote! {
        /// The credentials that requests carry. `Debug` names the schemes that are set, never the values.
        #[derive(Clone, Default)]
        pub struct Credentials {
            set: rt::CredentialSet,
        }

        impl Credentials {
            /// No credentials yet; add them with the `with_` methods.
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple("Credentials").field(&self.set).finish()
            }
        }
    }
}
