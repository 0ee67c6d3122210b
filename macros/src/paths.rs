//! The path generated code uses to reach the runtime: `::axum_jwt_login`, or the
//! one given with `crate = path` for a renamed dependency.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// `::axum_jwt_login` unless overridden.
#[derive(Clone)]
pub(crate) struct CratePath(Option<syn::Path>);

impl CratePath {
    pub(crate) fn new(path: Option<syn::Path>) -> Self {
        CratePath(path)
    }

    /// `<crate>::__private`, the only door generated code goes through.
    pub(crate) fn private(&self) -> TokenStream {
        quote!(#self::__private)
    }
}

impl ToTokens for CratePath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match &self.0 {
            Some(path) => path.to_tokens(tokens),
            None => quote!(::axum_jwt_login).to_tokens(tokens),
        }
    }
}

/// `crate = path` or `crate = "path"` (both forms, as serde and tokio take them).
pub(crate) fn parse_crate_path(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<syn::Path> {
    let expected = || {
        meta.error("`crate = ...` takes the path of axum-jwt-login, e.g. `crate = auth` or `crate = \"auth\"`")
    };
    let value = meta.value().map_err(|_| expected())?;
    if value.peek(syn::LitStr) {
        let literal: syn::LitStr = value.parse()?;
        literal.parse().map_err(|_| expected())
    } else {
        value.parse().map_err(|_| expected())
    }
}
